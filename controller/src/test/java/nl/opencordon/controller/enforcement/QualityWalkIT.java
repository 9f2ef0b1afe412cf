package nl.opencordon.controller.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.opencordon.controller.TestBrowsers;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.RuleSources;
import nl.opencordon.enforcement.store.CaseFile;
import nl.opencordon.enforcement.store.StoredEvidence;
import nl.opencordon.security.ApiClient;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The verdict quality loop walked end to end on a real controller and PostgreSQL (docs/quality.md): a van passes
 * a camera whose site is approved and whose signs were inspected, two officers approve its case (four eyes), it
 * goes to CJIB, the CVOM's file says its objection was upheld; another case is dismissed as a misread plate. The
 * rates, the gauges, the ministry's figures and the case's dossier show it all, and the counts stay when
 * retention deletes the case. Then the officer's page (a dossier in one click; a picture altered in storage gives
 * the server's reason instead) and the quality page in headless Chromium ({@code -Dquality.screenshot=PATH}
 * saves its picture).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QualityWalkIT {
  private EnforcementCity city;
  private ApiClient officer;
  private String finedCase;
  /** A case left open by the walk, on the officer's screen in the second test. */
  private Plate open;

  @BeforeAll
  void start() throws Exception {
    city = new EnforcementCity(EnforcementCity.CITY, """
        anpr.enforcement.four-eyes-zones = ["ze"]
        anpr.insight.quality.metrics-interval = 200ms
        anpr.insight.quality.passage-flush-interval = 200ms
        """);
    officer = ApiClient.as(city.controller.httpPort(), "officer");
  }

  @AfterAll
  void stop() throws Exception {
    city.close();
  }

  @Test
  @Order(1)
  void aCaseFromPassageThroughReviewExportAndAnUpheldObjectionShowsInTheRatesAndItsDossier() throws Exception {
    Instant at = Instant.now().minus(Duration.ofMinutes(5));
    YearMonth month = YearMonth.from(at.atZone(Passage.LOCAL));
    LocalDate day = at.atZone(Passage.LOCAL).toLocalDate();
    // the lawful process around the passage: the site approved by the CVOM, the signs inspected the day before
    city.enforcement().lawful().sites().approve("ze-1", null, "CVOM-2026-0417", "operations");
    city.enforcement().signs().inspect("ze-in", at.minus(Duration.ofDays(1)), "schouwer-jan", true,
        "borden schoon en zichtbaar");

    // a compliant electric van: counted in the ministry's figures, no case
    city.pass("ze-1", city.traffic.electricVan("QW-100-Z"), at.minusSeconds(10));

    Plate fined = city.van("QW-101-A");
    Plate misread = city.van("QW-102-B");
    open = city.van("QW-103-C");
    city.pass("ze-1", fined, at);
    city.pass("ze-1", misread, at.plusSeconds(1));
    city.pass("ze-1", open, at.plusSeconds(2));
    CaseFile file = city.openCaseOf(fined);
    finedCase = file.caseId();
    String ruleId = file.record().ruleId();

    // review: a dismissal needs one of the configured reasons; the misread one is dismissed for that reason
    String misreadCase = city.openCaseOf(misread).caseId();
    assertEquals(400, officer.post("/api/enforcement/cases/" + misreadCase + "/dismiss", "{}").statusCode());
    assertEquals(400, officer.post("/api/enforcement/cases/" + misreadCase + "/dismiss",
        "{\"reason\":\"SUNSPOTS\"}").statusCode());
    assertEquals(200, officer.post("/api/enforcement/cases/" + misreadCase + "/dismiss",
        "{\"reason\":\"PLATE_MISREAD\"}").statusCode());
    // four eyes, then CJIB
    assertEquals("FIRST_APPROVAL", city.enforcement().review().approve(finedCase, "boa-anna").name());
    assertEquals("APPROVED", city.enforcement().review().approve(finedCase, "boa-bert").name());
    assertTrue(city.enforcement().cjib().export("boa-anna").isPresent(), "a CJIB batch");
    assertEquals(List.of("EXPORTED"), city.query("SELECT status FROM cases WHERE case_id = '" + finedCase + "'"));

    // the CVOM's file: the objection upheld; a second import of the same file records nothing twice
    String cvom = "zaak,soort,uitkomst\n" + finedCase + ",bezwaar,gegrond\nonbekend-1,bezwaar,ongegrond\n";
    JsonNode imported = Json.MAPPER.readTree(officer.postCsv("/api/enforcement/outcomes/import", cvom).body());
    assertEquals(1, imported.path("recorded").asInt(), imported.toString());
    assertEquals("regel 3: UNKNOWN_CASE", imported.path("problems").path(0).asText());
    JsonNode again = Json.MAPPER.readTree(officer.postCsv("/api/enforcement/outcomes/import", cvom).body());
    assertEquals(List.of(0, 1), List.of(again.path("recorded").asInt(), again.path("already").asInt()));
    // an objection against a case that never went to CJIB is refused
    assertEquals(409, officer.post("/api/enforcement/cases/" + city.openCaseOf(open).caseId() + "/outcomes",
        "{\"kind\":\"OBJECTION\",\"result\":\"UPHELD\"}").statusCode());

    // the rates: per camera and per rule, this month
    Map<String, JsonNode> byCamera = rates(month, "camera");
    JsonNode camera = byCamera.get("ze-1");
    assertEquals(List.of(3L, 1L, 1L, 1L, 1L, 1L), List.of(camera.path("cases").asLong(),
        camera.path("finesSent").asLong(), camera.path("dismissed").asLong(),
        camera.path("dismissedBy").path("PLATE_MISREAD").asLong(), camera.path("objections").asLong(),
        camera.path("objectionsUpheld").asLong()), camera.toString());
    assertEquals(1.0, rates(month, "rule").get(ruleId).path("objectionsUpheldShare").asDouble());
    assertEquals(1, rates(month, "gate").get("ze-in").path("objectionsUpheld").asInt());

    // the gauges the alerts watch: a third of the camera's cases misread, the rule's one objection upheld
    String metrics = EnforcementCity.await("the quality gauges", this::metrics,
        m -> m.contains("anpr_quality_misread_share{camera=\"ze-1\"} 0.333")
            && m.contains("anpr_quality_objections_upheld_share{rule=\"" + ruleId + "\"} 1.0"));
    assertTrue(metrics.contains("anpr_quality_cases{camera=\"ze-1\"} 3.0"), metrics);

    // the ministry's figures for today: vehicles counted without plates, the cases and the fine sent
    String figures = EnforcementCity.await("the passages counted", () -> figures(day),
        csv -> csv.contains("," + day + ",ze,VAN,4,3,3,0,1") && csv.contains("," + day + ",ze,VAN,Z,1,0,0,0"));
    assertTrue(figures.startsWith("period_from,period_to,zone,vehicle_category,emission_class,passages,violations,"
        + "warnings,fines"), figures);
    assertFalse(figures.contains("QW-101-A") || figures.contains("QW101A"), "no plate in the figures");

    // the dossier: one PDF holding every part, written to the access log; the ZIP with the original picture
    HttpResponse<byte[]> pdf = officer.getBytes("/api/enforcement/cases/" + finedCase + "/dossier.pdf");
    assertEquals(200, pdf.statusCode());
    String text;
    try (PDDocument doc = Loader.loadPDF(pdf.body())) {
      text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
    }
    for (String part : List.of("1. Zaak", "2. Tijd en plaats", "3. Tweede waarneming", "4. Foto's",
        "5. Voertuiggegevens (RDW)", "6. Regel en wettelijke grondslag", "7. Bebording en schouw",
        "8. Goedkeuring van de locatie", "9. Beoordeling", "10. Gecontroleerde ontheffingen", "11. Uitkomsten")) {
      assertTrue(text.contains(part), "the dossier lacks " + part + ":\n" + text);
    }
    StoredEvidence picture = file.evidence().get(0);
    String legalSource = RuleSources.of(ruleId);
    for (String fact : List.of(finedCase, fined.display(), "H-01, Weerdsingel", picture.sha256(),
        file.record().observationText().replaceAll("\\s+", " "), "RDW Open Data", "VOLKSWAGEN",
        "Regel " + ruleId, legalSource.substring(0, Math.min(40, legalSource.length())), "schouwer-jan",
        "borden in orde: borden schoon en zichtbaar", "Geen bordprobleem", "CVOM-2026-0417",
        "Vier ogen in zone ze: ja", "Eerste goedkeuring: boa-anna", "Goedgekeurd door boa-bert",
        "geen ontheffing die deze passage dekt", "OBJECTION UPHELD")) {
      assertTrue(text.contains(fact), "the dossier lacks \"" + fact + "\":\n" + text);
    }
    assertEquals(List.of("officer"), city.query(
        "SELECT user_name FROM access_log WHERE subject = 'dossier:" + finedCase + "'"));
    Map<String, byte[]> zip =
        EnforcementCity.unzip(officer.getBytes("/api/enforcement/cases/" + finedCase + "/dossier.zip").body());
    assertEquals(List.of("SHA256SUMS", "dossier.pdf", "foto-1.svg"), zip.keySet().stream().sorted().toList());
    assertEquals(picture.sha256(), StoredEvidence.sha256(zip.get("foto-1.svg")));
    assertEquals(picture.sha256() + "  foto-1.svg\n", new String(zip.get("SHA256SUMS"), StandardCharsets.UTF_8));

    // retention deletes the fine: the outcome keeps no case id, only its hash, and the counts stay
    city.enforcement().retentionJob(Clock.offset(Clock.systemUTC(), Duration.ofDays(6 * 366))).runOnce();
    assertEquals(List.of(), city.caseIdsOf(fined));
    assertEquals(List.of("OBJECTION UPHELD"), city.query("SELECT outcome || ' ' || result FROM case_outcomes"
        + " WHERE case_hash = encode(sha256('" + finedCase + "'::bytea), 'hex') AND case_id IS NULL"));
    assertEquals(List.of(), city.query("SELECT case_id FROM case_outcomes WHERE case_id IS NOT NULL"));
    assertEquals(1, rates(month, "camera").get("ze-1").path("objectionsUpheld").asInt());
    assertEquals(3, rates(month, "camera").get("ze-1").path("cases").asInt());
    assertEquals(404, officer.getBytes("/api/enforcement/cases/" + finedCase + "/dossier.pdf").statusCode());
  }

  @Test
  @Order(2)
  void theOfficersPageMakesADossierInOneClickAndTheQualityPageDrawsTheRates() throws Exception {
    seedEarlierMonthsForThePicture();
    String openCase = city.caseIdsOf(open).get(0);
    WebDriver browser = TestBrowsers.headlessChromium(1400, 1300);
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(200));
      browser.get("http://127.0.0.1:" + city.controller.httpPort() + "/officer");
      wait.until(b -> b.findElement(By.id("login-user")).isDisplayed());
      TestBrowsers.signIn(browser, "officer");
      // the case on screen is in the dossier panel: one click makes its dossier, written to the access log
      wait.until(b -> openCase.equals(b.findElement(By.id("q-case")).getAttribute("value")));
      browser.findElement(By.id("q-dossier-pdf")).click();
      wait.until(b -> b.findElement(By.id("q-message")).getText().equals("Dossier van " + openCase
          + " gemaakt (PDF)."));
      assertEquals(List.of("officer"), city.query("SELECT user_name FROM access_log WHERE subject = 'dossier:"
          + openCase + "'"));
      // an appeal outcome for a case never sent to CJIB is refused, and the page says why
      browser.findElement(By.id("q-decide")).click();
      wait.until(b -> b.findElement(By.id("q-message")).getText().contains("alleen voor boetes die naar het CJIB"));
      // a picture altered in storage: no dossier, and the page gives the server's reason
      assertEquals(List.of("pg:"), city.query("UPDATE evidence_objects SET content = content || '\\x00'::bytea "
          + "WHERE ref IN (SELECT ref FROM case_evidence WHERE case_id = '" + openCase + "') RETURNING left(ref, 3)"));
      browser.findElement(By.id("q-dossier-zip")).click();
      wait.until(b -> b.findElement(By.id("q-message")).getText().startsWith("Foto 1 van zaak " + openCase
          + " komt niet meer overeen met de SHA-256"));

      browser.get("http://127.0.0.1:" + city.controller.httpPort() + "/quality");
      wait.until(b -> b.findElement(By.id("rates")).getText().contains("ze-1"));
      JavascriptExecutor js = (JavascriptExecutor) browser;
      // the walked month: one misread dismissal among three cases, one objection upheld
      String month = YearMonth.now(Passage.LOCAL).toString();
      assertTrue(browser.findElement(By.id("rates")).getText().contains(month + " ze-1 3 1 1 (33.3%) 1 0 1 1 (100%)"),
          browser.findElement(By.id("rates")).getText());
      assertEquals(Boolean.TRUE, js.executeScript("const c = Chart.getChart(document.querySelector('#chart-reasons'));"
          + " return c.data.datasets.some(d => d.label === 'kenteken verkeerd gelezen' && d.data.some(n => n > 0));"));
      TestBrowsers.screenshot(browser, "quality.png", System.getProperty("quality.screenshot"));
    } finally {
      browser.quit();
    }
  }

  /** Five earlier months of two cameras, written as the triggers and the chain would, so the charts show a trend. */
  private void seedEarlierMonthsForThePicture() throws Exception {
    try (Connection c = city.database.dataSource().getConnection();
         PreparedStatement counts = c.prepareStatement("INSERT INTO case_counts (day, zone_id, rule_id, camera_id, kind,"
             + " category, emission_class, cases, exported) VALUES (?, 'ze', 'ZE-3', ?, 'FINE', 'VAN', '4', ?, ?)");
         PreparedStatement outcome = c.prepareStatement("INSERT INTO case_outcomes (case_hash, zone_id, rule_id, gate_id,"
             + " camera_id, kind, day, outcome, result, reason, recorded_by, recorded_at, source) SELECT"
             + " md5(random()::text) || md5(random()::text), 'ze', 'ZE-3', ?, ?, 'FINE', ?, ?, ?, ?, 'seed', now(),"
             + " 'OFFICER' FROM generate_series(1, ?)")) {
      String[][] cameras = {{"ze-1", "ze-in"}, {"sg-1", "sg-in"}};
      for (int back = 5; back >= 1; back--) {
        LocalDate day = YearMonth.now(Passage.LOCAL).minusMonths(back).atDay(10);
        for (String[] cam : cameras) {
          boolean dirty = cam[0].equals("ze-1") && back <= 2; // a lens getting dirty
          counts.setObject(1, day);
          counts.setString(2, cam[0]);
          counts.setInt(3, 120);
          counts.setInt(4, 90);
          counts.executeUpdate();
          Object[][] rows = {{"DISMISSED", null, "PLATE_MISREAD", dirty ? 14 : 3}, {"DISMISSED", null, "OTHER", 2},
              {"DISMISSED", null, "EXEMPTION_FOUND", 4}, {"WITHDRAWN", null, "SIGN_PROBLEM", back == 3 ? 6 : 0},
              {"OBJECTION", "UPHELD", null, 2}, {"OBJECTION", "REJECTED", null, 9}};
          for (Object[] r : rows) {
            outcome.setString(1, cam[1]);
            outcome.setString(2, cam[0]);
            outcome.setObject(3, day);
            outcome.setString(4, (String) r[0]);
            outcome.setString(5, (String) r[1]);
            outcome.setString(6, (String) r[2]);
            outcome.setInt(7, (Integer) r[3]);
            outcome.executeUpdate();
          }
        }
      }
    }
  }

  private Map<String, JsonNode> rates(YearMonth month, String by) throws Exception {
    HttpResponse<String> res = officer.get("/api/insight/quality?from=" + month + "&to=" + month + "&by=" + by);
    assertEquals(200, res.statusCode(), res.body());
    Map<String, JsonNode> out = new HashMap<>();
    Json.MAPPER.readTree(res.body()).forEach(r -> out.put(r.path("key").asText(), r));
    return out;
  }

  private String figures(LocalDate day) throws Exception {
    return officer.get("/api/insight/monitoring-figures?from=" + day + "&to=" + day).body();
  }

  private String metrics() throws Exception {
    return ApiClient.anonymous(city.controller.httpPort()).get("/metrics").body();
  }
}
