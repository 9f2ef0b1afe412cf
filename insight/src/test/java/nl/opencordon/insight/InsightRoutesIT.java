package nl.opencordon.insight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import nl.opencordon.actors.gate.VehiclePassed;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Site;
import nl.opencordon.domain.VehicleCategory;
import nl.opencordon.insight.reports.Reports;
import nl.opencordon.insight.rotation.Rotation;
import nl.opencordon.insight.rotation.RotationRepository;
import nl.opencordon.insight.rotation.SiteApprovals;
import nl.opencordon.insight.stats.TrafficStatistics;
import nl.opencordon.insight.traffic.CameraCountRepository;
import nl.opencordon.insight.traffic.TrafficWatch;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.TestDatabase;
import nl.opencordon.controlroom.IncidentRepository;
import nl.opencordon.security.Access;
import nl.opencordon.security.Logins;
import nl.opencordon.security.Sessions;
import nl.opencordon.security.PasswordHash;
import nl.opencordon.security.Users;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The insight routes over real HTTP, with their roles, CSV and JSON, on PostgreSQL. */
class InsightRoutesIT {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Database db = Database.open(TestDatabase.freshSchema());
  static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
  static final HttpClient http = HttpClient.newHttpClient();
  static ServerBinding binding;
  static ActorRef<TrafficStatistics.Command> statistics;

  @BeforeAll
  static void serve() throws Exception {
    Executor blocking = Executors.newFixedThreadPool(2);
    String hash = PasswordHash.of("secret").encoded();
    Users users = Users.fromConfig(ConfigFactory.parseString("u = [{name = room, roles = [CONTROL_ROOM],"
        + " password-hash = \"" + hash + "\"}, {name = ops, roles = [OPERATIONS], password-hash = \"" + hash + "\"}]")
        .getConfigList("u"), Duration.ofMinutes(1));
    CityLayout layout = new CityLayout("test", List.of(), List.of(), List.of(new CityLayout.Camera("mob-1", "g1", true,
        1, new Site("HOME", "Depot", "noord", new GeoPoint(52, 5), null))), List.of());
    statistics = testKit.spawn(TrafficStatistics.create(new TrafficStatistics.Settings(2, 35, ZONE, Duration.ofSeconds(2))));
    ActorRef<TrafficWatch.Command> watch = testKit.spawn(TrafficWatch.create(Map.of(), new TrafficWatch.Stores(
        new CameraCountRepository(db.dataSource()), new IncidentRepository(db.dataSource()), blocking), List.of(),
        TrafficWatch.Settings.fromConfig(testKit.system().settings().config().getConfig("anpr.insight.expected-traffic")
            .withFallback(testKit.system().settings().config().getConfig("anpr.insight")))));
    InsightRoutes routes = new InsightRoutes(testKit.system(), statistics, watch,
        new Rotation(new RotationRepository(db.dataSource()), layout, SiteApprovals.ALLOW_ALL, ZONE, Clock.systemUTC()),
        new Reports(db.dataSource(), ZONE, 0.99, Clock.systemUTC()), new Access(new Logins(users,
        Logins.Settings.fromConfig(testKit.system().settings().config().getConfig("anpr.security")), db.dataSource()),
        new Sessions(users, Sessions.Settings.fromConfig(testKit.system().settings().config()
            .getConfig("anpr.security.session")), db.dataSource(), blocking)), blocking, Duration.ofSeconds(3),
        "4.4.1");
    binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(routes.routes())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
    db.close();
  }

  static HttpResponse<String> call(String user, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + binding.localAddress().getPort()
        + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    if (user != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":secret")
          .getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thePageAndItsChartLibraryComeFromTheJar() throws Exception {
    assertTrue(call(null, "GET", "/insight", null).body().contains("<title>Inzicht"));
    HttpResponse<String> chartJs = call(null, "GET", "/insight/lib/chart.js/chart.umd.js", null);
    assertEquals(200, chartJs.statusCode());
    assertTrue(chartJs.body().contains("Chart.js v4.4.1"));
    assertEquals(200, call(null, "GET", "/insight/assets/insight.js", null).statusCode());
  }

  @Test
  void statisticsAsCsvAndJsonForTheControlRoomOnly() throws Exception {
    Instant at = LocalDate.of(2026, 3, 2).atTime(9, 5).atZone(ZONE).toInstant();
    for (String vehicle : List.of("a", "b", "c")) {
      testKit.system().eventStream().tell(new EventStream.Publish<>(new VehiclePassed("north", "ze", at,
          VehicleCategory.PASSENGER_CAR, "PETROL", "4", vehicle)));
    }
    TestProbe<TrafficStatistics.Hourly> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(5), () -> {
      statistics.tell(new TrafficStatistics.GetHourly(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 2), probe.ref()));
      assertEquals(1, probe.receiveMessage().cells().size());
      return null;
    });
    assertEquals(401, call(null, "GET", "/api/insight/statistics/hourly?from=2026-03-02", null).statusCode());
    HttpResponse<String> csv = call("room", "GET", "/api/insight/statistics/hourly?from=2026-03-02&format=csv", null);
    assertEquals("gate,hour,category,fuel,euro_class,passages\r\nnorth,2026-03-02T08:00:00Z,PASSENGER_CAR,PETROL,4,3\r\n",
        csv.body());
    assertTrue(csv.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
    JsonNode json = Json.MAPPER.readTree(call("room", "GET", "/api/insight/statistics/hourly?from=2026-03-02", null)
        .body());
    assertEquals(3, json.path("cells").get(0).path("passages").asInt());
    assertEquals(2, json.path("k").asInt());
    assertEquals(400, call("room", "GET", "/api/insight/statistics/hourly?from=March", null).statusCode());
  }

  @Test
  void operationsPlanVisitsAndOverlapsAreRefused() throws Exception {
    String visit = "{\"cameraId\":\"mob-1\",\"locationCode\":\"M-1\",\"street\":\"Markt\",\"direction\":\"oost\","
        + "\"lat\":52.1,\"lon\":5.1,\"startsAt\":\"2030-01-06T07:00:00Z\",\"endsAt\":\"2030-01-08T17:00:00Z\"}";
    assertEquals(403, call("room", "POST", "/api/insight/rotation", visit).statusCode());
    assertEquals(201, call("ops", "POST", "/api/insight/rotation", visit).statusCode());
    HttpResponse<String> again = call("ops", "POST", "/api/insight/rotation", visit);
    assertEquals(409, again.statusCode());
    assertTrue(again.body().startsWith("camera mob-1 is planned on site M-1"), again.body());
    JsonNode plan = Json.MAPPER.readTree(call("room", "GET", "/api/insight/rotation?from=2030-01-01&to=2030-01-31",
        null).body());
    assertEquals("PLANNED", plan.path("visits").get(0).path("state").asText());
    assertEquals(3, plan.path("coverage").get(0).path("days").asInt());
  }

  @Test
  void reportsAreMadeFromThePageAndDownloadedAsPdfAndCsv() throws Exception {
    assertEquals(200, call("room", "POST", "/api/insight/reports/2026-09", null).statusCode());
    JsonNode list = Json.MAPPER.readTree(call("room", "GET", "/api/insight/reports", null).body());
    assertEquals("2026-09", list.get(0).path("month").asText());
    assertEquals("room", list.get(0).path("madeBy").asText());
    HttpResponse<String> pdf = call("room", "GET", "/api/insight/reports/2026-09.pdf", null);
    assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(pdf.body().startsWith("%PDF"));
    assertTrue(call("room", "GET", "/api/insight/reports/2026-09.csv", null).body().startsWith("section,"));
    assertEquals(404, call("room", "GET", "/api/insight/reports/2026-08.csv", null).statusCode());
  }
}
