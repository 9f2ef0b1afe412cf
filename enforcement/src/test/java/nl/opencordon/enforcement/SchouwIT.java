package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.domain.CityBuilder;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.enforcement.store.LawfulRepository;
import nl.opencordon.enforcement.store.SignRepository;
import nl.opencordon.persistence.FreshDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The schouw on a real PostgreSQL (Leidraad 4.2.7, 4.2.8), with the schouw required: a zone whose last good schouw
 * is a month old is not enforced (no case, its gates suspended, listed for the control room) until the next good
 * one, a zone never inspected is not enforced at all, and a sign problem's doubt period runs back to the zone's
 * last good schouw, at whichever of its gates it was.
 */
class SchouwIT {
  private static final String CLOSED = "regime { type = closed-area }";
  private static final CityLayout CITY = CityBuilder.named("x")
      .zone("oud", "n", CLOSED, CityBuilder.ENFORCED_2025)
      .zone("nooit", "n", CLOSED, CityBuilder.ENFORCED_2025)
      .gate("oud-noord", "oud", "entry", 52.0, 5.0)
      .gate("oud-zuid", "oud", "entry", 52.0, 5.1)
      .gate("nooit-in", "nooit", "entry", 52.0, 5.2)
      .camera("oud-1", "oud-noord", "O-01", "Eerste", "noord")
      .camera("nooit-1", "nooit-in", "N-01", "Tweede", "noord")
      .layout();

  @RegisterExtension
  static final FreshDatabase database = FreshDatabase.perClass();
  private static SignRepository signRepository;
  private static CasePolicy policy;
  private static SignProblems signs;

  @BeforeAll
  static void open() {
    signRepository = new SignRepository(database.dataSource());
    // decide() reads the records only: the RDW API is asked about new cases alone
    policy = new CasePolicy(new CasePolicy.Settings(0.8, false, true, Duration.ofDays(31), Duration.ofSeconds(5)),
        signRepository, new LawfulRepository(database.dataSource()), null, CITY, Clock.systemUTC());
    // cases, erasure, its requests and CJIB serve the withdrawal of cases, which these reports do not ask for
    signs = new SignProblems(signRepository, null, null, null, null, policy, CITY,
        EnforcementSettings.fromConfig(ConfigFactory.load().getConfig("anpr.enforcement")), Clock.systemUTC());
  }

  private static CasePolicy.Decision violation(String zone, String camera, String site, Instant at) throws Exception {
    return policy.decide(new CasePolicy.Violation(zone, camera, site, at, Optional.of(0.95),
        nl.opencordon.domain.Plate.dutch("VX-123-B")));
  }

  @Test
  void anOverdueSchouwStopsTheZoneUntilTheNextGoodOneAndTheDoubtPeriodRunsBackToTheZonesLastGoodSchouw()
      throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant lastGood = now.minus(Duration.ofDays(32));
    signs.inspect("oud-zuid", lastGood, "schouwer", true, "borden in orde");

    assertEquals("SCHOUW_OVERDUE", violation("oud", "oud-1", "O-01", now).withdrawnAs().orElseThrow());
    assertEquals(CasePolicy.Outcome.CASE, violation("oud", "oud-1", "O-01", lastGood.plus(Duration.ofDays(30))).outcome(),
        "a violation while the schouw was still valid");
    Instant due = lastGood.plus(Duration.ofDays(31));
    assertEquals(List.of(new Gate.Suspension(due, Optional.empty())), signs.suspensions("oud-noord"),
        "the other gate of the zone is suspended from when the schouw fell due");
    assertEquals(List.of(new Gate.Suspension(Instant.EPOCH, Optional.empty())), signs.suspensions("nooit-in"),
        "a zone never inspected");
    assertEquals(Map.of("oud", due, "nooit", Instant.EPOCH), signs.overdueSchouws());

    Instant fresh = now.minus(Duration.ofHours(2));
    signs.inspect("oud-zuid", fresh, "schouwer", true, "borden weer in orde");
    assertEquals(CasePolicy.Outcome.CASE, violation("oud", "oud-1", "O-01", now).outcome());
    assertEquals(List.of(), signs.suspensions("oud-noord"));
    assertEquals(Map.of("nooit", Instant.EPOCH), signs.overdueSchouws());

    // Leidraad 4.2.8: a problem at the north gate doubts back to the zone's last good schouw, made at the south gate
    SignProblems.Report report = signs.report("oud-noord", now.minus(Duration.ofMinutes(30)), "bord weg", "ops", false);
    assertEquals(fresh, report.problem().doubtFrom());
    assertTrue(violation("oud", "oud-1", "O-01", fresh.plusSeconds(1)).withdrawnAs().orElseThrow().equals("WITHDRAWN"));
  }
}
