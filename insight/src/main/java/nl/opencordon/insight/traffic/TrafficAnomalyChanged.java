package nl.opencordon.insight.traffic;

import java.time.Instant;
import nl.opencordon.actors.CborSerializable;

/**
 * Published on the event stream when a camera that says it is up starts or stops reading far off its
 * expected traffic, so metrics follow without polling.
 */
public record TrafficAnomalyChanged(String cameraId, boolean anomalous, String detail, Instant at)
    implements CborSerializable {}
