package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.opencordon.domain.Plate;
import org.junit.jupiter.api.Test;

/**
 * What became of a case, on PostgreSQL: a dismissal needs one of the configured reasons, and the CVOM's objection
 * and appeal outcomes count once per fine sent to CJIB, however often its file is imported.
 */
class CaseOutcomesIT {
  private static final Instant AN_HOUR_AGO = Instant.now().minus(Duration.ofHours(1));

  @Test
  void aDismissalWithoutAKnownReasonIsRefusedAndTheCaseStays() throws Exception {
    try (EnforcementOnDatabase chain = new EnforcementOnDatabase()) {
      chain.fine("c-1", Plate.dutch("CO-001-B"), AN_HOUR_AGO);
      assertEquals(Review.Result.UNKNOWN_REASON, chain.enforcement.review().dismiss("c-1", "boa-a", "GEEN_ZIN"));
      assertEquals(List.of("OPEN"), chain.query("SELECT status FROM cases WHERE case_id = 'c-1'"));
      assertEquals(List.of(), chain.query("SELECT outcome FROM case_outcomes"));

      assertEquals(Review.Result.DISMISSED, chain.enforcement.review().dismiss("c-1", "boa-a", "PLATE_MISREAD"));
      assertEquals(List.of(), chain.query("SELECT status FROM cases WHERE case_id = 'c-1'"));
      assertEquals(List.of("DISMISSED/PLATE_MISREAD/boa-a"),
          chain.query("SELECT outcome || '/' || reason || '/' || recorded_by FROM case_outcomes"));
    }
  }

  @Test
  void importingTheCvomFileTwiceRecordsEachOutcomeOnceAndNamesTheLinesItRefused() throws Exception {
    try (EnforcementOnDatabase chain = new EnforcementOnDatabase()) {
      chain.fine("c-sent", Plate.dutch("CO-002-B"), AN_HOUR_AGO);
      assertEquals(Review.Result.APPROVED, chain.enforcement.review().approve("c-sent", "boa-a"));
      assertTrue(chain.enforcement.cjib().export("boa-a").isPresent());
      chain.fine("c-open", Plate.dutch("CO-003-B"), AN_HOUR_AGO.plusSeconds(1));
      String csv = """
          zaak,soort,uitkomst
          c-sent,bezwaar,ongegrond
          c-open,bezwaar,gegrond
          c-none,beroep,gegrond
          c-sent,beroep,misschien
          """;

      CaseOutcomes.Import first = chain.enforcement.outcomes().importCsv(new StringReader(csv), "cvom-import");
      assertEquals(1, first.recorded());
      assertEquals(0, first.already());
      assertEquals(List.of("regel 3: NOT_A_FINE_SENT", "regel 4: UNKNOWN_CASE", "regel 5: INVALID"), first.problems());

      CaseOutcomes.Import second = chain.enforcement.outcomes().importCsv(new StringReader(csv), "cvom-import");
      assertEquals(0, second.recorded());
      assertEquals(1, second.already());
      assertEquals(List.of("OBJECTION/REJECTED/CVOM-CSV"), chain.enforcement.outcomes().ofCase("c-sent").stream()
          .map(o -> o.outcome() + "/" + o.result() + "/" + o.source()).toList());
      assertEquals(List.of("1"), chain.query("SELECT count(*)::text FROM case_outcomes"));
    }
  }
}
