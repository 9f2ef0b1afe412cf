package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import nl.opencordon.actors.zone.Sighting;
import nl.opencordon.domain.Exemption;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.enforcement.store.EnforcementRepository.Batch;
import nl.opencordon.enforcement.store.StoredEvidence;
import nl.opencordon.persistence.exemptions.ExemptionRepository;
import org.junit.jupiter.api.Test;

/**
 * The CJIB export on PostgreSQL: approved fines leave once, as one batch file in the documented format, and not at
 * all once an exemption covers them.
 */
class CjibExportIT {
  @Test
  void approvedFinesLeaveAsOneCjibBatchInTheDocumentedFormat() throws Exception {
    try (EnforcementOnDatabase chain = new EnforcementOnDatabase()) {
      Plate second = Plate.dutch("VR-004-B");
      List<String> caseIds = List.of(
          chain.fine("c-cjib-1", Plate.dutch("VR-003-B"), "ze-1", Sighting.Source.ENTRY,
              Instant.parse("2025-04-04T05:30:00Z")),
          chain.fine("c-cjib-2", second, "scan-1", Sighting.Source.SCAN, Instant.parse("2025-04-04T09:45:00Z")));
      for (String caseId : caseIds) {
        assertEquals(Review.Result.APPROVED, chain.enforcement.review().approve(caseId, "boa-7"));
      }

      Batch batch = chain.enforcement.cjib().export("boa-7").orElseThrow();
      List<String> lines = Files.readAllLines(chain.exportDir.resolve(batch.fileName()));
      JsonNode header = json(lines.get(0));
      assertEquals(CjibExport.FORMAT, header.get("format").asText());
      assertEquals(1, header.get("version").asInt());
      assertEquals(batch.batchId(), header.get("batchId").asText());
      assertEquals(lines.size() - 1, header.get("records").asInt());
      assertEquals(StoredEvidence.sha256(Files.readAllBytes(chain.exportDir.resolve(batch.fileName()))),
          batch.sha256());
      JsonNode scan = lines.stream().skip(1).map(CjibExportIT::json)
          .filter(l -> l.get("plate").asText().equals(second.text())).findFirst().orElseThrow();
      assertEquals("TEST-ZE-1", scan.get("offenceCode").asText());
      assertEquals("VR-004-B", scan.get("plateDisplay").asText());
      assertEquals("2025-04-04T09:45:00Z", scan.get("observedAt").asText());
      assertEquals("2025-04-04T11:45:00+02:00", scan.get("localTime").asText());
      assertEquals("H-SCAN", scan.get("place").get("locationCode").asText());
      assertEquals("Oudegracht", scan.get("place").get("street").asText());
      assertEquals("boa-7", scan.get("officer").get("id").asText());
      String caseId = scan.get("caseId").asText();
      assertEquals(chain.query("SELECT sha256 FROM case_evidence WHERE case_id = '" + caseId + "'"),
          List.of(scan.get("evidence").get(0).get("sha256").asText()));
      assertEquals(List.of("EXPORTED/" + batch.batchId()),
          chain.query("SELECT status || '/' || export_batch_id FROM cases WHERE case_id = '" + caseId + "'"));

      assertTrue(chain.enforcement.cjib().export("boa-7").isEmpty(), "a case is exported once");
    }
  }

  /**
   * A vehicle that became exempt after its fine was approved: the export asks the exemption record in PostgreSQL
   * (there is no other copy here) and deletes the fine instead of sending it.
   */
  @Test
  void theExportDropsAnApprovedFineAnExemptionNowCovers() throws Exception {
    try (EnforcementOnDatabase chain = new EnforcementOnDatabase()) {
      LocalDate day = LocalDate.of(2025, 5, 7);
      Instant at = day.atTime(10, 0).atZone(Passage.LOCAL).toInstant();
      Plate late = Plate.dutch("LX-003-B");
      String lateId = chain.fine("c-late", late, at);
      String plainId = chain.fine("c-plain", Plate.dutch("LX-004-B"), at.plusSeconds(60));
      assertEquals(Review.Result.APPROVED, chain.enforcement.review().approve(lateId, "boa-l"));
      assertEquals(Review.Result.APPROVED, chain.enforcement.review().approve(plainId, "boa-l"));

      new ExemptionRepository(chain.database.dataSource())
          .add(Exemption.forPlate("zorg-2", "*", late, day, day, "mantelzorg, na de beoordeling gemeld"));
      Batch batch = chain.enforcement.cjib().export("boa-l").orElseThrow();

      String file = Files.readString(chain.exportDir.resolve(batch.fileName()));
      assertTrue(file.contains(plainId), file);
      assertFalse(file.contains(lateId) || file.contains(late.text()), file);
      assertEquals(List.of(), chain.query("SELECT case_id FROM cases WHERE plate = '" + late.text() + "'"));
      assertEquals(List.of(lateId), chain.query("SELECT case_id FROM case_tombstones WHERE case_id = '" + lateId + "'"));
      assertEquals(List.of("1"), chain.query("SELECT sum(count) FROM enforcement_counters"
          + " WHERE zone_id = 'ze' AND outcome = 'EXEMPTED_LATE'"));
    }
  }

  private static JsonNode json(String line) {
    try {
      return Json.MAPPER.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
