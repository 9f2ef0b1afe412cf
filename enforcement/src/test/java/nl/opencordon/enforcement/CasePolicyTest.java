package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import nl.opencordon.domain.CityConfig;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.Verdict;
import org.junit.jupiter.api.Test;

/**
 * The case policy at each of its boundaries, on what the records would say (its reading of PostgreSQL is
 * {@link SiteApprovalsIT}'s and the controller's enforcement tests' part).
 */
class CasePolicyTest {
  private static final String CITY = """
      name = x
      zones = [{ id = zh, name = n, regime { type = closed-area }, phases { enforcement = "2025-01-01" },
                 recidive-term = 7d, warning-interval = 14d, hold-period = 2d }]
      gates = [{id = g, zone = zh, kind = entry, position = [52.0, 5.0]}]
      cameras = [{id = cam, gate = g, site {location-code = S-01, street = Eerste, direction = noord, position = [52.0, 5.0]}}]
      displays = []
      """;
  private static final CityLayout LAYOUT = CityConfig.load(ConfigFactory.parseString(CITY));
  private static final Plate PLATE = Plate.dutch("VX-123-B");
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final Instant AT = NOW.minus(Duration.ofHours(1));
  private static final Instant SCHOUW = AT.minus(Duration.ofDays(20));
  /** Approved long before, last good schouw 20 days before, no sign problem or detour. */
  private static final CasePolicy.Circumstances CLEAR =
      new CasePolicy.Circumstances(false, Optional.of(SCHOUW), false, Optional.of(Instant.EPOCH),
          Optional.empty());

  private static CasePolicy policy(boolean requireSchouw) {
    // the repositories are not read: decide(violation, circumstances) is the rule itself
    return new CasePolicy(new CasePolicy.Settings(0.8, true, requireSchouw, Duration.ofDays(31), Duration.ofSeconds(5)),
        null, null, null, LAYOUT, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static CasePolicy.Violation seen(Instant at, double confidence) {
    return new CasePolicy.Violation("zh", "cam", "S-01", at, Optional.of(confidence), PLATE);
  }

  private static String outcome(CasePolicy.Decision d) {
    return d.outcome() + d.withdrawnAs().map(w -> ":" + w).orElse("");
  }

  @Test
  void aReadAtTheCaseThresholdIsACaseAndOneBelowItNothing() {
    CasePolicy p = policy(false);
    assertEquals("NONE:BELOW_CASE_THRESHOLD", outcome(p.decide(seen(AT, 0.79), CLEAR)));
    assertEquals("CASE", outcome(p.decide(seen(AT, 0.80), CLEAR)));
    assertEquals("CASE", outcome(p.decide(new CasePolicy.Violation("zh", "cam", "S-01", AT, Optional.empty(), PLATE), CLEAR)),
        "a case from before read confidences were kept");
  }

  @Test
  void aSignProblemOrADetourMakesNothingAndTheThresholdIsAskedFirst() {
    CasePolicy p = policy(false);
    var doubt =
        new CasePolicy.Circumstances(true, Optional.of(SCHOUW), false, Optional.of(Instant.EPOCH), Optional.empty());
    var detour =
        new CasePolicy.Circumstances(false, Optional.of(SCHOUW), true, Optional.of(Instant.EPOCH), Optional.empty());
    assertEquals("NONE:WITHDRAWN", outcome(p.decide(seen(AT, 0.9), doubt)));
    assertEquals("NONE:DETOUR", outcome(p.decide(seen(AT, 0.9), detour)));
    assertEquals("NONE:BELOW_CASE_THRESHOLD", outcome(p.decide(seen(AT, 0.5), doubt)));
  }

  @Test
  void aRequiredSchouwIsOverdueAnIntervalAfterTheLastGoodOneAndNeverWhereItIsNotRequired() {
    CasePolicy required = policy(true);
    Instant due = SCHOUW.plus(Duration.ofDays(31));
    assertEquals("CASE", outcome(required.decide(seen(due.minusSeconds(1), 0.9), CLEAR)));
    assertEquals("NONE:SCHOUW_OVERDUE", outcome(required.decide(seen(due, 0.9), CLEAR)));
    var never =
        new CasePolicy.Circumstances(false, Optional.empty(), false, Optional.of(Instant.EPOCH), Optional.empty());
    assertEquals("NONE:SCHOUW_OVERDUE", outcome(required.decide(seen(AT, 0.9), never)), "a zone never inspected");
    assertEquals("CASE", outcome(policy(false).decide(seen(due, 0.9), never)));
  }

  @Test
  void aSightingBeforeTheCamerasApprovalAtTheSiteIsATestCase() {
    CasePolicy p = policy(false);
    var approvedThen =
        new CasePolicy.Circumstances(false, Optional.of(SCHOUW), false, Optional.of(AT), Optional.empty());
    var approvedLater = new CasePolicy.Circumstances(false, Optional.of(SCHOUW), false,
        Optional.of(AT.plusMillis(1)), Optional.empty());
    var notApproved =
        new CasePolicy.Circumstances(false, Optional.of(SCHOUW), false, Optional.empty(), Optional.empty());
    assertEquals("CASE", outcome(p.decide(seen(AT, 0.9), approvedThen)));
    assertEquals("TEST_CASE", outcome(p.decide(seen(AT, 0.9), approvedLater)));
    assertEquals("TEST_CASE", outcome(p.decide(seen(AT, 0.9), notApproved)));
  }

  @Test
  void aCaseIsHeldUntilItsZonesHoldEndsWhileThatIsAhead() {
    CasePolicy p = policy(false);
    assertEquals(Optional.of(AT.plus(Duration.ofDays(2))), p.decide(seen(AT, 0.9), CLEAR).heldUntil());
    Instant old = NOW.minus(Duration.ofDays(2));
    assertEquals(Optional.empty(), p.decide(seen(old, 0.9), CLEAR).heldUntil(), "its hold ended at this moment");
    assertEquals(Optional.of(NOW.plusSeconds(1)), p.decide(seen(old.plusSeconds(1), 0.9), CLEAR).heldUntil());
  }

  @Test
  void aCaseIsNothingWhenRdwsFactsNowMakeItNoViolation() {
    CasePolicy p = policy(false);
    var compliant = new CasePolicy.Circumstances(false, Optional.of(SCHOUW), false, Optional.of(Instant.EPOCH),
        Optional.of(Verdict.of(Verdict.Outcome.ALLOWED, "MZ-5", "diesel class 5")));
    var still = new CasePolicy.Circumstances(false, Optional.of(SCHOUW), false, Optional.of(Instant.EPOCH),
        Optional.of(Verdict.of(Verdict.Outcome.NOT_ALLOWED, "MZ-4", "diesel class 3")));
    var unknown = new CasePolicy.Circumstances(false, Optional.of(SCHOUW), false, Optional.of(Instant.EPOCH),
        Optional.of(Verdict.of(Verdict.Outcome.UNKNOWN, "VF-2", "not in the register")));
    assertEquals("NONE:FACTS_CHANGED", outcome(p.decide(seen(AT, 0.9), compliant)));
    assertEquals("CASE", outcome(p.decide(seen(AT, 0.9), still)));
    assertEquals("NONE:FACTS_CHANGED", outcome(p.decide(seen(AT, 0.9), unknown)), "a plate RDW no longer knows");
  }
}
