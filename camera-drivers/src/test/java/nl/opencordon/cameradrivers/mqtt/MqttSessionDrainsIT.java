package nl.opencordon.cameradrivers.mqtt;

import static nl.opencordon.cameradrivers.TestRecords.HASHER;
import static nl.opencordon.cameradrivers.TestRecords.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.cameradrivers.CameraDrivers;
import nl.opencordon.cameradrivers.TestRecords;
import nl.opencordon.domain.CityLayout;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * Two cluster nodes, each with its camera connection as the controller starts it ({@link CameraDrivers#start}),
 * against the real Mosquitto at 127.0.0.1:1883: the node that runs the camera receives a passage and leaves the
 * cluster before the camera took it; the leader drains the gone node's session, under the client id it derives
 * from the node's address, and the passage reaches the camera where it runs now.
 */
class MqttSessionDrainsIT {
  static final String BROKER = System.getenv().getOrDefault("ANPR_TEST_MQTT_BROKER", "tcp://127.0.0.1:1883");

  @Test
  void theLeaderDrainsTheSessionOfANodeThatLeftAndThePassageReachesTheCamera() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    CityLayout.Camera camera = TestRecords.camera("drain-" + run);
    Config drivers = ConfigFactory.parseString("""
        cameras { "%s" { driver = mqtt } }
        mqtt { broker = "%s", topic-prefix = "test/drain-%s", client-id-prefix = "drain-it-%s", let-go = 500ms }
        """.formatted(camera.id(), BROKER, run, run))
        .withFallback(ConfigFactory.defaultReference().getConfig("anpr.camera-drivers")).resolve();
    Config cluster = ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        """).withFallback(ConfigFactory.load());
    ActorTestKit leader = ActorTestKit.create("drain", cluster);
    ActorTestKit leaving = ActorTestKit.create("drain", cluster);
    MqttClient publisher = new MqttClient(BROKER, "drain-publisher-" + run, new MemoryPersistence());
    try {
      Cluster.get(leader.system()).manager().tell(Join.create(Cluster.get(leader.system()).selfMember().address()));
      Cluster.get(leaving.system()).manager().tell(Join.create(Cluster.get(leader.system()).selfMember().address()));
      TestProbe<Object> waiting = leader.createTestProbe();
      waiting.awaitAssert(Duration.ofSeconds(20), () -> {
        assertEquals(2, java.util.stream.StreamSupport.stream(Cluster.get(leader.system()).state().getMembers()
            .spliterator(), false).filter(m -> m.status() == MemberStatus.up()).count());
        return null;
      });
      CameraDrivers here = new CameraDrivers(drivers, List.of(camera), HASHER, (id, channel, outcome, n) -> { },
          CameraDriverFactory.NONE);
      CameraDrivers there = new CameraDrivers(drivers, List.of(camera), HASHER, (id, channel, outcome, n) -> { },
          CameraDriverFactory.NONE);
      here.start(leader.system());
      there.start(leaving.system());
      // the camera runs on the node that will leave
      TestProbe<Camera.Command> before = leaving.createTestProbe();
      leaving.spawn((Behavior<?>) there.driverFor(camera, before.ref()).orElseThrow(), "driver");
      publisher.connect(new MqttConnectOptions());
      before.awaitAssert(Duration.ofSeconds(10), () -> {
        try {
          publisher.publish("test/drain-" + run + "/" + camera.id() + "/heartbeat",
              "{}".getBytes(StandardCharsets.UTF_8), 0, false);
        } catch (Exception e) {
          throw new AssertionError(e);
        }
        before.expectMessageClass(Camera.Heartbeat.class, Duration.ofMillis(300));
        return null;
      });
      publisher.publish("test/drain-" + run + "/" + camera.id() + "/passages",
          record("left-1", "VB001X").getBytes(StandardCharsets.UTF_8), 1, false);
      assertEquals("left-1", nextPassage(before).passage().id());
      // it leaves before the camera answered; the camera runs on the leader now
      TestProbe<Camera.Command> after = leader.createTestProbe();
      leader.system().receptionist().tell(Receptionist.register(Camera.serviceKey(camera.id()), after.ref()));
      leaving.shutdownTestKit();
      Camera.RecordPassage drained = nextPassage(after, Duration.ofSeconds(30));
      assertEquals("left-1", drained.passage().id());
      drained.replyTo().tell(new Camera.Receipt("left-1", Camera.Receipt.Outcome.TAKEN, ""));
    } finally {
      publisher.disconnect();
      publisher.close();
      leader.shutdownTestKit();
    }
  }

  private static Camera.RecordPassage nextPassage(TestProbe<Camera.Command> target) {
    return nextPassage(target, Duration.ofSeconds(5));
  }

  private static Camera.RecordPassage nextPassage(TestProbe<Camera.Command> target, Duration max) {
    return (Camera.RecordPassage) target.fishForMessage(max, m -> m instanceof Camera.RecordPassage
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore()).get(0);
  }
}
