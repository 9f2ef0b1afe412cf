package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import nl.opencordon.actors.zone.Sighting;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Plate;
import nl.opencordon.enforcement.store.EnforcementRepository.Batch;
import nl.opencordon.enforcement.store.StoredEvidence;
import org.junit.jupiter.api.Test;

/** The CJIB export on PostgreSQL: approved fines leave once, as one batch file in the documented format. */
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

  private static JsonNode json(String line) {
    try {
      return Json.MAPPER.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
