package nl.opencordon.cameradrivers.http;

import static nl.opencordon.cameradrivers.TestRecords.CAMERA;
import static nl.opencordon.cameradrivers.TestRecords.HASHER;
import static nl.opencordon.cameradrivers.TestRecords.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import nl.opencordon.actors.DeviceHealth;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.cameradrivers.TestRecords;
import nl.opencordon.cameradrivers.PassageFormat;
import nl.opencordon.cameradrivers.TestRecords;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.security.HttpErrors;
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
  private final List<String> counted = new ArrayList<>();
  /** Passage ids the fuzzed camera's gate was handed, with how often. */
  private final Map<String, Integer> fuzzHandedOn = new ConcurrentHashMap<>();
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
    // A camera for the fuzz test, whose gate only counts what it is handed and decides it at once.
    CityLayout.Camera fuzz = TestRecords.camera("fuzz-1");
    ActorRef<Gate.Command> countingGate = testKit.spawn(Behaviors.receiveMessage(m -> {
      if (m instanceof Gate.Observe o) {
        fuzzHandedOn.merge(o.passage().id(), 1, Integer::sum);
        o.replyTo().tell(new Gate.Handled(o.passage().id(), Optional.empty()));
      }
      return Behaviors.same();
    }));
    ActorRef<Camera.Command> fuzzCamera = testKit.spawn(Camera.create(fuzz, countingGate, CameraDriverFactory.NONE,
        Camera.Settings.fromConfig(testKit.system().settings().config().getConfig("anpr.actors.camera"))));
    Map<String, ActorRef<Camera.Command>> running = Map.of(CAMERA.id(), camera,
        "deaf-1", testKit.spawn(Behaviors.<Camera.Command>ignore()), fuzz.id(), fuzzCamera);
    PassageIngestRoutes routes = new PassageIngestRoutes(testKit.system(), id -> Optional.ofNullable(running.get(id)),
        List.of(CAMERA, deaf, fuzz), new PassageFormat(HASHER),
        new PassageIngestRoutes.Settings(Map.of(CAMERA.id(), KEY, "deaf-1", KEY, fuzz.id(), KEY),
            Duration.ofMillis(500), 2 << 20),
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
    assertEquals(HttpErrors.NOT_IN_TIME, response.body(), "answered by the one error mapping of every route");
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
    body.writeBytes(TestRecords.JPEG);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response = post(CAMERA.id(), "passages", KEY, "multipart/form-data; boundary=" + boundary,
        body.toByteArray());
    assertEquals(200, response.statusCode(), response.body());
    Gate.Observe observed = gate.expectMessageClass(Gate.Observe.class);
    assertEquals(observed.passage().imageRefs().get(0), observed.pictures().get(0).ref());
    assertArrayEquals(TestRecords.JPEG, observed.pictures().get(0).content());
    assertEquals("image/jpeg", observed.pictures().get(0).mediaType());
  }

  /**
   * 3,000 fuzzed requests (random bytes as JSON or multipart, truncated multipart, records of the wrong types
   * among valid ones, oversized batches and bodies): none gets a 5xx, every refused one gets a 4xx with its
   * reason, and every valid record sent among the bad ones is handed on exactly once.
   */
  @Test
  void fuzzedRequestsGet4xxWithAReasonAndTheValidRecordsAmongThemAreAllTaken() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Set<String> validSent = new HashSet<>();
    String[] wrong = {
        "{\"id\": \"%s\", \"timestamp\": 12, \"plate\": {\"text\": \"VB001X\", \"confidence\": 0.9}}",
        "{\"id\": \"%s\", \"timestamp\": \"2025-03-03T08:15:02Z\", \"plate\": 5}",
        "{\"id\": [\"%s\"], \"timestamp\": \"2025-03-03T08:15:02Z\"}",
        "{\"id\": \"%s\", \"timestamp\": \"yesterday\", \"plate\": {\"text\": \"VB001X\", \"confidence\": \"high\"}}",
        "{\"id\": \"%s\", \"timestamp\": \"2025-03-03T08:15:02Z\", \"plate\": {\"text\": \"VB001X\", \"confidence\": 2},"
            + " \"vehicle\": \"van\", \"lane\": -1}",
        "\"%s\"", "[[[[\"%s\"]]]]", "null"};
    for (int i = 0; i < 3000; i++) {
      String context = "seed " + seed + ", request " + i;
      int kind = random.nextInt(100);
      HttpResponse<String> response;
      if (kind < 40) {
        // valid records with bad ones among them
        List<String> records = new ArrayList<>();
        int valid = 0;
        for (int r = 0; r < 1 + random.nextInt(8); r++) {
          String id = "f-" + i + "-" + r;
          if (random.nextBoolean()) {
            records.add(record(id, "VB" + String.format("%03d", r) + "X"));
            validSent.add(id);
            valid++;
          } else {
            records.add(wrong[random.nextInt(wrong.length)].replace("%s", id));
          }
        }
        response = post("fuzz-1", "passages", KEY, "application/json",
            ("[" + String.join(",", records) + "]").getBytes(StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(response.body());
        assertEquals(valid, body.get("accepted").asInt(), context);
        assertEquals(valid == records.size() ? 200 : 400, response.statusCode(), context);
      } else if (kind < 55) {
        response = post("fuzz-1", "passages", KEY, "application/json", randomBytes(random, 2000));
      } else if (kind < 70) {
        response = post("fuzz-1", "passages", KEY, "multipart/form-data; boundary=b0undary", randomBytes(random, 2000));
      } else if (kind < 85) {
        byte[] whole = multipart("b0undary", record("t-" + i, "VB001X"));
        response = post("fuzz-1", "passages", KEY, "multipart/form-data; boundary=b0undary",
            Arrays.copyOf(whole, random.nextInt(whole.length)));
        if (response.statusCode() == 200) { // cut only after its closing delimiter: still whole
          validSent.add("t-" + i);
        }
      } else if (kind < 95) {
        response = post("fuzz-1", "passages", KEY, "multipart/form-data; boundary=b0undary",
            multipart("b0undary", new String(randomBytes(random, 500), StandardCharsets.ISO_8859_1)));
      } else if (kind < 98) {
        String many = "[" + String.join(",", java.util.Collections.nCopies(PassageFormat.MAX_BATCH + 1,
            record("many-" + i, "VB001X"))) + "]";
        response = post("fuzz-1", "passages", KEY, "application/json", many.getBytes(StandardCharsets.UTF_8));
        assertTrue(response.body().contains("at most " + PassageFormat.MAX_BATCH), context);
      } else {
        String answer = oversized(random.nextBoolean() ? "application/json" : "multipart/form-data; boundary=b0undary");
        assertTrue(answer.startsWith("HTTP/1.1 413"), context + ": " + answer);
        continue;
      }
      int status = response.statusCode();
      assertTrue(status == 200 || status >= 400 && status < 500, context + ": " + status + " " + response.body());
      if (status >= 400) {
        assertFalse(response.body().isBlank(), context + ": a refusal without its reason");
      }
    }
    Set<String> lost = new HashSet<>(validSent);
    lost.removeAll(fuzzHandedOn.keySet());
    Set<String> extra = new HashSet<>(fuzzHandedOn.keySet());
    extra.removeAll(validSent);
    assertEquals(Set.of(), lost, "valid records not taken, seed " + seed);
    assertEquals(Set.of(), extra, "records taken that were not valid, seed " + seed);
    assertTrue(fuzzHandedOn.values().stream().allMatch(n -> n == 1), "seed " + seed);
  }

  /**
   * Announces a body over the limit and sends only its start: the server answers before the body is in and
   * closes the connection, which an ordinary client, still sending, sees as a broken pipe. Returns the answer.
   */
  private String oversized(String contentType) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", binding.localAddress().getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("POST /api/cameras/fuzz-1/passages HTTP/1.1\r\nHost: localhost\r\n"
          + "X-Api-Key: " + KEY + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + (4 << 20)
          + "\r\n\r\n[{\"id\": ").getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
    }
  }

  private static byte[] randomBytes(Random random, int max) {
    byte[] bytes = new byte[random.nextInt(max)];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] multipart(String boundary, String json) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"passages\"\r\n"
        + "Content-Type: application/json\r\n\r\n" + json + "\r\n--" + boundary + "--\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    return body.toByteArray();
  }

  @Test
  void aHeartbeatKeepsTheCameraUp() throws Exception {
    assertEquals(204, post(CAMERA.id(), "heartbeat", KEY, "application/json", new byte[0]).statusCode());
    assertEquals(DeviceHealth.UP, status().health());
  }
}
