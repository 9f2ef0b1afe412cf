package nl.opencordon.controller;

import static nl.opencordon.controller.TestTraffic.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import nl.opencordon.domain.CityBuilder;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Exemption;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.Plate;
import nl.opencordon.persistence.TestDatabase;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole chain from camera to case on a real PostgreSQL: the zone rules as a municipality configures
 * them, fed through the camera actors the way drivers feed them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CityPipelineIT {
  private static final String CITY = CityBuilder.entryAndScanCar("Teststad", CityBuilder.NATIONAL_ZE,
          CityBuilder.PHASED_2025)
      .zone("voetgangers", "Voetgangersgebied", CityBuilder.MOPEDS_ONLY, CityBuilder.ENFORCED_2025,
          "enforcement-windows = [{ from = \"07:00\", to = \"19:00\" }]")
      .gate("vg-in", "voetgangers", "entry", 52.08, 5.11)
      .camera("vg-1", "vg-in", "T-VG", "Steenweg", "oost")
      .hocon();

  private final CityLayout layout = TestControllers.city(CITY);
  private final TestTraffic traffic = new TestTraffic(layout);
  private final ExemptionRegistry exemptions = new ExemptionRegistry();
  private ControllerOnDatabase node;
  private Controller controller;
  private TestProbe<Object> probe;

  @BeforeAll
  void start() throws Exception {
    node = ControllerOnDatabase.start(TestControllers.config(""), layout,
        TestControllers.adapters(traffic.register(), exemptions));
    controller = node.controller();
    probe = TestProbe.create(controller.system());
  }

  @AfterAll
  void stop() throws Exception {
    node.close();
  }

  private List<String> casesOf(Plate plate) throws Exception {
    // The cases projections follow the journal asynchronously: wait until the read model has the case.
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(journalCases(plate), rows(plate).size());
      return null;
    });
    return rows(plate);
  }

  private List<String> rows(Plate plate) throws Exception {
    return controller.cases().list(null, 1000).stream().filter(c -> c.plate().equals(plate.text()))
        .map(c -> c.zoneId() + "/" + c.source() + "/" + c.localDay() + "/" + c.locationCode()).toList();
  }

  private int journalCases(Plate plate) throws Exception {
    return journalPayloads().stream().mapToInt(p -> p.contains(plate.text()) ? 1 : 0).sum();
  }

  private List<String> journalPayloads() throws Exception {
    return TestDatabase.bytesAsText(node.database().dataSource(), "SELECT event_payload FROM event_journal");
  }

  /** A scan car and a fixed camera see a van on one day: one case, made by whichever saw it first, at its site. */
  @ParameterizedTest
  @CsvSource({"VB-001-X, ze-1, scan-1, 2025-03-03, ze/ENTRY/2025-03-03/H-01",
      "VB-002-X, scan-1, ze-1, 2025-03-04, ze/SCAN/2025-03-04/H-SCAN"})
  void scanCarAndFixedCameraOnTheSameDayMakeOneCaseWithTheFirstSite(String van, String first, String second,
                                                                     String day, String theCase) throws Exception {
    Plate plate = traffic.van(van);
    traffic.pass(controller, first, plate, local(day + "T08:15"));
    traffic.pass(controller, second, plate, local(day + "T14:40"));
    assertEquals(List.of(theCase), casesOf(plate));
  }

  @Test
  void theDayBoundaryIsMidnightInAmsterdam() throws Exception {
    Plate plate = traffic.van("VB-003-X");
    // 00:10 local on 03-12 is 23:10 UTC on 03-11: counted in local days it is the 7th day after the fine of
    // 03-05, past the recidive term of 7 days, so a case; counted in UTC days it would lie inside the term.
    traffic.pass(controller, "ze-1", plate, local("2025-03-05T23:50"));
    traffic.pass(controller, "ze-1", plate, local("2025-03-12T00:10"));
    assertEquals(Set.of("ze/ENTRY/2025-03-05/H-01", "ze/ENTRY/2025-03-12/H-01"), Set.copyOf(casesOf(plate)));
  }

  @Test
  void enforcementStartsFiveMinutesAfterTheWindowOpensAndStopsFiveMinutesBeforeItCloses() throws Exception {
    Plate early = traffic.van("VB-010-X");
    Plate onTime = traffic.van("VB-011-X");
    Plate late = traffic.van("VB-012-X");
    Plate lastMinute = traffic.van("VB-013-X");
    traffic.pass(controller, "vg-1", early, local("2025-03-03T07:04:59"));
    traffic.pass(controller, "vg-1", onTime, local("2025-03-03T07:05"));
    traffic.pass(controller, "vg-1", lastMinute, local("2025-03-03T18:54:59"));
    traffic.pass(controller, "vg-1", late, local("2025-03-03T18:55"));
    assertEquals(List.of(), casesOf(early));
    assertEquals(1, casesOf(onTime).size());
    assertEquals(1, casesOf(lastMinute).size());
    assertEquals(List.of(), casesOf(late));
  }

  @Test
  void anExemptionCountsOnlyWithinItsValidityPeriod() throws Exception {
    Plate plate = traffic.van("VB-020-X");
    Plate before = traffic.van("VB-021-X"); // a second van, as a fine starts a recidive term of a week
    for (Plate p : List.of(plate, before)) {
      exemptions.put(Exemption.forPlate("ex-" + p.text(), "ze", p, LocalDate.of(2025, 3, 10),
          LocalDate.of(2025, 3, 12), "bevoorrading"));
    }
    traffic.pass(controller, "ze-1", plate, local("2025-03-10T00:01"));
    traffic.pass(controller, "ze-1", plate, local("2025-03-12T23:59"));
    assertEquals(List.of(), casesOf(plate));
    traffic.pass(controller, "ze-1", plate, local("2025-03-13T00:01"));
    traffic.pass(controller, "ze-1", before, local("2025-03-09T23:59"));
    assertEquals(List.of("ze/ENTRY/2025-03-13/H-01"), casesOf(plate));
    assertEquals(List.of("ze/ENTRY/2025-03-09/H-01"), casesOf(before));
  }

  @Test
  void compliantForeignAndUnknownVehiclesLeaveNoTraceInTheDatabase() throws Exception {
    Plate clean = traffic.electricVan("VB-030-X");
    Plate foreign = Plate.of("B123XYZ", "D");
    Plate unknown = Plate.dutch("VB-031-X");
    traffic.pass(controller, "ze-1", clean, local("2025-03-03T10:00"));
    traffic.pass(controller, "scan-1", foreign, local("2025-03-03T10:01"));
    traffic.pass(controller, "ze-1", unknown, local("2025-03-03T10:02"));
    for (Plate p : List.of(clean, foreign, unknown)) {
      assertEquals(List.of(), casesOf(p));
      assertFalse(journalPayloads().stream().anyMatch(j -> j.contains(p.text())), p + " reached the journal");
    }
  }
}
