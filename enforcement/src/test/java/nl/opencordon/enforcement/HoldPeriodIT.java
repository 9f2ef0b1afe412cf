package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import nl.opencordon.domain.CityBuilder;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Exemption;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.persistence.exemptions.ExemptionRepository;
import org.junit.jupiter.api.Test;

/**
 * The hold period and late exemptions on PostgreSQL: a case waits out its zone's hold period before an officer
 * sees it, and an exemption registered after the case deletes it at release, at approval or before the CJIB export.
 */
class HoldPeriodIT {
  private static final CityLayout WAITING_CITY = CityBuilder.entryAndScanCar("Wachtstad",
      "await-day-exemptions = off", "hold-period = 10d", CityBuilder.NATIONAL_ZE, CityBuilder.ENFORCED_2025).layout();
  private static final Instant AN_HOUR_AGO = Instant.now().minus(Duration.ofHours(1));

  @Test
  void aHeldCaseReachesTheOfficerOnlyAfterItsHoldAndIsDeletedThenWhenAnExemptionCameMeanwhile() throws Exception {
    try (EnforcementOnDatabase chain = new EnforcementOnDatabase(WAITING_CITY)) {
      HoldPeriod holds = chain.enforcement.lawful().holds();
      chain.fine("c-held", Plate.dutch("HP-001-B"), AN_HOUR_AGO);
      Plate cared = Plate.dutch("HP-002-B");
      chain.fine("c-cared", cared, AN_HOUR_AGO.plusSeconds(1));
      // a held case can still be dismissed (an officer looked it up): its hold goes at release
      chain.fine("c-gone", Plate.dutch("HP-005-B"), AN_HOUR_AGO.plusSeconds(2));
      assertEquals(Review.Result.DISMISSED, chain.enforcement.review().dismiss("c-gone", "boa-a", "PLATE_MISREAD"));
      assertTrue(holds.held("c-held"));
      assertEquals(List.of(), queue(chain), "a held case reached the officer");

      assertEquals(new HoldPeriod.Release(0, 0), holds.releaseDue(Instant.now()));
      assertTrue(holds.held("c-held"));

      exempt(chain, "ex-care", cared);
      Instant holdEnded = AN_HOUR_AGO.plus(Duration.ofDays(10)).plusSeconds(60);
      assertEquals(new HoldPeriod.Release(1, 1), holds.releaseDue(holdEnded));
      assertFalse(holds.held("c-held"));
      assertFalse(holds.held("c-cared"));
      assertFalse(holds.held("c-gone"));
      assertEquals(List.of("c-held"), queue(chain));
      assertEquals(List.of("c-held"), chain.query("SELECT case_id FROM cases"));
      assertEquals(new HoldPeriod.Release(0, 0), holds.releaseDue(holdEnded), "released twice");
    }
  }

  @Test
  void anExemptionRegisteredAfterTheCaseDeletesItAtApprovalAndBeforeTheCjibExport() throws Exception {
    try (EnforcementOnDatabase chain = new EnforcementOnDatabase()) {
      Plate atApproval = Plate.dutch("HP-003-B");
      Plate atExport = Plate.dutch("HP-004-B");
      chain.fine("c-approval", atApproval, AN_HOUR_AGO);
      chain.fine("c-export", atExport, AN_HOUR_AGO.plusSeconds(1));
      assertEquals(Review.Result.APPROVED, chain.enforcement.review().approve("c-export", "boa-a"));

      exempt(chain, "ex-1", atApproval);
      exempt(chain, "ex-2", atExport);
      assertEquals(Review.Result.EXEMPTED, chain.enforcement.review().approve("c-approval", "boa-a"));
      assertTrue(chain.enforcement.cjib().export("boa-a").isEmpty(), "an exempted fine went to CJIB");
      assertEquals(List.of(), chain.query("SELECT case_id FROM cases"));
    }
  }

  /** Registers, now, an exemption for the plate in zone "ze" that covers the last days. */
  private static void exempt(EnforcementOnDatabase chain, String id, Plate plate) throws Exception {
    LocalDate today = Instant.now().atZone(Passage.LOCAL).toLocalDate();
    new ExemptionRepository(chain.database.dataSource())
        .add(Exemption.forPlate(id, "ze", plate, today.minusDays(2), today, "zorgbezoek"));
  }

  private static List<String> queue(EnforcementOnDatabase chain) throws Exception {
    return chain.enforcement.review().queue().stream().map(c -> c.caseId()).toList();
  }
}
