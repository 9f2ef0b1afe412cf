package nl.opencordon.controller.controlroom;

import static nl.opencordon.controller.TestTraffic.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.controller.Controller;
import nl.opencordon.domain.Json;
import nl.opencordon.controller.TestControllers;
import nl.opencordon.controller.TestTraffic;
import nl.opencordon.security.ApiClient;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.Plate;
import nl.opencordon.persistence.Database;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The control room's API on a real PostgreSQL: incidents from device health, site moves that change the
 * site of later cases only, enforcement times changed at runtime, and all of it surviving a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlRoomApiIT {
  private static final String CITY = """
      name = "Beheerstad"
      zones = [{
        id = "ze", name = "ZE-zone", recidive-term = 7d, warning-interval = 28d
        regime = ${national-ze-regime}
        phases { announcement = "2024-07-01", warning = "2024-10-01", enforcement = "2025-01-01" }
        enforcement-windows = [{ from = "07:00", to = "19:00" }]
      }]
      gates = [
        {id = "in", zone = "ze", kind = entry, position = [52.09, 5.11]}
        {id = "scan", zone = "ze", kind = scan, position = [52.09, 5.12]}
      ]
      cameras = [
        {id = "in-1", gate = "in", site {location-code = "B-01", street = "Weerdsingel", direction = "zuid", position = [52.09, 5.11]}}
        {id = "scan-1", gate = "scan", mobile = true, site {location-code = "B-SCAN", street = "Oudegracht", direction = "noord", position = [52.09, 5.12]}}
      ]
      displays = []
      """;

  private final CityLayout layout = TestControllers.city(CITY);
  private final TestTraffic traffic = new TestTraffic(layout);
  private Database database;
  private Controller controller;
  private TestProbe<Object> probe;

  @BeforeAll
  void start() throws Exception {
    database = TestControllers.freshDatabase();
    startController();
  }

  private void startController() throws Exception {
    controller = Controller.start(TestControllers.config(""), database, layout,
        TestControllers.adapters(traffic.register(), new ExemptionRegistry()));
    probe = TestProbe.create(controller.system());
  }

  @AfterAll
  void stop() throws Exception {
    controller.close();
    database.close();
  }

  private ApiClient as(String user) {
    return ApiClient.as(controller.httpPort(), user);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertEquals(200, response.statusCode(), response::body);
    return Json.MAPPER.readTree(response.body());
  }

  private JsonNode device(String id) throws Exception {
    for (JsonNode d : json(as("controlroom").get("/api/control-room/devices"))) {
      if (d.get("id").asText().equals(id)) {
        return d;
      }
    }
    throw new AssertionError("no device " + id);
  }

  private void awaitHealth(String id, String health) {
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(health, device(id).get("health").asText());
      return null;
    });
  }

  private void heartbeat(String cameraId) {
    controller.devices().cameras().get(cameraId).tell(new Camera.Heartbeat(Instant.now()));
  }

  @Test
  @Order(1)
  void aSilentCameraOpensAnIncidentThatEndsWhenItReportsAgainAndCountsAgainstAvailability() throws Exception {
    heartbeat("in-1");
    awaitHealth("in-1", "UP");
    // No heartbeats: after silent-after (2 s in tests) the camera is down, and an incident opens.
    awaitHealth("in-1", "DOWN");
    // the incident is stored a moment after the health change is shown
    JsonNode open = probe.awaitAssert(Duration.ofSeconds(5), () -> {
      JsonNode incidents = json(as("controlroom").get("/api/incidents?open=true&device=in-1"));
      assertEquals(1, incidents.size(), incidents::toString);
      return incidents;
    });
    assertEquals("DEVICE_DOWN", open.get(0).get("type").asText());
    assertTrue(open.get(0).get("endedAt").isNull());
    long id = open.get(0).get("id").asLong();

    heartbeat("in-1");
    awaitHealth("in-1", "UP");
    probe.awaitAssert(Duration.ofSeconds(5), () -> {
      assertEquals(0, json(as("controlroom").get("/api/incidents?open=true&device=in-1")).size());
      return null;
    });
    JsonNode ended = json(as("controlroom").get("/api/incidents?device=in-1")).get(0);
    assertEquals(id, ended.get("id").asLong());
    assertTrue(Instant.parse(ended.get("endedAt").asText()).isAfter(Instant.parse(ended.get("startedAt").asText())));

    assertEquals(403, as("officer").post("/api/incidents/" + id + "/acknowledge", "").statusCode());
    JsonNode acknowledged = json(as("controlroom").post("/api/incidents/" + id + "/acknowledge", ""));
    assertEquals("controlroom", acknowledged.get("acknowledgedBy").asText());
    assertEquals(404, as("controlroom").post("/api/incidents/999999/acknowledge", "").statusCode());

    double day = device("in-1").at("/availability/last24Hours").asDouble();
    assertTrue(day > 0 && day < 1, "down for seconds of the observed time: " + day);
  }

  /** Last: a sign problem suspends the whole zone, and the doubt period would take the other tests' cases. */
  @Test
  @Order(6)
  void aReportedSignProblemIsAnIncidentUntilOperationsResolvesIt() throws Exception {
    JsonNode reported = json(as("controlroom").post("/api/incidents/sign-problems",
        "{\"gateId\":\"in\",\"detail\":\"bord ZE-zone omgewaaid\"}"));
    assertEquals("SIGN_PROBLEM", reported.get("type").asText());
    assertEquals("controlroom", reported.get("reportedBy").asText());
    assertEquals(400, as("operations").post("/api/incidents/sign-problems", "{\"gateId\":\"nowhere\"}").statusCode());
    // The report suspends enforcement at the gate through the enforcement chain...
    assertEquals(List.of(true), openSignProblems("in"));
    long id = reported.get("id").asLong();
    assertEquals(403, as("controlroom").post("/api/incidents/" + id + "/resolve", "").statusCode());
    assertEquals(List.of(true), openSignProblems("in"));
    assertFalse(json(as("operations").post("/api/incidents/" + id + "/resolve", "")).get("endedAt").isNull());
    // ...and resolving the incident lets enforcement resume.
    assertEquals(List.of(false), openSignProblems("in"));
  }

  private List<Boolean> openSignProblems(String gateId) throws Exception {
    return controller.enforcement().signs().problems(gateId).stream().map(p -> p.resolvedAt() == null).toList();
  }

  @Test
  @Order(3)
  void aMovedMobileCameraGivesLaterCasesTheNewSiteAndEarlierOnesTheOld() throws Exception {
    String site = "{\"locationCode\":\"B-M07\",\"street\":\"Nieuwegracht\",\"direction\":\"oost\","
        + "\"lat\":52.088,\"lon\":5.125}";
    assertEquals(409, as("operations").post("/api/cameras/in-1/site", site).statusCode(), "a fixed camera stays");
    assertEquals(403, as("controlroom").post("/api/cameras/scan-1/site", site).statusCode());
    assertEquals(400, as("operations").post("/api/cameras/scan-1/site", "{\"locationCode\":\"X\"}").statusCode());
    // Passages now may fall outside the city file's 07:00-19:00: enforce around the clock for this test.
    assertEquals(0, json(as("operations").put("/api/zones/ze/enforcement-windows", "[]")).size());
    Instant beforeMove = Instant.now().minusSeconds(60);
    JsonNode moved = json(as("operations").post("/api/cameras/scan-1/site", site));
    assertEquals("B-M07", moved.at("/site/locationCode").asText());

    Plate early = traffic.van("CR-001-X");
    Plate late = traffic.van("CR-002-X");
    traffic.pass(controller, "scan-1", early, beforeMove);
    traffic.pass(controller, "scan-1", late, Instant.now());
    assertEquals(List.of("B-SCAN|Oudegracht"), caseSites(early));
    assertEquals("B-M07|Nieuwegracht", caseSites(late).get(0));
    assertEquals(List.of("B-SCAN", "B-M07"), siteCodes());
    // the changes are in the audit trail, each with who made it
    JsonNode audit = json(as("admin").get("/api/access-log?subject=camera:scan-1"));
    assertTrue(audit.size() >= 2, audit::toString); // the refused 400 and the move
    assertEquals("operations POST /api/cameras/scan-1/site", audit.get(0).get("userName").asText() + " "
        + audit.get(0).get("action").asText());
    assertEquals("PUT /api/zones/ze/enforcement-windows",
        json(as("admin").get("/api/access-log?subject=zone:ze")).get(0).get("action").asText());
  }

  @Test
  @Order(4)
  void enforcementTimesSetAtRuntimeApplyToTheNextVehicle() throws Exception {
    String nights = "[{\"days\":[\"MONDAY\",\"TUESDAY\",\"WEDNESDAY\",\"THURSDAY\",\"FRIDAY\",\"SATURDAY\",\"SUNDAY\"],"
        + "\"from\":\"01:00\",\"to\":\"04:00\"}]";
    assertEquals(403, as("controlroom").put("/api/zones/ze/enforcement-windows", nights).statusCode());
    assertEquals(400, as("operations").put("/api/zones/ze/enforcement-windows",
        "[{\"days\":[],\"from\":\"01:00\",\"to\":\"04:00\"}]").statusCode());
    JsonNode set = json(as("operations").put("/api/zones/ze/enforcement-windows", nights));
    assertEquals("01:00:00", set.get(0).get("from").asText());

    Plate dayTime = traffic.van("CR-010-X");
    Plate night = traffic.van("CR-011-X");
    traffic.pass(controller, "in-1", dayTime, local("2025-03-03T08:15")); // inside the city file's window, outside the new one
    traffic.pass(controller, "in-1", night, local("2025-03-03T02:00"));
    assertEquals(List.of("B-01|Weerdsingel"), caseSites(night));
    assertEquals(List.of(), caseSites(dayTime));
  }

  @Test
  @Order(5)
  void siteMovesAndEnforcementTimesSurviveARestart() throws Exception {
    controller.close();
    // While stopped the devices were not observed: that time counts for no device's availability.
    try (Connection c = database.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT count(*) FROM device_health_transitions WHERE to_health = 'UNOBSERVED'")) {
      rs.next();
      assertEquals(layout.cameras().size(), rs.getInt(1));
    }
    startController();
    assertEquals(List.of("B-SCAN", "B-M07"), siteCodes());
    assertEquals("01:00:00", json(as("controlroom").get("/api/zones/ze/enforcement-windows")).get(0).get("from")
        .asText());
    Plate dayTime = traffic.van("CR-020-X");
    traffic.pass(controller, "in-1", dayTime, local("2025-03-04T08:15"));
    assertEquals(List.of(), caseSites(dayTime));
  }

  private List<String> siteCodes() throws Exception {
    List<String> codes = new ArrayList<>();
    json(as("controlroom").get("/api/cameras/scan-1/sites")).forEach(s -> codes.add(s.at("/site/locationCode").asText()));
    return codes;
  }

  /** Location code and street of the plate's cases, once the cases projections have them (they follow the journal asynchronously). */
  private List<String> caseSites(Plate plate) throws Exception {
    List<String> sites = new ArrayList<>();
    Instant deadline = Instant.now().plusSeconds(3);
    do {
      sites.clear();
      try (Connection c = database.dataSource().getConnection();
           PreparedStatement ps = c.prepareStatement("SELECT location_code, street FROM cases WHERE plate = ?")) {
        ps.setString(1, plate.text());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sites.add(rs.getString(1) + "|" + rs.getString(2));
          }
        }
      }
    } while (sites.isEmpty() && Instant.now().isBefore(deadline) && sleepBriefly());
    return sites;
  }

  private static boolean sleepBriefly() throws InterruptedException {
    Thread.sleep(100);
    return true;
  }
}
