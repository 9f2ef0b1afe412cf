package nl.opencordon.cameradrivers.mqtt;

import static nl.opencordon.cameradrivers.TestRecords.HASHER;
import static nl.opencordon.cameradrivers.TestRecords.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import nl.opencordon.actors.DeviceTls;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.mqtt.MqttConnection;
import nl.opencordon.cameradrivers.PassageFormat;
import nl.opencordon.cameradrivers.TestRecords;
import nl.opencordon.domain.CityLayout;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node's MQTT connection for its cameras against the real Mosquitto at 127.0.0.1:1883, with probes in the
 * camera actors' places so the test decides when a camera acknowledges: heartbeats, batches, garbage, a message
 * handed to the camera again until it is taken, without holding up the other cameras; a camera that runs
 * elsewhere; and the session of a node that is gone, drained.
 */
@ExtendWith(LogCapturingExtension.class)
class MqttCameraDriverIT {
  static final String BROKER = System.getenv().getOrDefault("ANPR_TEST_MQTT_BROKER", "tcp://127.0.0.1:1883");
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Duration LET_GO = Duration.ofMillis(500);
  private final List<String> counted = new CopyOnWriteArrayList<>();
  private final MqttCameras.Settings settings = new MqttCameras.Settings("test/cameras", Duration.ofMillis(300),
      Duration.ofMillis(100), Duration.ofMillis(400));
  private String run;
  private MqttConnection.Settings connection;
  private CityLayout.Camera camera;
  private CityLayout.Camera other;
  private CityLayout.Camera elsewhere;
  private Map<String, MqttCameras.MqttCamera> cameras;
  private TestProbe<Camera.Command> target;
  private TestProbe<Camera.Command> otherTarget;
  private ActorRef<MqttCameras.Command> node;
  private MqttClient publisher;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void start() throws Exception {
    // Fresh ids per test: the broker keeps sessions, and leftovers of another run must not show up.
    run = UUID.randomUUID().toString().substring(0, 8);
    connection = new MqttConnection.Settings(BROKER, "driver-it-" + run, false, Duration.ofSeconds(5),
        Duration.ofSeconds(3), Duration.ofMillis(100), Duration.ofMillis(500), "", "", DeviceTls.NONE);
    camera = TestRecords.camera("mqtt-" + run);
    other = TestRecords.camera("other-" + run);
    elsewhere = TestRecords.camera("away-" + run);
    cameras = Map.of(camera.id(), new MqttCameras.MqttCamera(camera, settings),
        other.id(), new MqttCameras.MqttCamera(other, settings),
        elsewhere.id(), new MqttCameras.MqttCamera(elsewhere, settings));
    target = testKit.createTestProbe();
    otherTarget = testKit.createTestProbe();
    node = testKit.spawn(MqttCameras.create(connection, cameras, new PassageFormat(HASHER), this::count,
        LET_GO));
    testKit.spawn(MqttCameraDriver.create(camera.id(), target.ref(), system -> node));
    testKit.spawn(MqttCameraDriver.create(other.id(), otherTarget.ref(), system -> node));
    publisher = new MqttClient(BROKER, "publisher-" + run, new MemoryPersistence());
    MqttConnectOptions publishing = new MqttConnectOptions();
    // the fuzz test publishes faster than the broker acknowledges: room for all of its QoS 1 messages in flight
    publishing.setMaxInflight(1000);
    publisher.connect(publishing);
    awaitSubscribed(camera, target);
  }

  private void count(String cameraId, String channel, String outcome, int n) {
    counted.add(channel + "/" + outcome + "=" + n);
  }

  /** The connection subscribes asynchronously: heartbeat until one comes through. */
  private void awaitSubscribed(CityLayout.Camera c, TestProbe<Camera.Command> t) {
    t.awaitAssert(Duration.ofSeconds(10), () -> {
      try {
        publish(c, "heartbeat", "{}", 0);
      } catch (MqttException e) {
        throw new AssertionError(e);
      }
      t.expectMessageClass(Camera.Heartbeat.class, Duration.ofMillis(200));
      return null;
    });
  }

  @AfterEach
  void cleanSession() throws Exception {
    publisher.disconnect();
    publisher.close();
    testKit.stop(node);
    clean(connection.clientId());
  }

  /** A clean session under the node's client id drops what the broker kept for it. */
  private static void clean(String clientId) throws MqttException {
    MqttClient cleaner = new MqttClient(BROKER, clientId, new MemoryPersistence());
    MqttConnectOptions clean = new MqttConnectOptions();
    clean.setCleanSession(true);
    cleaner.connect(clean);
    cleaner.disconnect();
    cleaner.close();
  }

  private void publish(String kind, String payload, int qos) throws MqttException {
    publish(camera, kind, payload, qos);
  }

  private void publish(CityLayout.Camera c, String kind, String payload, int qos) throws MqttException {
    publisher.publish(settings.topic(c.id(), kind), payload.getBytes(StandardCharsets.UTF_8), qos, false);
  }

  private Camera.RecordPassage nextPassage() {
    return nextPassage(target);
  }

  private static Camera.RecordPassage nextPassage(TestProbe<Camera.Command> target) {
    return (Camera.RecordPassage) target.fishForMessage(Duration.ofSeconds(5), m -> m instanceof Camera.RecordPassage
        ? FishingOutcomes.complete()
        : FishingOutcomes.continueAndIgnore()).get(0);
  }

  private static void take(Camera.RecordPassage r) {
    r.replyTo().tell(new Camera.Receipt(r.passage().id(), Camera.Receipt.Outcome.TAKEN, ""));
  }

  @Test
  void aBatchReachesTheCameraAndHeartbeatsKeepItAlive() throws Exception {
    publish("passages", "[" + record("q-1", "VB001X") + "," + record("q-2", "VB002X") + "]", 1);
    Camera.RecordPassage first = nextPassage();
    Camera.RecordPassage second = nextPassage();
    assertEquals(List.of("q-1", "q-2"), List.of(first.passage().id(), second.passage().id()));
    assertEquals(camera.id(), first.passage().cameraId());
    take(first);
    take(second);
    target.awaitAssert(() -> {
      assertEquals(List.of("mqtt/accepted=2"), counted);
      return null;
    });
  }

  @Test
  void garbageIsCountedAndDroppedAndTheNextRecordStillComesThrough() throws Exception {
    publish("passages", "\u0000\u0001 not json at all", 1);
    publish("passages", "{\"id\": \"g-1\", \"plate\": {\"text\": \"VB001X\", \"confidence\": 0.9}}", 1);
    publish("passages", record("g-2", "VB002X"), 1);
    Camera.RecordPassage good = nextPassage();
    assertEquals("g-2", good.passage().id());
    take(good);
    target.awaitAssert(() -> {
      assertEquals(List.of("mqtt/malformed=1", "mqtt/malformed=1", "mqtt/accepted=1"), counted);
      return null;
    });
  }

  @Test
  void aPassageTheCameraDidNotAcknowledgeIsHandedToItAgainWithoutAReconnect() throws Exception {
    publish("passages", record("u-1", "VB001X"), 1);
    Camera.RecordPassage unanswered = nextPassage();
    assertEquals("u-1", unanswered.passage().id());
    // No answer within 300 ms: the node keeps the message and hands it over again; its connection stays.
    Camera.RecordPassage again = nextPassage();
    assertEquals("u-1", again.passage().id());
    take(again);
    // Acknowledged now: no third delivery, and the camera was never told the connection failed.
    target.expectNoMessage(Duration.ofMillis(800));
    assertEquals(List.of("mqtt/accepted=1"), counted);
  }

  @Test
  void aMessageHeldBackForOneCameraDoesNotHoldUpTheOthers() throws Exception {
    awaitSubscribed(other, otherTarget);
    publish("passages", record("held-1", "VB001X"), 1);
    Camera.RecordPassage held = nextPassage();
    held.replyTo().tell(new Camera.Receipt("held-1", Camera.Receipt.Outcome.RETRY, "zone did not decide"));
    for (int i = 0; i < 5; i++) {
      publish(other, "passages", record("free-" + i, "VB00" + i + "X"), 1);
    }
    for (int i = 0; i < 5; i++) {
      Camera.RecordPassage r = nextPassage(otherTarget);
      assertEquals("free-" + i, r.passage().id());
      take(r);
    }
    Camera.RecordPassage again = nextPassage();
    assertEquals("held-1", again.passage().id());
    take(again);
    target.expectNoMessage(Duration.ofMillis(800));
  }

  @Test
  void aCameraThatMovedGetsItsMessagesWhereItRunsNowAndTheyAreAcknowledged() throws Exception {
    TestProbe<Camera.Command> here = testKit.createTestProbe();
    ActorRef<Void> driver = testKit.spawn(MqttCameraDriver.create(elsewhere.id(), here.ref(), system -> node));
    awaitSubscribed(elsewhere, here);
    // the camera moves: its driver here stops, and it is listed where it runs now
    testKit.stop(driver);
    TestProbe<Camera.Command> away = testKit.createTestProbe();
    testKit.system().receptionist().tell(Receptionist.register(Camera.serviceKey(elsewhere.id()), away.ref()));
    publish(elsewhere, "passages", record("away-1", "VB001X"), 1);
    Camera.RecordPassage r = nextPassage(away);
    assertEquals("away-1", r.passage().id());
    take(r);
    away.awaitAssert(() -> {
      assertEquals(List.of("mqtt/accepted=1"), counted);
      return null;
    });
    // acknowledged to the broker: the session has nothing to send again to the node restarted
    testKit.stop(node);
    node = testKit.spawn(MqttCameras.create(connection, cameras, new PassageFormat(HASHER), this::count, LET_GO));
    away.expectNoMessage(Duration.ofSeconds(1));
    here.expectNoMessage(Duration.ZERO);
  }

  @Test
  void theSessionOfANodeThatIsGoneIsDrainedToTheCameraWhereverItRuns() throws Exception {
    publish("passages", record("gone-1", "VB001X"), 1);
    assertEquals("gone-1", nextPassage().passage().id());
    // The node dies with the message unacknowledged, and another comes while it is gone.
    testKit.stop(node);
    publish("passages", record("gone-2", "VB002X"), 1);
    // the camera as it is listed on the node where it runs now
    testKit.system().receptionist().tell(Receptionist.register(Camera.serviceKey(camera.id()), target.ref()));
    ActorRef<MqttCameras.Command> drain = testKit.spawn(MqttCameras.drain(connection, cameras,
        new PassageFormat(HASHER), this::count, LET_GO));
    Set<String> drained = new HashSet<>();
    while (!drained.containsAll(Set.of("gone-1", "gone-2"))) {
      Camera.RecordPassage r = nextPassage();
      drained.add(r.passage().id());
      take(r);
    }
    TestProbe<Object> watcher = testKit.createTestProbe();
    watcher.expectTerminated(drain, Duration.ofSeconds(5));
    // it unsubscribed: the broker keeps nothing more for the gone node's session
    publish("passages", record("gone-3", "VB003X"), 1);
    MqttClient former = new MqttClient(BROKER, connection.clientId(), new MemoryPersistence());
    List<String> leftovers = new CopyOnWriteArrayList<>();
    former.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {}

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        leftovers.add(new String(message.getPayload(), StandardCharsets.UTF_8));
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    });
    MqttConnectOptions resume = new MqttConnectOptions();
    resume.setCleanSession(false);
    former.connect(resume);
    target.expectNoMessage(Duration.ofSeconds(1)); // time for the broker to send what the session kept
    former.disconnect();
    former.close();
    assertEquals(List.of(), leftovers, "the drained session kept messages");
  }

  /**
   * Fuzzed messages (random bytes, records of the wrong types, a batch over the limit) among valid ones: the
   * bad ones are counted and acknowledged, and every valid record reaches the camera.
   */
  @Test
  void fuzzedMessagesAreDroppedAndTheValidRecordsAmongThemAllComeThrough() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Set<String> valid = new HashSet<>();
    for (int i = 0; i < 150; i++) {
      int kind = random.nextInt(10);
      if (kind < 4) {
        publish("passages", record("z-" + i, "VB001X"), 1);
        valid.add("z-" + i);
      } else if (kind < 7) {
        byte[] garbage = new byte[random.nextInt(1000)];
        random.nextBytes(garbage);
        publisher.publish(settings.topic(camera.id(), "passages"), garbage, 1, false);
      } else if (kind < 9) {
        publish("passages", "[{\"id\": \"w-" + i + "\", \"timestamp\": 7, \"plate\": {\"text\": [1],"
            + " \"confidence\": \"x\"}}, 5, \"s\", null]", 1);
      } else {
        publish("passages", "[" + String.join(",", Collections.nCopies(PassageFormat.MAX_BATCH + 1,
            record("h-" + i, "VB001X"))) + "]", 1);
      }
    }
    Set<String> received = new HashSet<>();
    while (!received.containsAll(valid)) {
      // A record may come twice: one not taken within the ack timeout is handed over again.
      Camera.RecordPassage r = nextPassage();
      received.add(r.passage().id());
      take(r);
    }
    assertEquals(valid, received, "seed " + seed);
  }

  @Test
  void aPassageWithoutADecisionIsNotAcknowledgedAndComesAgain() throws Exception {
    publish("passages", record("r-1", "VB001X"), 1);
    Camera.RecordPassage undecided = nextPassage();
    undecided.replyTo().tell(new Camera.Receipt("r-1", Camera.Receipt.Outcome.RETRY, "zone did not decide"));
    Camera.RecordPassage again = nextPassage();
    assertEquals("r-1", again.passage().id());
    take(again);
    target.expectNoMessage(Duration.ofMillis(800));
    assertEquals(List.of("mqtt/retry=1", "mqtt/accepted=1"), counted);
  }
}
