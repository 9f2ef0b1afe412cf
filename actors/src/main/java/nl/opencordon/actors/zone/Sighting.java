package nl.opencordon.actors.zone;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import nl.opencordon.actors.CborSerializable;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.Site;
import nl.opencordon.domain.VehicleCategory;
import nl.opencordon.domain.VehicleFacts;
import nl.opencordon.domain.Verdict;

/**
 * A vehicle seen at a gate or by a scan car, with the verdict the gate reached. It becomes part of a case
 * only when it is a violation; otherwise it is forgotten once the zone has answered.
 *
 * @param site the camera's site at the moment of the passage, kept in the case even if the camera moves
 * @param seenCategory the vehicle category the camera saw in its picture, for a violation (the officer
 *     compares it with the register's); empty otherwise, and in events written before it was kept
 * @param readConfidence the camera's confidence in its read of the plate (0..1), for a violation (the officer
 *     looks twice at a doubtful read); empty otherwise, and in events written before it was kept
 * @param position where the vehicle was seen, for a violation: the position a scan car sent with its
 *     passage, the site's position for a fixed camera; empty otherwise, and in events written before it was
 *     kept (the site's position stands for it then)
 */
public record Sighting(String passageId, Source source, Plate plate, String plateHash, Instant at,
                       String cameraId, Site site, Verdict verdict, Optional<VehicleFacts> facts,
                       List<String> evidenceRefs, Optional<VehicleCategory> seenCategory,
                       Optional<Double> readConfidence, Optional<GeoPoint> position) implements CborSerializable {

  public enum Source { ENTRY, EXIT, SCAN }

  public Sighting {
    evidenceRefs = List.copyOf(evidenceRefs);
    seenCategory = seenCategory == null ? Optional.empty() : seenCategory; // absent in older events
    readConfidence = readConfidence == null ? Optional.empty() : readConfidence; // absent in older events
    position = position == null ? Optional.empty() : position; // absent in older events
  }

  /** A sighting without the camera's read confidence and position. */
  public Sighting(String passageId, Source source, Plate plate, String plateHash, Instant at, String cameraId,
                  Site site, Verdict verdict, Optional<VehicleFacts> facts, List<String> evidenceRefs,
                  Optional<VehicleCategory> seenCategory) {
    this(passageId, source, plate, plateHash, at, cameraId, site, verdict, facts, evidenceRefs, seenCategory,
        Optional.empty(), Optional.empty());
  }

  /** A sighting without the camera's category. */
  public Sighting(String passageId, Source source, Plate plate, String plateHash, Instant at, String cameraId,
                  Site site, Verdict verdict, Optional<VehicleFacts> facts, List<String> evidenceRefs) {
    this(passageId, source, plate, plateHash, at, cameraId, site, verdict, facts, evidenceRefs, Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  /** Where the vehicle was seen: the position sent with the passage, else the site's. */
  public GeoPoint seenAt() {
    return position.orElse(site.position());
  }

  /** The second observation text of this sighting's kind of camera, from its site. */
  public String observationText() {
    return site.observationText(switch (source) {
      case ENTRY -> CityLayout.GateKind.ENTRY;
      case EXIT -> CityLayout.GateKind.EXIT;
      case SCAN -> CityLayout.GateKind.SCAN;
    });
  }

  /** This sighting with its pictures under other references (where the gate stored them). */
  public Sighting withEvidenceRefs(List<String> refs) {
    return new Sighting(passageId, source, plate, plateHash, at, cameraId, site, verdict, facts, refs, seenCategory,
        readConfidence, position);
  }

  /** The calendar day in Europe/Amsterdam: "one fine per day" counts local days. */
  public LocalDate localDay() {
    return at.atZone(Passage.LOCAL).toLocalDate();
  }
}
