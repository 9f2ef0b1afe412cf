package nl.opencordon.enforcement;

import java.io.IOException;
import nl.opencordon.actors.zone.Zone;

/**
 * Port: the image behind an evidence reference a camera or simulator put in a sighting. The chain copies it
 * into the evidence store when the case is written, so the case no longer depends on the camera keeping it.
 */
@FunctionalInterface
public interface EvidenceSource {
  /** The image bytes (PNG or JPEG) of {@code ref}, one of the sighting's evidence references. */
  Image fetch(String ref, Zone.CaseOpened theCase) throws IOException;

  record Image(byte[] content, String mediaType) {}
}
