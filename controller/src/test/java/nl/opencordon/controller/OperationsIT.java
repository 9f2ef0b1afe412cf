package nl.opencordon.controller;

import static nl.opencordon.controller.TestTraffic.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Plate;
import nl.opencordon.persistence.Database;
import nl.opencordon.security.ApiClient;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * What operations sees of a controller while vehicles pass, cases are opened, reviewed and dismissed, and
 * cameras push good and malformed passages over HTTP: with {@code ANPR_LOG_FORMAT=json} its own logback.xml
 * writes one JSON object per line and no plate appears in them; {@code /metrics} counts what happened.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsIT {
  private final List<String> plates = new ArrayList<>();
  private List<String> lines;
  private String metrics;

  @BeforeAll
  void runTheScenarioWithJsonLogs() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    System.setProperty("ANPR_LOG_FORMAT", "json");
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      logback.reset();
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(logback);
      configurator.doConfigure(OperationsIT.class.getClassLoader().getResource("logback.xml"));
      metrics = run();
    } finally {
      System.setOut(stdout);
      System.clearProperty("ANPR_LOG_FORMAT");
      logback.reset();
      new ContextInitializer(logback).autoConfig();
    }
    lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
  }

  @Test
  void jsonLinesWithoutPlates() throws Exception {
    assertTrue(lines.size() >= 5, "too few log lines to judge: " + lines);
    for (String line : lines) {
      JsonNode event = Json.MAPPER.readTree(line);
      assertTrue(event.has("message") && event.has("level") && event.has("@timestamp"), line);
      for (String plate : plates) {
        assertFalse(line.contains(plate), () -> "plate " + plate + " in the log: " + line);
      }
    }
  }

  @Test
  void theMetricsCountWhatHappened() {
    assertEquals(3, value("anpr_zone_decisions_total{outcome=\"CASE_OPENED\",zone=\"ze\"}"), metrics);
    assertEquals(1, value("anpr_zone_decisions_total{outcome=\"NO_HIT\",zone=\"ze\"}"));
    assertEquals(1, value("anpr_no_hits_discarded_total{zone=\"ze\"}"));
    assertEquals(3, value("anpr_cases_total{kind=\"FINE\",zone=\"ze\"}"));
    assertEquals(3, value("anpr_cases_written_total"));
    assertEquals(0, value("anpr_read_side_pending_cases"));
    assertEquals(2, value("anpr_cases_by_status{status=\"OPEN\"}"));
    assertEquals(1, value("anpr_cases_deleted_total{reason=\"DISMISSED\"}"));
    assertEquals(1, value("anpr_passages_ingested_total{camera=\"in-2\",channel=\"http\",outcome=\"accepted\"}"));
    assertEquals(1, value("anpr_passages_ingested_total{camera=\"in-2\",channel=\"http\",outcome=\"malformed\"}"));
    assertEquals(1, value("anpr_http_request_duration_seconds_count{method=\"POST\","
        + "route=\"/api/enforcement/cases/{id}/dismiss\",status=\"200\"}"));
    assertEquals(1, value("anpr_http_request_duration_seconds_count{method=\"GET\","
        + "route=\"/api/enforcement/cases/{id}\",status=\"404\"}"));
    assertEquals(1, value("anpr_cluster_members{status=\"up\"}"));
    // present once the camera reported its health (up while vehicles passed, down when silent since)
    assertTrue(value("anpr_device_up{device=\"in-1\",kind=\"camera\"}") >= 0);
    assertTrue(value("jvm_memory_used_bytes{area=\"heap\"}") > 0);
    assertTrue(value("process_cpu_seconds_total") > 0);
  }

  /** The value of one sample in the scrape. */
  private double value(String sample) {
    return metrics.lines().filter(l -> l.startsWith(sample + " ")).findFirst()
        .map(l -> Double.parseDouble(l.substring(sample.length() + 1).trim().split(" ")[0]))
        .orElseThrow(() -> new AssertionError("no sample " + sample + " in\n" + metrics));
  }

  /** Runs the scenario and returns the controller's metrics at its end. */
  private String run() throws Exception {
    CityLayout layout = TestControllers.oneGateCity(TestControllers.ZE_ZONE, "in-1", "in-2");
    TestTraffic traffic = new TestTraffic(layout);
    try (Database database = TestControllers.freshDatabase();
         Controller controller = Controller.start(TestControllers.config("""
             anpr.camera-drivers.http.api-keys { "in-2" = "key-in-2" }
             """), database, layout, TestControllers.adapters(traffic.register(), new ExemptionRegistry()))) {
      Plate fined = traffic.van("VB-701-X");
      Plate dismissed = traffic.van("VB-702-X");
      Plate clean = traffic.electricVan("VB-703-X");
      Plate pushed = traffic.van("VB-704-X");
      for (Plate p : List.of(fined, dismissed, clean, pushed)) {
        plates.add(p.text());
        plates.add(p.display());
      }
      traffic.pass(controller, "in-1", fined, local("2025-03-03T08:15"));
      traffic.pass(controller, "in-1", dismissed, local("2025-03-03T08:16"));
      traffic.pass(controller, "in-1", clean, local("2025-03-03T08:17"));
      HttpClient http = HttpClient.newHttpClient();
      for (String body : List.of(
          passage("push-1", pushed.display(), Instant.now().toString()),
          passage("push-2", pushed.display(), "not a time"))) {
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controller.httpPort()
                + "/api/cameras/in-2/passages")).header("X-Api-Key", "key-in-2")
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
      }
      ApiClient officer = ApiClient.as(controller.httpPort(), "officer");
      TestProbe.create(controller.system()).awaitAssert(Duration.ofSeconds(10), () -> {
        assertEquals(3, controller.cases().list(null, 100).size());
        return null;
      });
      String caseId = controller.cases().list(null, 100).stream()
          .filter(c -> c.plate().equals(dismissed.text())).findFirst().orElseThrow().caseId();
      assertEquals(200, officer.get("/api/enforcement/queue").statusCode());
      assertEquals(200, officer.post("/api/enforcement/cases/" + caseId + "/dismiss",
          "{\"reason\":\"PLATE_MISREAD\"}").statusCode());
      assertEquals(404, officer.get("/api/enforcement/cases/" + caseId).statusCode());
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controller.httpPort() + "/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
  }

  private static String passage(String id, String plate, String timestamp) {
    return """
        {"id": "%s", "timestamp": "%s", "plate": {"text": "%s", "country": "NL", "confidence": 0.97},
         "vehicle": {"category": "N1"}}
        """.formatted(id, timestamp, plate);
  }
}
