package nl.opencordon.actors.zone;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import nl.opencordon.actors.CborSerializable;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.Site;
import nl.opencordon.domain.VehicleFacts;
import nl.opencordon.domain.Verdict;

/**
 * A vehicle seen at a gate or by a scan car, with the verdict the gate reached. It becomes part of a case
 * only when it is a violation; otherwise it is forgotten once the zone has answered.
 *
 * @param site the camera's site at the moment of the passage, kept in the case even if the camera moves
 */
public record Sighting(String passageId, Source source, Plate plate, String plateHash, Instant at,
                       String cameraId, Site site, Verdict verdict, Optional<VehicleFacts> facts,
                       List<String> evidenceRefs) implements CborSerializable {

  public enum Source { ENTRY, EXIT, SCAN }

  public Sighting {
    evidenceRefs = List.copyOf(evidenceRefs);
  }

  /** The calendar day in Europe/Amsterdam: "one fine per day" counts local days. */
  public LocalDate localDay() {
    return at.atZone(Passage.LOCAL).toLocalDate();
  }
}
