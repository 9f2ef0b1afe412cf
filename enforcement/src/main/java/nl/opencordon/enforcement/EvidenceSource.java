package nl.opencordon.enforcement;

import java.io.IOException;
import nl.opencordon.actors.zone.Zone;

/**
 * Port: the image behind an evidence reference that the gate did not keep in the evidence store (a camera's
 * URL, a simulator's name). The intake copies it into the store when the case is written, so the case no
 * longer depends on the camera keeping it.
 */
@FunctionalInterface
public interface EvidenceSource {
  /**
   * The image bytes of {@code ref}, one of the sighting's evidence references.
   *
   * @throws IOException when there is no picture behind it; the message says why, without the plate
   */
  Image fetch(String ref, Zone.CaseOpened theCase) throws IOException;

  /** This source, and {@code fallback} for a reference it has no picture for. */
  default EvidenceSource orElse(EvidenceSource fallback) {
    return (ref, theCase) -> {
      try {
        return fetch(ref, theCase);
      } catch (IOException e) {
        return fallback.fetch(ref, theCase);
      }
    };
  }

  record Image(byte[] content, String mediaType) {}
}
