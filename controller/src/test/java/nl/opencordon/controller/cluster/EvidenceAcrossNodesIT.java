package nl.opencordon.controller.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import nl.opencordon.controller.Controller;
import nl.opencordon.controller.TestControllers;
import nl.opencordon.controller.TestTraffic;
import nl.opencordon.controller.TwoNodes;
import nl.opencordon.domain.CityBuilder;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.Fuel;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.VehicleFacts;
import nl.opencordon.enforcement.store.StoredEvidence;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two controller nodes on one PostgreSQL, each running one gate with its camera. Violations with real JPEGs are
 * pushed over HTTP to the node that does NOT run their camera, so each picture travels with its passage to the
 * other node (one of them larger than Artery's ordinary 256 KiB frame), whose gate stores it; every case, written
 * by whichever node's projection, has the picture with the SHA-256 its camera sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidenceAcrossNodesIT {
  private static final String CITY = TestControllers.twoGates("Tweenodestad", "recidive-term = 14d",
      CityBuilder.NATIONAL_ZE, CityBuilder.ENFORCED_2025).hocon();
  private static final String CLUSTER = TwoNodes.QUICK_SPREAD + """
      anpr.camera-drivers.http.api-keys { "cam-a" = "two-key", "cam-b" = "two-key" }
      anpr.enforcement.placeholder-evidence = off
      """;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<Plate, VehicleFacts> register = new HashMap<>();
  private final CityLayout layout = TestControllers.city(CITY);
  private TwoNodes cluster;
  private List<Controller> nodes;

  @BeforeAll
  void startTwoNodes() throws Exception {
    cluster = TwoNodes.start(CLUSTER, layout, () -> TestControllers.adapters(
        p -> CompletableFuture.completedFuture(Optional.ofNullable(register.get(p))), new ExemptionRegistry()));
    nodes = cluster.nodes();
    cluster.awaitOneEach("cameras", node -> node.devices().cameras());
  }

  @AfterAll
  void stop() throws Exception {
    cluster.close();
  }

  /**
   * Pushes a passage as a camera does: a 503 (the camera runs on no node this node knows of yet, e.g. before the
   * receptionist's gossip reached it) is answered by sending the same passage again.
   */
  private void push(Controller node, String camera, String body) {
    TestProbe.create(node.system()).awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(250), () -> {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
              + node.httpPort() + "/api/cameras/" + camera + "/passages"))
          .header("Content-Type", "application/json").header("X-Api-Key", "two-key")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body());
      return null;
    });
  }

  @Test
  void aPicturePushedToOneNodeIsTheCasesPictureWhicheverNodeDecidesAndWritesIt() throws Exception {
    Map<String, String> sent = new HashMap<>();
    Random random = new Random(23);
    for (int i = 0; i < 8; i++) {
      String camera = i % 2 == 0 ? "cam-a" : "cam-b";
      Controller other = nodes.stream().filter(n -> !n.devices().cameras().containsKey(camera)).findFirst()
          .orElseThrow();
      Plate plate = Plate.dutch("VX-" + String.format("%03d", i) + "-B");
      register.put(plate, TestTraffic.facts(plate, "N1", Set.of(Fuel.DIESEL), "4"));
      // the first two: a noisy picture larger than Artery's ordinary frame, the others small
      byte[] jpeg = jpeg(random, i < 2 ? 900 : 120, i < 2 ? 675 : 90);
      if (i < 2) {
        assertTrue(jpeg.length > 256 * 1024 && jpeg.length < 1 << 20, "a large picture: " + jpeg.length);
      }
      push(other, camera, """
          {"id": "x-%d", "timestamp": "%s", "plate": {"text": "%s", "country": "NL", "confidence": 0.96},
           "images": [{"kind": "overview", "data": "%s"}]}""".formatted(i, Instant.now(), plate.display(),
          Base64.getEncoder().encodeToString(jpeg)));
      sent.put(plate.text(), StoredEvidence.sha256(jpeg));
    }
    TestProbe.create(nodes.get(0).system()).awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(200), () -> {
      Map<String, String> stored = new HashMap<>(pictures());
      stored.keySet().retainAll(sent.keySet());
      assertEquals(sent, stored);
      return null;
    });
  }

  @Test
  void aPictureGivenByReferenceIsFetchedAndStoredAndOneThatCannotBeIsTheCasesVisibleProblem() throws Exception {
    byte[] jpeg = jpeg(new Random(5), 64, 48);
    HttpServer camera = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    camera.createContext("/img/", exchange -> {
      boolean kept = exchange.getRequestURI().getPath().equals("/img/r-1.jpg");
      exchange.sendResponseHeaders(kept ? 200 : 404, kept ? jpeg.length : -1);
      if (kept) {
        exchange.getResponseBody().write(jpeg);
      }
      exchange.close();
    });
    camera.start();
    try {
      String base = "http://127.0.0.1:" + camera.getAddress().getPort() + "/img/";
      Plate fetched = Plate.dutch("VR-001-B");
      Plate missing = Plate.dutch("VR-002-B");
      for (Plate plate : List.of(fetched, missing)) {
        register.put(plate, TestTraffic.facts(plate, "N1", Set.of(Fuel.DIESEL), "4"));
        String id = plate == fetched ? "r-1" : "r-2";
        push(nodes.get(0), "cam-a", """
            {"id": "%s", "timestamp": "%s", "plate": {"text": "%s", "country": "NL", "confidence": 0.96},
             "images": [{"kind": "overview", "ref": "%s"}]}""".formatted(id, Instant.now(), plate.display(),
            base + id + ".jpg"));
      }
      TestProbe.create(nodes.get(0).system()).awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(200), () -> {
        assertEquals(StoredEvidence.sha256(jpeg), pictures().get(fetched.text()));
        assertEquals(1, count("SELECT count(*) FROM cases WHERE plate = '" + missing.text() + "'"));
        return null;
      });
      assertEquals(null, pictures().get(missing.text()));
      // the case without its picture says so, cannot be approved, and is counted
      String caseId = query("SELECT case_id FROM cases WHERE plate = '" + missing.text() + "'");
      var officer = nl.opencordon.security.ApiClient.as(nodes.get(1).httpPort(), "officer");
      assertTrue(officer.get("/api/enforcement/cases/" + caseId).body().contains("\"missingPicture\":true"));
      HttpResponse<String> approve = officer.post("/api/enforcement/cases/" + caseId + "/approve", "");
      assertEquals(409, approve.statusCode());
      assertTrue(approve.body().contains("NO_REAL_PICTURE"), approve.body());
      String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodes.get(1).httpPort()
          + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(metrics.contains("anpr_cases_without_picture{status=\"OPEN\"} 1.0"), metrics);
    } finally {
      camera.stop(0);
    }
  }

  private int count(String sql) throws Exception {
    return Integer.parseInt(query(sql));
  }

  private String query(String sql) throws Exception {
    try (Connection c = cluster.database().dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Per plate, the SHA-256 of its case's stored picture, when it matches the hash recorded in the case. */
  private Map<String, String> pictures() throws Exception {
    Map<String, String> out = new HashMap<>();
    try (Connection c = cluster.database().dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery("""
        SELECT k.plate, encode(sha256(o.content), 'hex') FROM cases k JOIN case_evidence e ON e.case_id = k.case_id
        JOIN evidence_objects o ON o.ref = e.ref AND o.sha256 = e.sha256 AND o.media_type = 'image/jpeg'""")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  private static byte[] jpeg(Random random, int width, int height) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        image.setRGB(x, y, random.nextInt());
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }
}
