package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.opencordon.actors.zone.Sighting;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.Site;
import nl.opencordon.domain.Verdict;
import nl.opencordon.enforcement.cases.CaseRecord;
import org.junit.jupiter.api.Test;

/** The case row states what the sighting proves: its kind of camera's observation, and where it was seen. */
class CaseIntakeTest {
  static final Site SCAN_SITE = new Site("H-SCAN", "Oudegracht", "noord", new GeoPoint(52.09, 5.121), null);

  private static CaseRecord record(Sighting.Source source, Optional<GeoPoint> position) {
    Sighting s = new Sighting("p-1", source, Plate.dutch("VX-123-B"), "hash", Instant.parse("2025-03-03T09:00:00Z"),
        "scan-1", SCAN_SITE, Verdict.of(Verdict.Outcome.NOT_ALLOWED, "ZE-3", "van with emission class 4"),
        Optional.empty(), List.of(), Optional.empty(), Optional.of(0.9), position);
    return CaseIntake.toRecord(new Zone.CaseOpened("c-1", Zone.CaseKind.FINE, "ze", s));
  }

  @Test
  void aScanCarsCaseCarriesThePositionItSentAndSaysItSawTheVehicleInside() {
    CaseRecord scan = record(Sighting.Source.SCAN, Optional.of(new GeoPoint(52.0912, 5.1234)));
    assertEquals(new GeoPoint(52.0912, 5.1234), scan.position());
    assertEquals("Ik zag vanuit de scanauto dat het voertuig zich in de zone bevond, op de Oudegracht, richting noord.",
        scan.observationText());
    assertEquals(0.9, scan.readConfidence());
  }

  @Test
  void anExitCamerasCaseSaysTheVehicleLeftAndAnOldSightingTakesTheSitesPosition() {
    CaseRecord exit = record(Sighting.Source.EXIT, Optional.empty());
    assertEquals("Ik zag dat het voertuig reed op de Oudegracht, richting noord, en de zone verliet.",
        exit.observationText());
    assertEquals(SCAN_SITE.position(), exit.position());
    assertEquals("Ik zag dat het voertuig reed op de Oudegracht, richting noord, en de zone binnenreed.",
        record(Sighting.Source.ENTRY, Optional.empty()).observationText());
  }
}
