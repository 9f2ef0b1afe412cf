package nl.opencordon.controller.enforcement;

import nl.opencordon.enforcement.*;
import static nl.opencordon.controller.enforcement.EnforcementCity.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.TestClock;
import nl.opencordon.enforcement.store.CaseFile;
import nl.opencordon.enforcement.store.EnforcementRepository.Batch;
import org.junit.jupiter.api.Test;

/**
 * The end of the chain: the retention job, on a clock the test turns, deletes approved fines after five
 * years and warnings after theirs, with their evidence files, journal plates and batch files, and keeps
 * what is younger. Checked in PostgreSQL and the evidence directory themselves; the sweep of pictures no case
 * refers to is enforcement's {@code RetentionJobIT}.
 */
class EnforcementRetentionIT extends WithEnforcementCity {
  @Test
  void evidenceOfApprovedFinesIsKeptFiveYearsThenDeletedWithEverythingPersonal() throws Exception {
    Plate exported = city.van("RT-001-B");
    Plate approved = city.van("RT-002-B");
    Plate younger = city.van("RT-003-B");
    Plate warned = city.van("RT-004-B");
    city.pass("ze-1", exported, local("2025-05-01T10:00"));
    city.pass("ze-1", approved, local("2025-05-01T11:00"));
    city.pass("ze-1", younger, local("2025-06-15T09:00"));
    city.pass("zw-1", warned, local("2025-05-01T12:00"));
    CaseFile exportedCase = city.openCaseOf(exported);
    CaseFile approvedCase = city.openCaseOf(approved);
    CaseFile youngerCase = city.openCaseOf(younger);
    CaseFile warningCase = city.openCaseOf(warned);
    city.enforcement().review().approve(exportedCase.caseId(), "boa-r");
    Batch cjib = city.enforcement().cjib().export("boa-r").orElseThrow();
    for (CaseFile f : List.of(approvedCase, youngerCase, warningCase)) {
      city.enforcement().review().approve(f.caseId(), "boa-r");
    }
    city.enforcement().letters().exportPlates("boa-r").orElseThrow();
    city.enforcement().letters().printLetters(new StringReader("case_id,plate,name,address,postcode,city\n"
        + warningCase.caseId() + ",RT-004-B,A. Jansen,Lange Nieuwstraat 1,3512 PA,Utrecht\n"), "boa-r");

    TestClock clock = new TestClock(Instant.parse("2030-04-30T12:00:00Z"));
    RetentionJob job = city.enforcement().retentionJob(clock);
    RetentionJob.Result early = job.runOnce();
    assertEquals(0, early.finesDeleted(), "fines are kept five years");
    assertEquals(List.of(exportedCase.caseId()), city.caseIdsOf(exported));
    assertTrue(early.warningsDeleted() >= 1, "warnings have a shorter retention");
    assertEquals(List.of(), city.caseIdsOf(warned));
    assertTrue(early.batchFilesDeleted() >= 3);
    assertFalse(Files.exists(city.exportDir.resolve(cjib.fileName())), "the CJIB batch file is past its retention");
    assertNotNull(city.enforcement().repository().batch(cjib.batchId()).orElseThrow().fileDeletedAt());

    clock.set(Instant.parse("2030-05-02T12:00:00Z"));
    RetentionJob.Result late = job.runOnce();
    assertEquals(2, late.finesDeleted());
    for (CaseFile f : List.of(exportedCase, approvedCase, warningCase)) {
      String id = f.caseId();
      assertEquals(List.of(), city.query("SELECT case_id FROM cases WHERE case_id = '" + id + "'"));
      assertEquals(List.of(), city.query("SELECT ref FROM case_evidence WHERE case_id = '" + id + "'"));
      assertEquals(List.of(id), city.query("SELECT case_id FROM case_tombstones WHERE case_id = '" + id + "'"));
      assertFalse(city.evidenceRefs().contains(refOf(f)), "evidence of " + id + " still in the store");
    }
    for (Plate p : List.of(exported, approved, warned)) {
      assertFalse(city.journalPayloads().stream().anyMatch(j -> j.contains(p.text())), p + " still in the journal");
    }
    assertEquals(List.of("APPROVED"), city.query("SELECT status FROM cases WHERE case_id = '" + youngerCase.caseId() + "'"));
    assertTrue(city.evidenceRefs().contains(refOf(youngerCase)));
    assertTrue(city.enforcement().repository().counters().stream()
        .anyMatch(c -> c.outcome().equals("EXPIRED") && c.zoneId().equals("ze") && c.count() == 2));
  }

  private static String refOf(CaseFile f) {
    return f.evidence().get(0).ref();
  }
}
