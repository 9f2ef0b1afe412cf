package nl.opencordon.controller.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import nl.opencordon.controller.TestControllers;
import nl.opencordon.domain.CityBuilder;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Plate;
import nl.opencordon.enforcement.CasePolicy;
import nl.opencordon.enforcement.Enforcement;
import nl.opencordon.enforcement.EvidenceFetcher;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.TestDatabase;
import nl.opencordon.vehicleregister.rdw.RdwClient;
import nl.opencordon.vehicleregister.rdw.RdwTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 item 15, fresh facts: before a new case is written its vehicle is looked up again at the RDW API (here
 * the stand-in serving RDW's real answers for TT601D, a 2013 diesel Euro 5 passenger car), as the production
 * controller wires it. Where those facts make it no violation the case is not written (FACTS_CHANGED); where they
 * still do, or the API does not answer, it is.
 */
class FreshFactsIT {
  private static final CityLayout CITY = CityBuilder.named("x")
      .zone("groen", "n", "regime { type = milieuzone, min-diesel-light-class = 4, min-diesel-heavy-class = 6 }",
          CityBuilder.ENFORCED_2025)
      .zone("dicht", "n", "regime { type = closed-area, allowed-categories = [bus] }", CityBuilder.ENFORCED_2025)
      .gate("groen-in", "groen", "entry", 52.0, 5.0)
      .gate("dicht-in", "dicht", "entry", 52.0, 5.1)
      .camera("groen-1", "groen-in", "G-01", "Eerste", "noord")
      .camera("dicht-1", "dicht-in", "D-01", "Tweede", "noord")
      .layout();
  private static Database database;
  private static RdwTestServer rdw;
  private static CasePolicy policy;

  @BeforeAll
  static void start() throws Exception {
    database = Database.open(TestDatabase.freshSchema());
    rdw = new RdwTestServer();
    Enforcement enforcement = Enforcement.create(TestControllers.config("""
            anpr.enforcement.lawful.require-site-approval = false
            """).getConfig("anpr.enforcement"), database.dataSource(), CITY, EvidenceFetcher.Listener.NONE, 0.8,
        RdwClient.create(rdw.settings(""))::lookup, Clock.systemUTC());
    policy = enforcement.policy();
  }

  @AfterAll
  static void stop() {
    rdw.close();
    database.close();
  }

  private static String decide(String zone, String camera, String site, String plate) throws Exception {
    CasePolicy.Decision d = policy.decideNew(new CasePolicy.Violation(zone, camera, site,
        Instant.parse("2026-06-01T10:00:00Z"), Optional.of(0.95), Plate.dutch(plate)));
    return d.outcome() + d.withdrawnAs().map(w -> ":" + w).orElse("");
  }

  @Test
  void aCaseWhoseVehicleTheApiNowShowsCompliantIsNotWrittenAndOneStillInViolationIs() throws Exception {
    // the gate's (stale) facts made it a violation in the green milieuzone; RDW says Euro 5 diesel: class 5 >= 4
    assertEquals("NONE:FACTS_CHANGED", decide("groen", "groen-1", "G-01", "TT-601-D"));
    // a passenger car in a closed area that only admits buses stays a violation on the same facts
    assertEquals("CASE", decide("dicht", "dicht-1", "D-01", "TT-601-D"));
  }

  @Test
  void withoutAnAnswerOfTheApiTheCaseIsWrittenOnTheGatesFacts() throws Exception {
    // another plate than the first test's, which the client keeps in its cache
    rdw.behave((dataset, kenteken) -> new RdwTestServer.Answer(404, "gone"));
    try {
      assertEquals("CASE", decide("groen", "groen-1", "G-01", "TT-602-D"));
    } finally {
      rdw.behave((dataset, kenteken) -> null);
    }
  }
}
