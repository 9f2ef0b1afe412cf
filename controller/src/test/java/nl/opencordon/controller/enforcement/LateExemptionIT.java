package nl.opencordon.controller.enforcement;

import static nl.opencordon.controller.enforcement.EnforcementCity.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import nl.opencordon.domain.Exemption;
import nl.opencordon.domain.Plate;
import nl.opencordon.enforcement.Review;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A vehicle that became exempt after its case was made: the officer's approval asks the exemption record in
 * PostgreSQL, not this node's copy. The node here refreshes its copy only once an hour, so it never knows of
 * this exemption: what stops the fine below is the record alone, as when the exemption was stored on another
 * node a moment ago. The CJIB export's part is enforcement's {@code CjibExportIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LateExemptionIT {
  private static final LocalDate DAY = LocalDate.of(2025, 5, 6);
  EnforcementCity city;

  @BeforeAll
  void start() throws Exception {
    city = new EnforcementCity(EnforcementCity.CITY, "anpr.persistence.exemptions-refresh-interval = 1h\n");
  }

  @AfterAll
  void stop() throws Exception {
    city.close();
  }

  @Test
  void anApprovalOfACaseAnExemptionNowCoversDeletesItInstead() throws Exception {
    Plate late = city.van("LX-001-B");
    Plate plain = city.van("LX-002-B");
    String lateId = caseOf(late, DAY + "T09:00");
    String plainId = caseOf(plain, DAY + "T09:01");

    city.exempt(Exemption.forPlate("dag-1", "ze", late, DAY, DAY, "dagontheffing, achteraf aangevraagd"));
    assertTrue(city.exemptions.find("ze", late, local(DAY + "T09:00")).isEmpty(), "this node's copy already knew it");

    assertEquals(Review.Result.EXEMPTED, city.enforcement().review().approve(lateId, "boa-l"));
    assertEquals(List.of(), city.caseIdsOf(late));
    assertEquals(List.of(lateId), city.query("SELECT case_id FROM case_tombstones WHERE case_id = '" + lateId + "'"));
    assertTrue(city.journalPayloads().stream().noneMatch(p -> p.contains(late.text())),
        "the deleted case's plate is still in the journal");
    assertEquals(Review.Result.APPROVED, city.enforcement().review().approve(plainId, "boa-l"));
  }

  /** The open case a van's passage at the entry camera at a local time made. */
  private String caseOf(Plate van, String localTime) throws Exception {
    city.pass("ze-1", van, local(localTime));
    return city.openCaseOf(van).caseId();
  }
}
