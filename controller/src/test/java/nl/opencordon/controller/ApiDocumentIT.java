package nl.opencordon.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import nl.opencordon.domain.CityBuilder;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.persistence.Database;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every operation of the API document is served: asked without credentials (so nothing changes), each
 * answers something other than "no such route" (404 with Pekko's rejection text) or "no such method" (405).
 * With {@code ApiDocumentTest}, which finds every route of the code in the document, the document describes
 * exactly the routes the controller serves.
 *
 * <p>The controller runs as a Kubernetes pod does (kubernetes.conf): it forms its cluster through Pekko
 * Management's cluster bootstrap instead of joining itself. Kubernetes is not here, so the discovery is
 * pekko-discovery's static config method; management endpoint, bootstrap and readiness are what run in a pod.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocumentIT {
  private static final String NO_ROUTE = "The requested resource could not be found.";

  private Database database;
  private Controller controller;

  @BeforeAll
  void start() throws Exception {
    int management;
    try (ServerSocket s = new ServerSocket(0)) {
      management = s.getLocalPort();
    }
    database = TestControllers.freshDatabase();
    controller = Controller.start(TestControllers.config("""
        include classpath("kubernetes")
        anpr.controller.http.host = "127.0.0.1"
        pekko.management.http { hostname = "127.0.0.1", bind-hostname = "127.0.0.1", port = %d }
        pekko.management.cluster.bootstrap.contact-point-discovery {
          discovery-method = config, service-name = cordon-test, required-contact-point-nr = 1
          stable-margin = 1s, interval = 200ms
        }
        pekko.discovery.config.services.cordon-test.endpoints = [{host = "127.0.0.1", port = %d}]
        """.formatted(management, management)), database, TestControllers.oneGateCity(new String[] {
        CityBuilder.MOPEDS_ONLY, CityBuilder.ENFORCED_2025}, "in-1"),
        TestControllers.adapters(TestControllers.NO_VEHICLES, new ExemptionRegistry()));
  }

  @AfterAll
  void stop() throws Exception {
    controller.close();
    database.close();
  }

  @Test
  void theNodeFormsItsClusterThroughBootstrapAndBecomesReady() {
    HttpClient http = HttpClient.newHttpClient();
    TestProbe.create(controller.system()).awaitAssert(Duration.ofSeconds(30), () -> {
      assertEquals(MemberStatus.up(), Cluster.get(controller.system()).selfMember().status());
      assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controller.httpPort()
          + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
      return null;
    });
  }

  @Test
  void everyDocumentedOperationIsServed() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Map<String, String> notServed = new TreeMap<>();
    ApiDocument document = ApiDocument.load();
    assertTrue(document.operations().size() > 40, "operations: " + document.operations().size());
    for (ApiDocument.Operation o : document.operations()) {
      // a real camera, zone and so on where the route looks them up before it asks for credentials
      String path = o.path().replace("/cameras/{id}", "/cameras/in-1").replace("/zones/{id}", "/zones/ze")
          .replaceAll("\\{[^}]+}", "1");
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controller.httpPort()
          + path)).header("X-Requested-With", "api-document-test");
      request = o.method().equals("GET") ? request.GET()
          : request.method(o.method(), HttpRequest.BodyPublishers.ofString("{}"))
              .header("Content-Type", "application/json");
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 405 || response.statusCode() == 404 && response.body().equals(NO_ROUTE)) {
        notServed.put(o.method() + " " + o.path(), response.statusCode() + " " + response.body());
      }
    }
    assertEquals(Map.of(), notServed, "documented but not served");
  }

  @Test
  void anUndocumentedRouteIsRecognisedAsNotServed() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + controller.httpPort() + "/api/no-such-route")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(404, response.statusCode());
    assertEquals(NO_ROUTE, response.body());
  }
}
