package nl.opencordon.controller.insight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import nl.opencordon.controller.ControllerOnDatabase;
import nl.opencordon.domain.CityBuilder;
import nl.opencordon.domain.Site;
import nl.opencordon.controller.Controller;
import nl.opencordon.controller.TestControllers;
import nl.opencordon.controller.TestTraffic;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Site;
import nl.opencordon.security.ApiClient;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Insight wired into a running controller: statistics from real gates, a planned move of a mobile camera. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InsightCityIT {
  private static final String CITY = CityBuilder.named("Inzichtstad")
      .zone("ze", "ZE-zone", CityBuilder.NATIONAL_ZE, CityBuilder.ENFORCED_2025)
      .gate("in", "ze", "entry", 52.09, 5.11)
      .gate("scan", "ze", "scan", 52.09, 5.12)
      .camera("in-1", "in", "A-01", "Singel", "zuid")
      .camera("mob-1", "scan", "M-01", "Depot", "noord", "mobile = true")
      .hocon();

  private ControllerOnDatabase node;
  private Controller controller;
  private CityLayout layout;
  private TestTraffic traffic;

  @BeforeAll
  void start() throws Exception {
    layout = TestControllers.city(CITY);
    traffic = new TestTraffic(layout);
    node = ControllerOnDatabase.start(TestControllers.config("anpr.insight.rotation.check-interval = 200ms"), layout,
        TestControllers.adapters(traffic.register(), new ExemptionRegistry()));
    controller = node.controller();
  }

  @AfterAll
  void stop() throws Exception {
    node.close();
  }

  @Test
  void passagesThroughAGateBecomeStatisticsWithoutPlates() throws Exception {
    Instant at = Instant.now();
    for (int i = 0; i < 5; i++) { // k = 5 by default
      traffic.pass(controller, "in-1", traffic.electricVan("VB-00" + i + "-X"), at);
    }
    String day = LocalDate.ofInstant(at, Passage.LOCAL).toString();
    ApiClient room = ApiClient.as(controller.httpPort(), "controlroom");
    TestProbe.create(controller.system()).awaitAssert(Duration.ofSeconds(5), () -> {
      try {
        HttpResponse<String> csv = room.get("/api/insight/statistics/hourly?from=" + day + "&format=csv");
        assertTrue(csv.body().contains("\nin,") && csv.body().contains(",VAN,ELECTRIC,Z,5\r\n"), csv.body());
        assertTrue(!csv.body().contains("VB"), "no plate in statistics");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return null;
    });
    assertTrue(ApiClient.anonymous(controller.httpPort()).get("/insight").body().contains("Inzicht"));
  }

  @Test
  void aPlannedVisitMovesTheMobileCameraAtItsTime() throws Exception {
    Instant start = Instant.now().plusSeconds(1);
    String visit = "{\"cameraId\":\"mob-1\",\"locationCode\":\"M-02\",\"street\":\"Markt\",\"direction\":\"oost\","
        + "\"lat\":52.1,\"lon\":5.1,\"startsAt\":\"" + start + "\",\"endsAt\":\"" + start.plusSeconds(86_400) + "\"}";
    ApiClient ops = ApiClient.as(controller.httpPort(), "operations");
    assertEquals(201, ops.post("/api/insight/rotation", visit).statusCode());
    TestProbe.create(controller.system()).awaitAssert(Duration.ofSeconds(10), () -> {
      try {
        JsonNode sites = Json.MAPPER.readTree(ops.get("/api/cameras/mob-1/sites").body());
        assertEquals(2, sites.size(), sites.toString());
        assertEquals("M-02", sites.get(1).path("site").path("locationCode").asText());
        assertEquals(Site.DEFAULT_TEMPLATE, sites.get(1).path("site").path("observationTemplate").asText());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return null;
    });
  }
}
