package nl.opencordon.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One vehicle seen by one camera (passage), with the fields municipal tenders ask for. A passage lives in
 * memory only: it is never written to disk unless it becomes evidence of a case.
 *
 * @param id unique id given by the camera; a resent passage carries the same id
 * @param direction the direction of travel the camera reported; null when it reported none, which is its
 *     lane's (the site's direction: a mobile camera's site is where it stands now)
 * @param plateHash keyed hash of the plate ({@link PlateHasher})
 * @param confidence confidence of the whole read, 0..1
 * @param charConfidences confidence per character of {@code plate.text()}, 0..1
 * @param belowThreshold true when the read was below the camera's confidence threshold
 * @param imageRefs references of the overview and plate images in the evidence store or camera
 * @param speedKmh measured speed, when the camera measures it
 */
public record Passage(String id, Instant at, String cameraId, String siteCode, int lane, String direction,
                      GeoPoint position, String plateAsRead, Plate plate, String plateHash,
                      VehicleCategory category, double confidence, List<Double> charConfidences,
                      boolean belowThreshold, List<String> imageRefs, Optional<Double> speedKmh) {

  public static final ZoneId LOCAL = ZoneId.of("Europe/Amsterdam");

  public Passage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(cameraId, "cameraId");
    Objects.requireNonNull(plate, "plate");
    charConfidences = List.copyOf(charConfidences);
    imageRefs = List.copyOf(imageRefs);
    if (confidence < 0 || confidence > 1) {
      throw new IllegalArgumentException("confidence must be within 0..1");
    }
  }

  /** Local (Europe/Amsterdam) time of the passage, as shown to officers. */
  public ZonedDateTime localTime() {
    return at.atZone(LOCAL);
  }

  public String country() {
    return plate.country();
  }

  /**
   * Whether the read is too uncertain to fine on: the camera flagged it, or its confidence is under the case
   * threshold ({@code anpr.actors.camera.confidence-threshold}). A read at the threshold is good enough.
   */
  public boolean below(double threshold) {
    return belowThreshold || confidence < threshold;
  }
}
