package nl.opencordon.cameradrivers.http;

import static nl.opencordon.cameradrivers.TestRecords.CAMERA;
import static nl.opencordon.cameradrivers.TestRecords.HASHER;
import static nl.opencordon.cameradrivers.TestRecords.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import nl.opencordon.actors.DeviceHealth;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.cameradrivers.EvidenceImages;
import nl.opencordon.cameradrivers.PassageFormat;
import nl.opencordon.domain.CityLayout;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HTTP push over a real socket into a real camera actor: acknowledgement only after the gate answered for
 * every record, per-record errors, undecided records (503), resends, API keys, multipart images, and a
 * camera that does not answer.
 */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PassageIngestRoutesTest {
  private static final String KEY = "secret-key-noord-1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ActorTestKit testKit = ActorTestKit.create();
  private final HttpClient http = HttpClient.newHttpClient();
  private final EvidenceImages images = new EvidenceImages(1 << 20, Duration.ofHours(1));
  private final List<String> counted = new ArrayList<>();
  /** Passage ids the gate cannot get a decision for. */
  private final Set<String> undecidable = ConcurrentHashMap.newKeySet();
  private TestProbe<Gate.Command> gate;
  private ActorRef<Camera.Command> camera;
  private ServerBinding binding;

  @BeforeAll
  void start() throws Exception {
    gate = testKit.createTestProbe();
    // A gate that shows the test what it got, then answers: decided, or refused for the undecidable ids.
    ActorRef<Gate.Command> answeringGate = testKit.spawn(Behaviors.receiveMessage(m -> {
      gate.ref().tell(m);
      if (m instanceof Gate.Observe o) {
        String id = o.passage().id();
        o.replyTo().tell(new Gate.Handled(id, undecidable.contains(id) ? Optional.of("zone did not decide")
            : Optional.empty()));
      }
      return Behaviors.same();
    }));
    camera = testKit.spawn(Camera.create(CAMERA, answeringGate, CameraDriverFactory.NONE,
        Camera.Settings.fromConfig(testKit.system().settings().config().getConfig("anpr.actors.camera"))));
    // A camera that never answers, to show that nothing is acknowledged without the actor's ack.
    CityLayout.Camera deaf = new CityLayout.Camera("deaf-1", "noord", false, 1, CAMERA.site());
    PassageIngestRoutes routes = new PassageIngestRoutes(testKit.system(),
        Map.of(CAMERA.id(), camera, "deaf-1", testKit.spawn(Behaviors.<Camera.Command>ignore())),
        List.of(CAMERA, deaf), new PassageFormat(HASHER, images),
        new PassageIngestRoutes.Settings(Map.of(CAMERA.id(), KEY, "deaf-1", KEY), Duration.ofMillis(500), 1 << 20),
        (cameraId, channel, outcome, count) -> counted.add(cameraId + "/" + channel + "/" + outcome + "=" + count));
    binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(routes.routes())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void reset() {
    counted.clear();
  }

  private HttpResponse<String> post(String cameraId, String path, String key, String contentType, byte[] body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + binding.localAddress().getPort() + "/api/cameras/" + cameraId + "/" + path))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (key != null) {
      request.header("X-Api-Key", key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postJson(String json) throws Exception {
    return post(CAMERA.id(), "passages", KEY, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  private Camera.Status status() {
    TestProbe<Camera.Status> probe = testKit.createTestProbe();
    camera.tell(new Camera.GetStatus(probe.ref()));
    return probe.receiveMessage();
  }

  @Test
  void aBatchIsAcknowledgedAfterTheCameraHandedEveryRecordToTheGate() throws Exception {
    HttpResponse<String> response = postJson("[" + record("h-1", "VB001X") + "," + record("h-2", "VB002X") + "]");
    assertEquals(200, response.statusCode(), response.body());
    // The camera acknowledges only after handing over, so the gate has both when the response is out.
    assertEquals("h-1", gate.expectMessageClass(Gate.Observe.class, Duration.ZERO).passage().id());
    assertEquals("h-2", gate.expectMessageClass(Gate.Observe.class, Duration.ZERO).passage().id());
    JsonNode body = JSON.readTree(response.body());
    assertEquals(2, body.get("accepted").asInt());
    assertEquals(List.of("noord-1/http/accepted=2"), counted);
    assertEquals(DeviceHealth.UP, status().health(), "a passage is a sign of life");
  }

  @Test
  void malformedRecordsGet400WithTheirErrorsWhileTheGoodOnesAreTaken() throws Exception {
    HttpResponse<String> response = postJson("[" + record("m-1", "VB001X")
        + ", {\"id\": \"m-2\", \"timestamp\": \"2025-03-03T07:15:02Z\", \"plate\": {\"text\": \"VB002X\"}}]");
    assertEquals(400, response.statusCode());
    JsonNode body = JSON.readTree(response.body());
    assertEquals(1, body.get("accepted").asInt());
    assertEquals(1, body.get("rejected").asInt());
    assertEquals("accepted", body.get("results").get(0).get("status").asText());
    assertEquals("rejected", body.get("results").get(1).get("status").asText());
    assertEquals("m-2", body.get("results").get(1).get("id").asText());
    assertEquals("plate.confidence: required, within 0..1", body.get("results").get(1).get("errors").get(0).asText());
    assertTrue(body.has("note"));
    assertEquals("m-1", gate.expectMessageClass(Gate.Observe.class).passage().id());
    gate.expectNoMessage(Duration.ofMillis(100));
    assertEquals(List.of("noord-1/http/accepted=1", "noord-1/http/malformed=1"), counted);

    assertEquals(400, postJson("garbage").statusCode());
  }

  @Test
  void aResentRecordIsAcknowledgedAgainButCountsOnce() throws Exception {
    long before = status().duplicatesIgnored();
    assertEquals(200, postJson(record("r-1", "VB001X")).statusCode());
    assertEquals(200, postJson(record("r-1", "VB001X")).statusCode());
    gate.expectMessageClass(Gate.Observe.class);
    gate.expectNoMessage(Duration.ofMillis(100));
    assertEquals(before + 1, status().duplicatesIgnored());
  }

  @Test
  void aRecordWithoutADecisionGets503WhileTheOthersAreTaken() throws Exception {
    undecidable.add("u-2");
    HttpResponse<String> response = postJson("[" + record("u-1", "VB001X") + "," + record("u-2", "VB002X") + "]");
    assertEquals(503, response.statusCode(), response.body());
    JsonNode results = JSON.readTree(response.body()).get("results");
    assertEquals("accepted", results.get(0).get("status").asText());
    assertEquals("retry", results.get(1).get("status").asText());
    assertEquals("zone did not decide", results.get(1).get("errors").get(0).asText());
    assertEquals(List.of("noord-1/http/accepted=1", "noord-1/http/retry=1"), counted);
    gate.receiveSeveralMessages(2);
    // The camera resends the whole batch: the taken record is recognised, the other is decided this time.
    undecidable.clear();
    assertEquals(200, postJson("[" + record("u-1", "VB001X") + "," + record("u-2", "VB002X") + "]").statusCode());
    assertEquals("u-2", gate.expectMessageClass(Gate.Observe.class).passage().id());
    gate.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aSwitchedOffCameraRefusesWith409() throws Exception {
    TestProbe<StatusReply<Camera.Status>> reply = testKit.createTestProbe();
    camera.tell(new Camera.SetEnabled(false, reply.ref()));
    reply.receiveMessage();
    try {
      HttpResponse<String> response = postJson(record("off-1", "VB001X"));
      assertEquals(409, response.statusCode());
      assertEquals("refused", JSON.readTree(response.body()).get("results").get(0).get("status").asText());
      gate.expectNoMessage(Duration.ofMillis(100));
    } finally {
      camera.tell(new Camera.SetEnabled(true, reply.ref()));
      reply.receiveMessage();
    }
  }

  @Test
  void withoutTheRightKeyNothingIsTaken() throws Exception {
    byte[] body = record("k-1", "VB001X").getBytes(StandardCharsets.UTF_8);
    assertEquals(401, post(CAMERA.id(), "passages", null, "application/json", body).statusCode());
    assertEquals(401, post(CAMERA.id(), "passages", "wrong", "application/json", body).statusCode());
    assertEquals(404, post("nobody", "passages", KEY, "application/json", body).statusCode());
    gate.expectNoMessage(Duration.ofMillis(100));
    assertEquals(List.of("noord-1/http/unauthorized=1", "noord-1/http/unauthorized=1"), counted);
  }

  @Test
  void aCameraThatDoesNotAcknowledgeGets503SoTheStreetCameraResends() throws Exception {
    HttpResponse<String> response = post("deaf-1", "passages", KEY, "application/json",
        record("d-1", "VB001X").getBytes(StandardCharsets.UTF_8));
    assertEquals(503, response.statusCode());
  }

  @Test
  void imagesCanComeAsMultipartParts() throws Exception {
    String boundary = "b0undary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"passages\"\r\n"
        + "Content-Type: application/json\r\n\r\n" + """
        {"id": "mp-1", "timestamp": "2025-03-03T07:15:02Z", "plate": {"text": "VB001X", "confidence": 0.9},
         "images": [{"kind": "overview", "part": "overview"}]}""" + "\r\n--" + boundary
        + "\r\nContent-Disposition: form-data; name=\"overview\"; filename=\"o.jpg\"\r\n"
        + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2});
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response = post(CAMERA.id(), "passages", KEY, "multipart/form-data; boundary=" + boundary,
        body.toByteArray());
    assertEquals(200, response.statusCode(), response.body());
    String ref = gate.expectMessageClass(Gate.Observe.class).passage().imageRefs().get(0);
    assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2}, images.get(ref).orElseThrow().data());
    assertEquals("image/jpeg", images.get(ref).orElseThrow().contentType());
  }

  @Test
  void aHeartbeatKeepsTheCameraUp() throws Exception {
    assertEquals(204, post(CAMERA.id(), "heartbeat", KEY, "application/json", new byte[0]).statusCode());
    assertEquals(DeviceHealth.UP, status().health());
  }
}
