package nl.opencordon.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import nl.opencordon.persistence.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The health endpoints a load balancer polls: no credentials, ready only when the node can do its work. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthIT {
  private final HttpClient http = HttpClient.newHttpClient();
  private ControllerOnDatabase node;

  @BeforeAll
  void start() throws Exception {
    node = ControllerOnDatabase.oneGateCity("");
  }

  @AfterAll
  void stop() throws Exception {
    node.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path)).build(),
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
    Health health = new Health(node.controller().system(), node.database(), Runnable::run);
    assertEquals("devices starting", health.notReadyBecause().get());
    health.devicesStarted();
    assertEquals("", health.notReadyBecause().get());

    Database closed = TestControllers.freshDatabase();
    closed.close();
    Health withoutDatabase = new Health(node.controller().system(), closed, Runnable::run);
    withoutDatabase.devicesStarted();
    assertTrue(withoutDatabase.notReadyBecause().get().startsWith("database does not answer"));
    assertEquals(Optional.empty(), node.database().problem(Duration.ofSeconds(2)));
  }
}
