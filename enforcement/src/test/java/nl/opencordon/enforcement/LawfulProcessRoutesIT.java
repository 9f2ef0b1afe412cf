package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Plate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lawful process over HTTP on PostgreSQL: the citizen's evidence request without login, which shows a decided
 * case's pictures to whoever has its number and plate and answers every mismatch alike, and detours, which only
 * operations declare.
 */
class LawfulProcessRoutesIT {
  private static final String EVIDENCE_REQUEST = "/api/public/evidence-request";

  @RegisterExtension
  static final OfficeOnHttp OFFICE = new OfficeOnHttp();

  private static EnforcementOnDatabase chain() {
    return OFFICE.chain();
  }

  @Test
  void aCitizenSeesTheEvidenceOfADecidedCaseOnlyWithItsNumberAndPlateAndEveryMismatchReadsTheSame()
      throws Exception {
    Instant seen = Instant.now().minus(Duration.ofDays(3));
    chain().fine("c-decided", Plate.dutch("LP-001-B"), seen);
    chain().fine("c-open", Plate.dutch("LP-002-B"), seen.plusSeconds(1));
    assertEquals(Review.Result.APPROVED, chain().enforcement.review().approve("c-decided", "boa"));

    HttpResponse<String> shown = ask("c-decided", "lp-001-b");
    assertEquals(200, shown.statusCode(), shown.body());
    JsonNode picture = Json.MAPPER.readTree(shown.body()).get("pictures").get(0);
    assertArrayEquals(EnforcementOnDatabase.JPEG, Base64.getDecoder().decode(picture.get("data").asText()));

    Duration answerTime = chain().enforcement.lawful().settings().evidenceAnswerTime();
    List<String> refusals = new ArrayList<>();
    for (String[] wrong : List.of(new String[] {"c-decided", "LP-009-B"}, new String[] {"c-nothing", "LP-001-B"},
        new String[] {"c-open", "LP-002-B"})) {
      long start = System.nanoTime();
      HttpResponse<String> refused = ask(wrong[0], wrong[1]);
      assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(answerTime) >= 0,
          "a refusal came sooner than the answer time, telling which part was wrong");
      refusals.add(refused.statusCode() + " " + refused.body());
    }
    String notFound = "404 " + Json.MAPPER.writeValueAsString(new LawfulProcessRoutes.Refusal(
        LawfulProcessRoutes.NOT_FOUND));
    assertEquals(List.of(notFound, notFound, notFound), refusals);
    assertEquals(List.of("evidence-request:c-decided", "evidence-request:c-decided", "evidence-request:c-nothing",
        "evidence-request:c-open"), chain().query(
        "SELECT subject FROM access_log WHERE subject LIKE 'evidence-request:%' ORDER BY id"));
    assertEquals(List.of(), chain().query("SELECT subject FROM access_log WHERE subject || action ILIKE '%LP-00%'"
        + " OR subject || action ILIKE '%LP00%'"), "a plate in the access log");
  }

  @Test
  void onlyOperationsDeclareADetourAndEndIt() throws Exception {
    String detour = "{\"gateIds\":[\"ze-in\"],\"from\":\"" + Instant.now() + "\",\"until\":\""
        + Instant.now().plus(Duration.ofHours(2)) + "\",\"reason\":\"markt\"}";
    assertEquals(403, OFFICE.send("POST", "/api/enforcement/detours", "boa", detour).statusCode());
    HttpResponse<String> declared = OFFICE.send("POST", "/api/enforcement/detours", "ops", detour);
    assertEquals(201, declared.statusCode(), declared.body());
    long id = Json.MAPPER.readTree(declared.body()).get("detour").get("id").asLong();
    assertTrue(OFFICE.send("GET", "/api/enforcement/detours", "boa", null).body().contains("markt"));

    assertEquals(200, OFFICE.send("POST", "/api/enforcement/detours/" + id + "/end", "ops", "").statusCode());
    assertEquals(409, OFFICE.send("POST", "/api/enforcement/detours/" + id + "/end", "ops", "").statusCode());
    assertEquals(List.of("ops/detours", "ops/detour:" + id, "ops/detour:" + id),
        chain().query("SELECT user_name || '/' || subject FROM access_log WHERE subject LIKE 'detour%' ORDER BY id"));
  }

  private HttpResponse<String> ask(String caseNumber, String plate) throws Exception {
    return OFFICE.send("POST", EVIDENCE_REQUEST, null,
        "{\"caseNumber\":\"" + caseNumber + "\",\"plate\":\"" + plate + "\"}");
  }
}
