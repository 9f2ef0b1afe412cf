package nl.opencordon.controller.exemptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nl.opencordon.controller.Controller;
import nl.opencordon.controller.TestControllers;
import nl.opencordon.controller.TestTraffic;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Exemption;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.Eventually;
import nl.opencordon.persistence.exemptions.ExemptionRepository;
import nl.opencordon.security.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The exemptions API against a real controller on PostgreSQL: a change through it is stored and reaches the
 * running gate at once, a list imported by {@code bin/cordon exemptions-import} in another JVM within seconds (its next passage is no violation, or is one again once the exemption ended), stored
 * exemptions are loaded at start, a list with errors is refused with a report per line, only operations may
 * call it, and every call is in the access log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExemptionApiIT {
  private final CityLayout layout = TestControllers.city(TestControllers.ONE_GATE_CITY);
  private final TestTraffic traffic = new TestTraffic(layout);
  private final ExemptionRegistry registry = new ExemptionRegistry();
  private final LocalDate today = LocalDate.now(Passage.LOCAL);
  private Database database;
  private Controller controller;
  private ApiClient operations;

  @BeforeAll
  void start() throws Exception {
    database = TestControllers.freshDatabase();
    new ExemptionRepository(database.dataSource()).add(Exemption.forPlate("stored-1", "ze", Plate.dutch("VK111B"),
        today, today, "in de database voor de start"));
    controller = Controller.start(TestControllers.config(""), database, layout,
        TestControllers.adapters(traffic.register(), registry));
    operations = ApiClient.as(controller.httpPort(), "operations");
  }

  @AfterAll
  void stop() throws Exception {
    controller.close();
    database.close();
  }

  @Test
  void storedExemptionsAreInTheGatesRegistryFromTheStart() {
    assertTrue(registry.find("ze", Plate.dutch("VK111B"), Instant.now()).isPresent());
  }

  @Test
  void anExemptionAddedAndEndedThroughTheApiReachesTheRunningGateAtOnce() throws Exception {
    Plate van = traffic.van("VL222D");
    HttpResponse<String> saved = operations.put("/api/exemptions/ont-1", """
        {"zoneId": "ze", "plateFrom": "VL-222-D", "validFrom": "%s", "validUntil": "%s", "reason": "verhuizing"}
        """.formatted(today.minusDays(3), today.plusDays(30)));
    assertEquals(200, saved.statusCode(), saved.body());
    long before = violations();
    traffic.pass(controller, "in-1", van, Instant.now().minusSeconds(60));
    assertEquals(before, violations(), "exempt: no violation");

    HttpResponse<String> ended = operations.post("/api/exemptions/ont-1/end", "{}");
    assertEquals(200, ended.statusCode(), ended.body());
    LocalDateTime endedAt = LocalDateTime.parse(Json.MAPPER.readTree(ended.body()).get("validUntil").asText());
    assertTrue(Duration.between(endedAt, LocalDateTime.now(Passage.LOCAL)).abs().toSeconds() < 60,
        "ended now, not at the end of a day: " + endedAt);
    traffic.pass(controller, "in-1", van, Instant.now()); // a minute later: past the gate's merge window
    assertEquals(before + 1, violations(), "ended: a violation again");

    JsonNode found = Json.MAPPER.readTree(operations.get("/api/exemptions?q=vl-222-d").body());
    assertEquals(1, found.size());
    assertEquals("ont-1", found.get(0).get("id").asText());
  }

  @Test
  void aListWithAnErrorIsRefusedWholeWithAReportPerLine() throws Exception {
    HttpResponse<String> r = operations.post("/api/exemptions/import", """
        id,zone,country,plate_from,plate_to,valid_from,valid_until,reason
        imp-1,ze,,VM-333-F,,2026-01-01,2026-12-31,markt
        imp-2,nowhere,,VM-334-F,,2026-01-01,2026-12-31,markt
        """);
    assertEquals(422, r.statusCode(), r.body());
    JsonNode report = Json.MAPPER.readTree(r.body());
    assertFalse(report.get("stored").asBoolean());
    assertEquals(3, report.at("/lines/0/line").asLong());
    assertTrue(report.at("/lines/0/message").asText().contains("unknown zone 'nowhere'"), r.body());
    assertTrue(registry.all().stream().noneMatch(e -> e.id().startsWith("imp-")), "nothing half-imported");
  }

  @Test
  void onlyOperationsMayChangeExemptionsAndEveryCallIsLogged() throws Exception {
    assertEquals(403, ApiClient.as(controller.httpPort(), "officer").put("/api/exemptions/x", "{}").statusCode());
    assertEquals(401, ApiClient.anonymous(controller.httpPort()).get("/api/exemptions").statusCode());
    HttpResponse<String> badZone = operations.put("/api/exemptions/x", """
        {"zoneId": "elders", "plateFrom": "VN-444-G", "validFrom": "2026-01-01", "validUntil": "2026-01-02"}""");
    assertEquals(400, badZone.statusCode(), badZone.body());
    JsonNode log = Json.MAPPER.readTree(ApiClient.as(controller.httpPort(), "admin")
        .get("/api/access-log?subject=exemption:x").body());
    assertEquals(List.of("PUT /api/exemptions/x"), List.of(log.get(0).get("action").asText()));
  }

  @Test
  void aListImportedWithTheCliInAnotherJvmReachesTheRunningGateWithinSeconds() throws Exception {
    Plate van = traffic.van("VP555H");
    Path dir = Files.createTempDirectory("exemptions-cli");
    Path csv = Files.writeString(dir.resolve("ontheffingen.csv"), """
        id,zone,country,plate_from,plate_to,valid_from,valid_until,reason
        cli-1,ze,,VP-555-H,,%s,%s,evenement
        """.formatted(today.minusDays(1), today.plusDays(1)));
    Path conf = Files.writeString(dir.resolve("cordon.conf"), """
        anpr.city { %s }
        anpr.persistence.db { url = "%s", user = "%s" }
        """.formatted(TestControllers.ONE_GATE_CITY, database.settings().url(), database.settings().user()));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process cli = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "nl.opencordon.controller.cli.Cordon", "exemptions-import", csv.toString(), "-c", conf.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("cli.log").toFile()).start();
    assertTrue(cli.waitFor(60, TimeUnit.SECONDS), "the CLI did not finish");
    assertEquals(0, cli.exitValue(), () -> read(dir.resolve("cli.log")));
    Duration seen = Eventually.within(Duration.ofSeconds(5), "the running gates seeing the CLI's exemption",
        () -> registry.find("ze", van, Instant.now()).isPresent());
    System.out.printf("exemption imported by another JVM seen by the gates %d ms after the CLI exited%n",
        seen.toMillis());
    long before = violations();
    traffic.pass(controller, "in-1", van, Instant.now());
    assertEquals(before, violations(), "exempt: no violation");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private long violations() throws Exception {
    return TestTraffic.gateStatus(controller, "in").violations();
  }
}
