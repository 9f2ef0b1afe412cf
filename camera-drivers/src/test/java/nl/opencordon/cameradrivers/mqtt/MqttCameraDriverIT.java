package nl.opencordon.cameradrivers.mqtt;

import static nl.opencordon.cameradrivers.TestRecords.HASHER;
import static nl.opencordon.cameradrivers.TestRecords.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import nl.opencordon.actors.DeviceTls;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.cameradrivers.PassageFormat;
import nl.opencordon.cameradrivers.TestRecords;
import nl.opencordon.domain.CityLayout;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The MQTT driver against the real Mosquitto at 127.0.0.1:1883, with a probe in the camera actor's place so
 * the test decides when the camera acknowledges: heartbeats, batches, garbage, and redelivery of what was
 * not acknowledged.
 */
@ExtendWith(LogCapturingExtension.class)
class MqttCameraDriverIT {
  static final String BROKER = System.getenv().getOrDefault("ANPR_TEST_MQTT_BROKER", "tcp://127.0.0.1:1883");
  static final ActorTestKit testKit = ActorTestKit.create();
  private final List<String> counted = new CopyOnWriteArrayList<>();
  private final MqttCameraDriver.Settings settings = new MqttCameraDriver.Settings(BROKER, "test/cameras",
      "driver-it", Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofMillis(300), "", "", DeviceTls.NONE);
  private CityLayout.Camera camera;
  private TestProbe<Camera.Command> target;
  private ActorRef<?> driver;
  private MqttClient publisher;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void start() throws Exception {
    // A fresh camera id per test: the broker keeps sessions, and leftovers of another run must not show up.
    camera = TestRecords.camera("mqtt-" + UUID.randomUUID().toString().substring(0, 8));
    target = testKit.createTestProbe();
    driver = testKit.spawn(Behaviors.supervise(MqttCameraDriver.create(camera, target.ref(), settings,
            new PassageFormat(HASHER),
            (id, channel, outcome, n) -> counted.add(channel + "/" + outcome + "=" + n)))
        .onFailure(Exception.class, SupervisorStrategy.restartWithBackoff(Duration.ofMillis(100),
            Duration.ofMillis(500), 0)));
    publisher = new MqttClient(BROKER, "publisher-" + camera.id(), new MemoryPersistence());
    MqttConnectOptions publishing = new MqttConnectOptions();
    // the fuzz test publishes faster than the broker acknowledges: room for all of its QoS 1 messages in flight
    publishing.setMaxInflight(1000);
    publisher.connect(publishing);
    awaitSubscribed();
  }

  /** The driver subscribes asynchronously: heartbeat until one comes through. */
  private void awaitSubscribed() throws Exception {
    target.awaitAssert(Duration.ofSeconds(10), () -> {
      publish("heartbeat", "{}", 0);
      target.expectMessageClass(Camera.Heartbeat.class, Duration.ofMillis(200));
      return null;
    });
  }

  @AfterEach
  void cleanSession() throws Exception {
    publisher.disconnect();
    publisher.close();
    testKit.stop(driver);
    MqttClient cleaner = new MqttClient(BROKER, "driver-it-" + camera.id(), new MemoryPersistence());
    MqttConnectOptions clean = new MqttConnectOptions();
    clean.setCleanSession(true);
    // A clean session under the driver's client id drops what the broker kept for it.
    cleaner.connect(clean);
    cleaner.disconnect();
    cleaner.close();
  }

  private void publish(String kind, String payload, int qos) throws Exception {
    publisher.publish(settings.topic(camera.id(), kind), payload.getBytes(StandardCharsets.UTF_8), qos, false);
  }

  private Camera.RecordPassage nextPassage() {
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
  void aPassageTheCameraDidNotAcknowledgeIsRedeliveredByTheBroker() throws Exception {
    publish("passages", record("u-1", "VB001X"), 1);
    Camera.RecordPassage unanswered = nextPassage();
    assertEquals("u-1", unanswered.passage().id());
    // No ack within 300 ms: the driver reports the failure and restarts, and the broker sends it again.
    Camera.DriverFailed failed = (Camera.DriverFailed) target.fishForMessage(Duration.ofSeconds(5),
        m -> m instanceof Camera.DriverFailed ? FishingOutcomes.complete()
            : FishingOutcomes.continueAndIgnore()).get(0);
    assertTrue(failed.reason().contains("hand-off"), failed.reason());
    Camera.RecordPassage again = nextPassage();
    assertEquals("u-1", again.passage().id());
    take(again);
    // Acknowledged now: no third delivery, even after another reconnect.
    target.expectNoMessage(Duration.ofMillis(800));
    assertEquals(List.of("mqtt/accepted=1"), counted);
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
      // A record may come twice: one not taken within the driver's ack timeout is redelivered by the broker.
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
