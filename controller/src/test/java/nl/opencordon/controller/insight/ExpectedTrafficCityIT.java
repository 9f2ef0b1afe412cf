package nl.opencordon.controller.insight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import nl.opencordon.controller.ControllerOnDatabase;
import nl.opencordon.controller.Controller;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Passage;
import nl.opencordon.insight.traffic.CameraCountRepository;
import nl.opencordon.security.ApiClient;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The demo city's traffic simulator with one camera turned away from its lane: it still heartbeats (UP) but
 * reads a tenth of what it read in earlier weeks. The control room gets an incident and the metric says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpectedTrafficCityIT {
  private ControllerOnDatabase demo;

  @BeforeAll
  void start() throws Exception {
    demo = ControllerOnDatabase.demoCity("""
        anpr.demo.passages-per-camera-per-second = 1.0
        anpr.insight.expected-traffic { check-interval = 200ms, warm-up = 0s }
        """, (city, database) -> {
          // Earlier weeks: oost-1 read 300 vehicles in this hour of the week.
          CameraCountRepository counts = new CameraCountRepository(database.dataSource());
          ZonedDateTime hour = Instant.now().minus(30, ChronoUnit.MINUTES).atZone(Passage.LOCAL)
              .truncatedTo(ChronoUnit.HOURS);
          for (int week = 1; week <= 4; week++) {
            counts.record(new CameraCountRepository.HourCount("oost-1", hour.minusWeeks(week).toInstant(), 300, 9, 0));
          }
          city.cameras().setRate("oost-1", 0.02); // turned away: about one passage a minute
        });
  }

  @AfterAll
  void stop() throws Exception {
    demo.close();
  }

  @Test
  void aTurnedCameraThatStillSaysItIsUpIsAnIncidentAndAMetric() throws Exception {
    ApiClient room = ApiClient.as(demo.port(), "controlroom");
    TestProbe.create(demo.controller().system()).awaitAssert(Duration.ofSeconds(20), () -> {
      try {
        JsonNode incidents = Json.MAPPER.readTree(room.get("/api/incidents?open=true&limit=50").body());
        JsonNode anomaly = null;
        for (JsonNode i : incidents) {
          if (i.path("type").asText().equals("TRAFFIC_ANOMALY")) {
            assertEquals("oost-1", i.path("deviceId").asText(), "only the turned camera");
            anomaly = i;
          }
        }
        assertTrue(anomaly != null, incidents.toString());
        assertTrue(anomaly.path("detail").asText().endsWith("300 expected (median of 4 weeks)"),
            anomaly.path("detail").asText());
        assertTrue(ApiClient.anonymous(demo.port()).get("/metrics").body()
            .contains("anpr_camera_traffic_anomaly{camera=\"oost-1\"} 1.0"));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return null;
    });
    JsonNode devices = Json.MAPPER.readTree(room.get("/api/control-room/devices").body());
    for (JsonNode d : devices) {
      if (d.path("id").asText().equals("oost-1")) {
        assertEquals("UP", d.path("health").asText(), "the camera itself says it is fine");
      }
    }
  }
}
