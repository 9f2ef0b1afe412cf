package nl.opencordon.controller.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Plate;
import nl.opencordon.enforcement.Review;
import nl.opencordon.enforcement.store.EnforcementRepository.Batch;
import nl.opencordon.security.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Four eyes before approved or exported cases are erased, through the routes of a real controller on
 * PostgreSQL: a sign problem or detour withdraws its open cases at once, its decided cases only when a second
 * person (not the one who asked, not the control room) confirms; a rejection keeps them. Every step is in the
 * access log. Each test uses its own gate, so that their cases do not meet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErasureFourEyesIT {
  /** A zone per test: a sign problem suspends, and casts doubt on, its whole zone. */
  static final String CITY = """
      name = "Vieroogstad"
      zones = [{
        id = "va", name = "ZE-zone A", recidive-term = 7d, warning-interval = 28d, await-day-exemptions = off
        regime = ${national-ze-regime}
        phases { enforcement = "2025-01-01" }
      }, {
        id = "vb", name = "ZE-zone B", recidive-term = 7d, warning-interval = 28d, await-day-exemptions = off
        regime = ${national-ze-regime}
        phases { enforcement = "2025-01-01" }
      }, {
        id = "vc", name = "ZE-zone C", recidive-term = 7d, warning-interval = 28d, await-day-exemptions = off
        regime = ${national-ze-regime}
        phases { enforcement = "2025-01-01" }
      }]
      gates = [
        {id = "sg-in", zone = "va", kind = entry, position = [52.0, 5.0]}
        {id = "om-in", zone = "vb", kind = entry, position = [52.1, 5.0]}
        {id = "cr-in", zone = "vc", kind = entry, position = [52.2, 5.0]}
      ]
      cameras = [
        {id = "sg-1", gate = "sg-in", site {location-code = "V-01", street = "Bordweg", direction = "noord", position = [52.0, 5.0]}}
        {id = "om-1", gate = "om-in", site {location-code = "V-02", street = "Omweg", direction = "oost", position = [52.1, 5.0]}}
        {id = "cr-1", gate = "cr-in", site {location-code = "V-03", street = "Meldweg", direction = "zuid", position = [52.2, 5.0]}}
      ]
      displays = []
      """;

  private EnforcementCity city;

  @BeforeAll
  void start() throws Exception {
    city = new EnforcementCity(CITY, "");
    // on a loaded machine the gates' shards take a while to start: the first passage must not wait for them
    for (String gate : List.of("sg-in", "om-in", "cr-in")) {
      EnforcementCity.await("gate " + gate + " answering", () -> answers(gate), Boolean::booleanValue);
    }
  }

  private boolean answers(String gateId) {
    try {
      city.gateStatus(gateId);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @AfterAll
  void stop() throws Exception {
    city.close();
  }

  @Test
  void aSignProblemWithdrawsOpenCasesAtOnceAndDecidedOnesOnlyWhenASecondPersonConfirms() throws Exception {
    Instant problemAt = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    Plate open = city.van("VO-001-G");
    Plate approved = city.van("VO-002-G");
    Plate exported = city.van("VO-003-G");
    city.pass("sg-1", exported, problemAt.minus(Duration.ofHours(3)));
    city.pass("sg-1", approved, problemAt.minus(Duration.ofHours(2)));
    city.pass("sg-1", open, problemAt.minus(Duration.ofHours(1)));
    String exportedId = city.openCaseOf(exported).caseId();
    assertEquals(Review.Result.APPROVED, city.enforcement().review().approve(exportedId, "boa-v"));
    Batch cjib = city.enforcement().cjib().export("boa-v").orElseThrow();
    String approvedId = city.openCaseOf(approved).caseId();
    assertEquals(Review.Result.APPROVED, city.enforcement().review().approve(approvedId, "boa-v"));
    city.openCaseOf(open);

    HttpResponse<String> reported = as("operations").post("/api/enforcement/sign-problems",
        "{\"gateId\": \"sg-in\", \"from\": \"" + problemAt + "\", \"description\": \"C22a-bord gestolen\"}");

    assertEquals(201, reported.statusCode(), reported.body());
    JsonNode report = Json.MAPPER.readTree(reported.body());
    assertEquals(1, report.get("withdrawn").asInt(), "only the open case goes at once");
    assertEquals(List.of(), city.caseIdsOf(open));
    assertEquals(List.of(approvedId), city.caseIdsOf(approved), "an approved case was erased by one person");
    assertEquals(List.of(exportedId), city.caseIdsOf(exported), "an exported case was erased by one person");
    JsonNode request = report.get("awaitingSecondPerson");
    assertEquals(List.of(approvedId, exportedId).stream().sorted().toList(), texts(request.get("caseIds")).stream().sorted().toList());
    long id = request.get("id").asLong();
    assertEquals(List.of(String.valueOf(id)), ids(as("officer").get("/api/enforcement/erasure-requests")));
    // a case waiting for the second person does not leave for CJIB meanwhile
    assertTrue(city.enforcement().cjib().export("boa-v").stream().noneMatch(b -> city.batchText(b).contains(approvedId)),
        "a case waiting for erasure went to CJIB");

    assertEquals(403, as("operations").post(confirm(id), "").statusCode(), "the one who asked confirmed");
    assertEquals(403, as("controlroom").post(confirm(id), "").statusCode(), "the control room confirmed");
    assertEquals(List.of(approvedId), city.caseIdsOf(approved));
    assertEquals(List.of(exportedId), city.caseIdsOf(exported));

    HttpResponse<String> confirmed = as("officer").post(confirm(id), "");
    assertEquals(200, confirmed.statusCode(), confirmed.body());
    JsonNode decision = Json.MAPPER.readTree(confirmed.body());
    assertEquals(2, decision.get("withdrawn").asInt());
    assertEquals(List.of(), city.caseIdsOf(approved));
    assertEquals(List.of(), city.caseIdsOf(exported));
    String correction = city.query("SELECT case_id || ' ' || export_batch_id FROM correction_requests").get(0);
    assertEquals(exportedId + " " + cjib.batchId(), correction, "the fine with CJIB is not on the correction request");
    assertEquals(409, as("admin").post(confirm(id), "").statusCode(), "confirmed twice");
    assertEquals(List.of(), ids(as("operations").get("/api/enforcement/erasure-requests")));
    assertEquals(List.of("operations officer"), city.query("SELECT requested_by || ' ' || decided_by FROM "
        + "erasure_requests WHERE id = " + id + " AND confirmed"));

    assertTrue(city.query("SELECT user_name FROM access_log WHERE subject = 'sign-problems'").contains("operations"));
    assertEquals(List.of("admin", "officer", "operations"), city.query("SELECT DISTINCT user_name "
        + "FROM access_log WHERE subject = 'erasure-request:" + id + "' ORDER BY 1"));
    city.enforcement().signs().resolveAll("sg-in");
  }

  @Test
  void aDetourWaitsForASecondPersonAndARejectionKeepsTheApprovedCase() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Plate open = city.van("VO-011-G");
    Plate approved = city.van("VO-012-G");
    city.pass("om-1", approved, now.minus(Duration.ofMinutes(40)));
    city.pass("om-1", open, now.minus(Duration.ofMinutes(20)));
    String approvedId = city.openCaseOf(approved).caseId();
    assertEquals(Review.Result.APPROVED, city.enforcement().review().approve(approvedId, "boa-d"));
    city.openCaseOf(open);

    String detour = "{\"gateIds\": [\"om-in\"], \"from\": \"" + now.minus(Duration.ofHours(1)) + "\", \"until\": \""
        + now.plus(Duration.ofHours(1)) + "\", \"reason\": \"wegwerkzaamheden\"}";
    HttpResponse<String> declared = as("operations").post("/api/enforcement/detours", detour);
    assertEquals(201, declared.statusCode(), declared.body());
    JsonNode body = Json.MAPPER.readTree(declared.body());
    assertEquals(1, body.get("withdrawn").asInt());
    assertEquals(List.of(), city.caseIdsOf(open));
    assertEquals(List.of(approvedId), city.caseIdsOf(approved), "an approved case was erased by one person");
    long id = body.get("awaitingSecondPerson").get("id").asLong();

    assertEquals(403, as("operations").post(reject(id), "").statusCode(), "the one who asked decided");
    HttpResponse<String> rejected = as("officer").post(reject(id), "");
    assertEquals(200, rejected.statusCode(), rejected.body());
    assertEquals("REJECTED", Json.MAPPER.readTree(rejected.body()).get("outcome").asText());
    assertEquals(409, as("admin").post(confirm(id), "").statusCode(), "a rejected request was confirmed");
    assertEquals(List.of(approvedId), city.caseIdsOf(approved));
    assertEquals(List.of("APPROVED"), city.query("SELECT status FROM cases WHERE case_id = '" + approvedId + "'"));
    assertEquals(List.of("operations"), city.query("SELECT user_name FROM access_log WHERE subject = 'detours'"));
    assertEquals(List.of("admin", "officer", "operations"), city.query("SELECT DISTINCT user_name FROM access_log "
        + "WHERE subject = 'erasure-request:" + id + "' ORDER BY 1"));

    // a second detour over the same case, confirmed this time by another person
    HttpResponse<String> again = as("operations").post("/api/enforcement/detours", detour);
    long second = Json.MAPPER.readTree(again.body()).get("awaitingSecondPerson").get("id").asLong();
    HttpResponse<String> confirmed = as("admin").post(confirm(second), "");
    assertEquals(200, confirmed.statusCode(), confirmed.body());
    assertEquals(List.of(), city.caseIdsOf(approved));
  }

  @Test
  void theControlRoomSuspendsTheGateButErasesNoCaseAndAsksNobodyToErase() throws Exception {
    Instant problemAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    Plate open = city.van("VO-021-G");
    Plate approved = city.van("VO-022-G");
    city.pass("cr-1", approved, problemAt.minus(Duration.ofMinutes(40)));
    city.pass("cr-1", open, problemAt.minus(Duration.ofMinutes(20)));
    String approvedId = city.openCaseOf(approved).caseId();
    city.enforcement().review().approve(approvedId, "boa-c");
    String openId = city.openCaseOf(open).caseId();
    List<String> before = city.query("SELECT id FROM erasure_requests");

    HttpResponse<String> reported = as("controlroom").post("/api/incidents/sign-problems", "{\"gateId\": \"cr-in\", "
        + "\"detail\": \"bord scheef\"}");

    assertTrue(reported.statusCode() < 300, reported.statusCode() + " " + reported.body());
    assertFalse(city.enforcement().signs().problems("cr-in").isEmpty(), "the gate was not suspended");
    assertEquals(List.of(openId), city.caseIdsOf(open));
    assertEquals(List.of(approvedId), city.caseIdsOf(approved));
    assertEquals(before, city.query("SELECT id FROM erasure_requests"));
    assertEquals(403, as("controlroom").post("/api/enforcement/sign-problems",
        "{\"gateId\": \"cr-in\", \"from\": \"" + problemAt + "\"}").statusCode());
    assertEquals(403, as("controlroom").post("/api/enforcement/detours",
        "{\"gateIds\": [\"cr-in\"], \"from\": \"" + problemAt + "\", \"until\": \"" + Instant.now() + "\"}").statusCode());
    city.enforcement().signs().resolveAll("cr-in");
  }

  private static String confirm(long id) {
    return "/api/enforcement/erasure-requests/" + id + "/confirm";
  }

  private static String reject(long id) {
    return "/api/enforcement/erasure-requests/" + id + "/reject";
  }

  private static List<String> ids(HttpResponse<String> listed) throws Exception {
    assertEquals(200, listed.statusCode(), listed.body());
    List<String> out = new ArrayList<>();
    Json.MAPPER.readTree(listed.body()).forEach(r -> out.add(r.get("id").asText()));
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** A demo user of demo.conf (password "demo-" + name), as an API client signs in. */
  private ApiClient as(String user) {
    return ApiClient.as(city.controller.httpPort(), user);
  }
}
