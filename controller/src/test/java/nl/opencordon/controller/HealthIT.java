package nl.opencordon.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.display.SignDriver;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.persistence.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The health endpoints a load balancer polls: no credentials, ready only when the node can do its work. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthIT {
  private static final String CITY = """
      name = "Gezondstad"
      zones = [{
        id = "ze", name = "ZE-zone", recidive-term = 0d, warning-interval = 28d
        regime { type = closed-area, allowed-categories = [MOPED] }
        phases { enforcement = "2025-01-01" }
      }]
      gates = [{id = "in", zone = "ze", kind = entry, position = [52.09, 5.11]}]
      cameras = [{id = "in-1", gate = "in", site {location-code = "A-01", street = "Singel", direction = "zuid", position = [52.09, 5.11]}}]
      displays = []
      """;

  private final HttpClient http = HttpClient.newHttpClient();
  private Database database;
  private Controller controller;

  @BeforeAll
  void start() throws Exception {
    database = TestControllers.freshDatabase();
    controller = Controller.start(TestControllers.config(""), database, TestControllers.city(CITY),
        new Controller.Adapters(p -> CompletableFuture.completedFuture(Optional.empty()), new ExemptionRegistry(),
            CameraDriverFactory.NONE, d -> (SignDriver) null));
  }

  @AfterAll
  void stop() throws Exception {
    controller.close();
    database.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controller.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aStartedNodeIsAliveAndReadyWithoutCredentials() throws Exception {
    assertEquals(200, get("/health/alive").statusCode());
    HttpResponse<String> ready = get("/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    assertEquals(401, get("/api/cases").statusCode(), "the rest still asks for credentials");
  }

  @Test
  void aNodeIsNotReadyBeforeItsDevicesStartNorWithoutItsDatabase() throws Exception {
    Health health = new Health(controller.system(), database, Runnable::run);
    assertEquals("devices starting", health.notReadyBecause().get());
    health.devicesStarted();
    assertEquals("", health.notReadyBecause().get());

    Database closed = TestControllers.freshDatabase();
    closed.close();
    Health withoutDatabase = new Health(controller.system(), closed, Runnable::run);
    withoutDatabase.devicesStarted();
    assertTrue(withoutDatabase.notReadyBecause().get().startsWith("database does not answer"));
    assertEquals(Optional.empty(), database.problem(Duration.ofSeconds(2)));
  }
}
