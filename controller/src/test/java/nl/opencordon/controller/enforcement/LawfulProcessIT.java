package nl.opencordon.controller.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.opencordon.domain.CityBuilder;
import nl.opencordon.domain.Exemption;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.enforcement.Detours;
import nl.opencordon.enforcement.HoldPeriod;
import nl.opencordon.enforcement.LawfulProcess;
import nl.opencordon.enforcement.Review;
import nl.opencordon.enforcement.store.CaseFile;
import nl.opencordon.enforcement.store.EnforcementRepository.Batch;
import nl.opencordon.enforcement.store.StoredEvidence;
import nl.opencordon.security.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The lawful process on a real controller and PostgreSQL: hold period with a late exemption, detours, site
 * approval with test cases and the sample package, and the citizen's evidence page; the
 * schouw proces-verbaal is enforcement's {@code SchouwLogIT}.
 * Each test uses its own cameras, so that their rules do not meet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LawfulProcessIT {
  static final String CITY = CityBuilder.named("Wachtstad")
      .zone("zh", "ZE-zone Haven", "hold-period = 10d", CityBuilder.NATIONAL_ZE, CityBuilder.ENFORCED_2025)
      .zone("ze", "ZE-zone Centrum", "await-day-exemptions = off", CityBuilder.NATIONAL_ZE, CityBuilder.ENFORCED_2025)
      .gate("zh-in", "zh", "entry", 52.0, 5.0)
      .gate("om-in", "ze", "entry", 52.1, 5.0)
      .gate("om-in2", "ze", "entry", 52.1, 5.1)
      .gate("new-in", "ze", "entry", 52.2, 5.0)
      .gate("cz-in", "ze", "entry", 52.3, 5.0)
      .gate("rt-in", "ze", "entry", 52.4, 5.0)
      .camera("zh-1", "zh-in", "W-01", "Havenweg", "noord")
      .camera("om-1", "om-in", "W-02", "Omweg", "oost")
      .camera("om-2", "om-in2", "W-03", "Rechtdoor", "oost")
      .camera("new-1", "new-in", "W-04", "Nieuwe Kade", "zuid")
      .camera("cz-1", "cz-in", "W-05", "Burgerplein", "west")
      .hocon();
  static final Duration ANSWER_TIME = Duration.ofMillis(400);
  static final int REQUESTS_PER_MINUTE = 20;

  EnforcementCity city;

  @BeforeAll
  void start() throws Exception {
    city = new EnforcementCity(CITY, """
        anpr.enforcement.lawful.require-site-approval = true
        anpr.enforcement.lawful.evidence-answer-time = %dms
        anpr.enforcement.lawful.evidence-requests-per-minute = %d
        """.formatted(ANSWER_TIME.toMillis(), REQUESTS_PER_MINUTE));
    for (String camera : List.of("zh-1", "om-1", "om-2", "cz-1")) {
      lawful().sites().approve(camera, null, "CVOM-2025-" + camera, "ops-1");
    }
  }

  @AfterAll
  void stop() throws Exception {
    city.close();
  }

  LawfulProcess lawful() {
    return city.enforcement().lawful();
  }

  @Test
  void aHeldCaseWaitsForTheOfficerAndIsDeletedAtReleaseWhenALateExemptionCoversIt() throws Exception {
    Instant seen = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    Plate careVisit = city.van("HP-001-Z");
    Plate plain = city.van("HP-002-Z");
    city.pass("zh-1", careVisit, seen);
    city.pass("zh-1", plain, seen);
    String lateId = caseOf(careVisit);
    String keptId = caseOf(plain);

    assertTrue(lawful().holds().held(lateId) && lawful().holds().held(keptId));
    assertTrue(city.enforcement().review().queue().stream().noneMatch(f -> f.record().zoneId().equals("zh")),
        "a held case reached the officer");
    assertEquals(Review.Result.NOT_OPEN, city.enforcement().review().approve(keptId, "boa-h"));
    assertEquals(new HoldPeriod.Release(0, 0), lawful().holds().releaseDue(Instant.now()), "released before 10 days");

    // The care visit is registered the next day, for the day of the passage, in the record.
    LocalDate day = seen.atZone(Passage.LOCAL).toLocalDate();
    city.exempt(Exemption.forPlate("zorg-1", "zh", careVisit, day, day, "mantelzorg, achteraf gemeld"));
    HoldPeriod.Release release = lawful().holds().releaseDue(seen.plus(Duration.ofDays(10)));

    assertEquals(new HoldPeriod.Release(1, 1), release);
    assertEquals(List.of(), city.caseIdsOf(careVisit));
    assertEquals(List.of(lateId), city.query("SELECT case_id FROM case_tombstones WHERE case_id = '" + lateId + "'"));
    assertEquals(List.of("1"), city.query("SELECT count FROM enforcement_counters WHERE zone_id = 'zh' AND outcome = '"
        + "EXEMPTED_LATE'"));
    assertTrue(city.journalPayloads().stream().noneMatch(p -> p.contains(careVisit.text())),
        "the deleted case's plate is still in the journal");
    assertEquals(keptId, city.openCaseOf(plain).caseId());
    assertFalse(lawful().holds().held(keptId));
    assertEquals(Review.Result.APPROVED, city.enforcement().review().approve(keptId, "boa-h"));
  }

  @Test
  void aDetourWithdrawsTheCasesOfItsGatesAndWindowAndMakesNoNewOnes() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Plate before = city.van("OM-001-Z");
    Plate otherGate = city.van("OM-002-Z");
    Plate during = city.van("OM-003-Z");
    Plate after = city.van("OM-004-Z");
    Plate earlier = city.van("OM-005-Z");
    city.pass("om-1", earlier, now.minus(Duration.ofHours(3)));
    city.pass("om-1", before, now.minus(Duration.ofMinutes(30)));
    city.pass("om-2", otherGate, now.minus(Duration.ofMinutes(30)));
    String earlierId = city.openCaseOf(earlier).caseId();
    city.openCaseOf(before);
    String otherId = city.openCaseOf(otherGate).caseId();

    List<String> counted = detourCount();
    Detours.Declared declared = lawful().detours().declare(Set.of("om-in"), now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofHours(1)), "politie: omleiding A12", "ops-om");

    assertEquals(1, declared.withdrawn());
    assertEquals(List.of(), city.caseIdsOf(before));
    assertEquals(List.of(otherId), city.caseIdsOf(otherGate));
    assertEquals(List.of(earlierId), city.caseIdsOf(earlier), "a case before the window was withdrawn");
    assertTrue(lawful().detours().current().stream().anyMatch(d -> d.id() == declared.detour().id()));

    city.pass("om-1", during, now);
    long detoured = counted.isEmpty() ? 0 : Long.parseLong(counted.get(0));
    EnforcementCity.await("the detour counter", this::detourCount, List.of(String.valueOf(detoured + 2))::equals);
    assertEquals(List.of(), city.caseIdsOf(during));

    assertTrue(lawful().detours().end(declared.detour().id()));
    assertFalse(lawful().detours().end(declared.detour().id()), "ended twice");
    city.pass("om-1", after, Instant.now().plusSeconds(60));
    city.openCaseOf(after);
  }

  @Test
  void anUnapprovedSiteMakesTestCasesThatNeverReachCjibAndExportsASamplePackage() throws Exception {
    Plate test = city.van("NS-001-Z");
    Plate real = city.van("NS-002-Z");
    city.pass("new-1", test, Instant.now().minusSeconds(120));
    CaseFile testCase = city.openCaseOf(test);
    assertTrue(lawful().sites().isTestCase(testCase.caseId()));
    assertEquals(Review.Result.APPROVED, city.enforcement().review().approve(testCase.caseId(), "boa-n"));
    Optional<Batch> batch = city.enforcement().cjib().export("boa-n");
    assertTrue(batch.stream().noneMatch(b -> city.batchText(b).contains(testCase.caseId())), "a test case went to CJIB");
    assertEquals(List.of("APPROVED"), city.query("SELECT status FROM cases WHERE case_id = '" + testCase.caseId() + "'"));

    Map<String, byte[]> zip = EnforcementCity.unzip(lawful().sites().samplePackage("new-1"));
    JsonNode site = Json.MAPPER.readTree(zip.get("site.json"));
    assertEquals("W-04", site.get("locationCode").asText());
    assertFalse(site.get("approved").asBoolean());
    String dir = "01-" + testCase.caseId() + "/";
    assertTrue(new String(zip.get(dir + "observation.txt"), StandardCharsets.UTF_8)
        .contains(testCase.record().observationText()), zip.keySet().toString());
    assertEquals(testCase.evidence().size(), zip.keySet().stream().filter(n -> n.startsWith(dir + "picture-")).count());
    assertTrue(testCase.evidence().size() > 0, "the sample has no pictures to judge");
    assertEquals(testCase.evidence().get(0).sha256(), StoredEvidence.sha256(zip.get(dir + "picture-1.svg")));

    assertTrue(lawful().sites().approve("new-1", null, "CVOM-2025-17", "ops-n").approved());
    city.pass("new-1", real, Instant.now().plusSeconds(5));
    CaseFile realCase = city.openCaseOf(real);
    assertFalse(lawful().sites().isTestCase(realCase.caseId()));
    city.enforcement().review().approve(realCase.caseId(), "boa-n");
    assertTrue(city.batchText(city.enforcement().cjib().export("boa-n").orElseThrow()).contains(realCase.caseId()));
    assertTrue(lawful().sites().revoke("new-1", null));

    // After the test-case retention a test case is deleted like any other case; a real one stays.
    assertTrue(lawful().sites().expireTestCases(testCase.record().observedAt().plusSeconds(1)) >= 1);
    assertEquals(List.of(), city.caseIdsOf(test));
    assertEquals(List.of(realCase.caseId()), city.caseIdsOf(real));
    assertEquals(List.of(), city.query("SELECT case_id FROM test_cases WHERE case_id = '" + testCase.caseId() + "'"));
  }

  @Test
  void theRoutesCheckRolesAndLogWhatTheyReveal() throws Exception {
    String detour = "{\"gateIds\": [\"rt-in\"], \"from\": \"" + Instant.now().minus(Duration.ofHours(1)) + "\", "
        + "\"until\": \"2099-03-01T18:00:00Z\", \"reason\": \"evenement\"}";
    assertEquals(403, as("controlroom").post("/api/enforcement/detours", detour).statusCode());
    HttpResponse<String> declared = as("operations").post("/api/enforcement/detours", detour);
    assertEquals(201, declared.statusCode(), declared.body());
    long id = Json.MAPPER.readTree(declared.body()).get("detour").get("id").asLong();
    assertEquals(400, as("operations").post("/api/enforcement/detours", detour.replace("rt-in", "nergens"))
        .statusCode());
    HttpResponse<String> listed = as("controlroom").get("/api/enforcement/detours");
    assertEquals(200, listed.statusCode());
    assertTrue(listed.body().contains("\"id\":" + id), listed.body());
    assertEquals(200, as("operations").post("/api/enforcement/detours/" + id + "/end", "").statusCode());

    HttpResponse<String> sites = as("officer").get("/api/enforcement/sites");
    assertEquals(5, Json.MAPPER.readTree(sites.body()).size(), sites.body());
    assertEquals(400, as("operations").post("/api/enforcement/sites/new-1/approval", "{}").statusCode());
    assertEquals(403, as("officer").get("/api/enforcement/sites/cz-1/sample").statusCode());
    HttpResponse<byte[]> sample = as("operations").getBytes("/api/enforcement/sites/cz-1/sample");
    assertEquals(200, sample.statusCode());
    assertEquals("application/zip", sample.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(EnforcementCity.unzip(sample.body()).containsKey("site.json"));
    assertEquals(List.of("operations"), city.query("SELECT user_name FROM access_log WHERE subject = 'site-sample:cz-1'"));

    HttpResponse<byte[]> pdf =
        as("officer").getBytes("/api/enforcement/inspections/report?month=2025-06&gate=cz-in");
    assertEquals(200, pdf.statusCode());
    assertEquals("%PDF", new String(pdf.body(), 0, 4, StandardCharsets.US_ASCII));
    assertEquals(400, as("officer").get("/api/enforcement/inspections/report?month=juni").statusCode());
  }

  @Test
  void theCitizenSeesOnlyThePicturesAndWrongNumbersAndPlatesGetTheSameAnswer() throws Exception {
    Plate plate = city.van("CZ-001-Z");
    city.pass("cz-1", plate, Instant.now().plusSeconds(5)); // after the site's approval: not a test case
    CaseFile file = city.openCaseOf(plate);
    city.enforcement().review().approve(file.caseId(), "boa-c");
    city.enforcement().cjib().export("boa-c").orElseThrow();

    HttpResponse<String> page = ApiClient.anonymous(city.controller.httpPort()).get("/inzage");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("Zaaknummer"));

    Answer right = ask(file.caseId(), "cz-001-z");
    assertEquals(200, right.status(), right.body());
    JsonNode evidence = Json.MAPPER.readTree(right.body());
    assertEquals(Set.of("caseNumber", "pictures"), fieldNames(evidence));
    assertEquals(file.evidence().size(), evidence.get("pictures").size());
    assertEquals(file.evidence().get(0).sha256(),
        StoredEvidence.sha256(Base64.getDecoder().decode(evidence.get("pictures").get(0).get("data").asText())));
    assertFalse(right.body().contains(plate.text()) || right.body().contains("Burgerplein"), "more than the pictures");

    List<Answer> wrongNumbers = new ArrayList<>();
    List<Answer> wrongPlates = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      wrongNumbers.add(ask("c-00000000-0000-0000-0000-00000000000" + i, "CZ-001-Z"));
      wrongPlates.add(ask(file.caseId(), "CZ-00" + (i + 4) + "-Z"));
    }
    Answer wrongNumber = median(wrongNumbers);
    Answer wrongPlate = median(wrongPlates);
    Answer nonsense = ask("'; DROP TABLE cases; --", "!!");
    Answer openCase = ask(openCaseId(), "XX-999-X");
    List<Answer> wrongs = new ArrayList<>(wrongNumbers);
    wrongs.addAll(wrongPlates);
    wrongs.addAll(List.of(nonsense, openCase));
    for (Answer wrong : wrongs) {
      assertEquals(404, wrong.status());
      assertEquals(wrongNumber.body(), wrong.body());
      assertTrue(wrong.took().compareTo(ANSWER_TIME) >= 0, "answered in " + wrong.took());
    }
    System.out.printf("evidence request (answer time %d ms): right %d ms, wrong numbers %s, wrong plates %s, "
        + "nonsense %d ms, open case %d ms%n", ANSWER_TIME.toMillis(), right.took().toMillis(), millis(wrongNumbers),
        millis(wrongPlates), nonsense.took().toMillis(), openCase.took().toMillis());
    assertTrue(Math.abs(wrongNumber.took().toMillis() - wrongPlate.took().toMillis()) < 150,
        "median wrong number " + wrongNumber.took() + " vs wrong plate " + wrongPlate.took());

    List<String> logged = city.query("SELECT subject FROM access_log WHERE user_name = 'public:evidence-request'");
    assertTrue(logged.contains("evidence-request:" + file.caseId()), logged.toString());
    assertTrue(logged.stream().noneMatch(s -> s.contains(plate.text())), "a plate in the access log");

    int asked = 9;
    Answer limited = null;
    while (limited == null && asked <= 2 * REQUESTS_PER_MINUTE + 1) {
      Answer a = ask(file.caseId(), "CZ-002-Z");
      asked++;
      limited = a.status() == 429 ? a : null;
    }
    assertTrue(limited != null, "no rate limit after " + asked + " requests");
    assertTrue(limited.body().contains("te druk"), limited.body());
  }

  record Answer(int status, String body, Duration took) {}

  private static Answer median(List<Answer> answers) {
    return answers.stream().sorted(Comparator.comparing(Answer::took)).toList().get(answers.size() / 2);
  }

  private static List<Long> millis(List<Answer> answers) {
    return answers.stream().map(a -> a.took().toMillis()).toList();
  }

  private List<String> detourCount() throws Exception {
    return city.query("SELECT sum(count) FROM enforcement_counters WHERE zone_id = 'ze' AND outcome = 'DETOUR' "
        + "HAVING sum(count) > 0");
  }

  private Answer ask(String caseNumber, String plate) throws Exception {
    String json = Json.MAPPER.writeValueAsString(Map.of("caseNumber", caseNumber, "plate", plate));
    long start = System.nanoTime();
    HttpResponse<String> r = ApiClient.anonymous(city.controller.httpPort())
        .post("/api/public/evidence-request", json);
    return new Answer(r.statusCode(), r.body(), Duration.ofNanos(System.nanoTime() - start));
  }

  /** An open case of its own, so a right plate of an undecided case shows nothing either. */
  private String openCaseId() throws Exception {
    Plate plate = city.van("CZ-003-Z");
    city.pass("cz-1", plate, Instant.now().minusSeconds(200));
    return city.openCaseOf(plate).caseId();
  }

  private String caseOf(Plate plate) throws Exception {
    return EnforcementCity.await("a case of " + plate, () -> city.caseIdsOf(plate), ids -> ids.size() == 1).get(0);
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** A demo user of demo.conf (password "demo-" + name), as an API client signs in. */
  private ApiClient as(String user) {
    return ApiClient.as(city.controller.httpPort(), user);
  }
}
