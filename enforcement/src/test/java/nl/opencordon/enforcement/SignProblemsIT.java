package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Plate;
import nl.opencordon.enforcement.store.EnforcementRepository.Batch;
import org.junit.jupiter.api.Test;

/**
 * Sign problems on PostgreSQL: a fine CJIB already has is withdrawn only on a second person's word, and then goes
 * on a correction request that names the batch it went out in; the withdrawal is counted without the plate.
 */
class SignProblemsIT {
  @Test
  void aFineWithCjibWithdrawnForASignProblemGoesOnACorrectionRequestNamingItsBatch() throws Exception {
    try (EnforcementOnDatabase chain = new EnforcementOnDatabase()) {
      chain.fine("c-sent", Plate.dutch("SP-001-B"), Instant.now().minus(Duration.ofHours(2)));
      assertEquals(Review.Result.APPROVED, chain.enforcement.review().approve("c-sent", "boa-a"));
      Batch sent = chain.enforcement.cjib().export("boa-a").orElseThrow();

      SignProblems.Report report = chain.enforcement.signs().report("ze-in", Instant.now(), "bord weg", "wb-a");
      assertEquals(0, report.withdrawn());
      assertTrue(report.correction().isEmpty(), "a correction before a second person agreed");
      assertEquals(List.of("c-sent/EXPORTED"), chain.query("SELECT case_id || '/' || status FROM cases"));

      ErasureRequests.Decision confirmed = chain.enforcement.erasureRequests()
          .confirm(report.awaitingSecondPerson().orElseThrow().id(), "wb-b");
      assertEquals(1, confirmed.withdrawn());
      Batch correction = confirmed.correction().orElseThrow();
      List<String> lines = Files.readAllLines(chain.enforcement.batchFile(correction.fileName()));
      assertEquals(2, lines.size(), lines::toString);
      JsonNode header = Json.MAPPER.readTree(lines.get(0));
      assertEquals(CjibExport.CORRECTION_FORMAT, header.get("format").asText());
      assertEquals(report.problem().id(), header.get("signProblemId").asLong());
      JsonNode withdrawal = Json.MAPPER.readTree(lines.get(1));
      assertEquals(List.of("WITHDRAW", "c-sent", sent.batchId()), List.of(withdrawal.get("action").asText(),
          withdrawal.get("caseId").asText(), withdrawal.get("exportBatchId").asText()));
      assertFalse(lines.get(1).contains("SP001B") || lines.get(1).contains("SP-001-B"), "a plate in the correction");
      assertEquals(List.of(), chain.query("SELECT case_id FROM cases"));
      assertEquals(List.of("WITHDRAWN/SIGN_PROBLEM"),
          chain.query("SELECT outcome || '/' || reason FROM case_outcomes"));

      assertTrue(chain.enforcement.signs().resolve(report.problem().id()));
      assertFalse(chain.enforcement.signs().resolve(report.problem().id()), "resolved twice");
    }
  }
}
