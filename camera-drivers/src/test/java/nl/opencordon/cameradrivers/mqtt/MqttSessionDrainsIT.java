package nl.opencordon.cameradrivers.mqtt;

import static nl.opencordon.cameradrivers.TestRecords.HASHER;
import static nl.opencordon.cameradrivers.TestRecords.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.cameradrivers.CameraDrivers;
import nl.opencordon.cameradrivers.TestRecords;
import nl.opencordon.domain.CityLayout;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Join;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two cluster nodes, each with its camera connection as the controller starts it ({@link CameraDrivers#start}),
 * against the real Mosquitto at 127.0.0.1:1883: the node that runs the camera is removed from the cluster with a
 * passage in its broker session; the leader drains the gone node's session, under the client id the node announced
 * in its cluster roles or else the one it derives from the node's address, and the passage reaches the camera where
 * it runs now.
 */
class MqttSessionDrainsIT {
  static final String BROKER = System.getenv().getOrDefault("ANPR_TEST_MQTT_BROKER", "tcp://127.0.0.1:1883");

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final CityLayout.Camera camera = TestRecords.camera("drain-" + run);
  private final MqttClient publisher;
  private ActorTestKit leader;

  MqttSessionDrainsIT() throws Exception {
    publisher = new MqttClient(BROKER, "drain-publisher-" + run, new MemoryPersistence());
  }

  @AfterEach
  void stop() throws Exception {
    if (publisher.isConnected()) {
      publisher.disconnect();
    }
    publisher.close();
    if (leader != null) {
      leader.shutdownTestKit();
    }
  }

  @Test
  void theLeaderDrainsTheSessionOfANodeThatLeftAndThePassageReachesTheCamera() throws Exception {
    Config drivers = drivers("");
    leader = node(drivers, "");
    ActorTestKit leaving = node(drivers, "");
    formCluster(leaving);
    new CameraDrivers(drivers, List.of(camera), HASHER, (id, channel, outcome, n) -> { }, CameraDriverFactory.NONE)
        .start(leader.system());
    TestProbe<Camera.Command> before = runCamera(leaving, drivers);
    publish("passages", record("left-1", "VB001X"));
    assertEquals("left-1", nextPassage(before, Duration.ofSeconds(5)).passage().id());
    // it leaves before the camera answered; the camera runs on the leader now
    TestProbe<Camera.Command> after = cameraRunsOn(leader);
    leaving.shutdownTestKit();
    assertTaken("left-1", after);
  }

  /**
   * Each node with a client id of its own, as the pods of docs/kubernetes.md: the node that runs the camera is gone
   * (stopped without leaving, as a crashed pod that comes back under another name) when the passage is sent, so it
   * waits in the session under the gone node's id, which only its role tells the leader; then it is removed.
   */
  @Test
  void theLeaderDrainsTheSessionOfANodeWithAClientIdOfItsOwn() throws Exception {
    Config leaderDrivers = drivers("pod-a-" + run);
    Config goneDrivers = drivers("pod-b-" + run);
    leader = node(leaderDrivers, "");
    ActorTestKit gone = node(goneDrivers, "pekko.coordinated-shutdown.run-by-actor-system-terminate = off");
    formCluster(gone);
    new CameraDrivers(leaderDrivers, List.of(camera), HASHER, (id, channel, outcome, n) -> { },
        CameraDriverFactory.NONE).start(leader.system());
    runCamera(gone, goneDrivers);
    Address goneAddress = Cluster.get(gone.system()).selfMember().address();
    gone.shutdownTestKit();
    publish("passages", record("gone-1", "VB002X"));
    TestProbe<Camera.Command> after = cameraRunsOn(leader);
    Cluster.get(leader.system()).manager().tell(new Down(goneAddress));
    assertTaken("gone-1", after);
  }

  /** {@code anpr.camera-drivers} of a node, with its own client id or (empty) the default. */
  private Config drivers(String clientId) {
    return ConfigFactory.parseString("""
        cameras { "%s" { driver = mqtt } }
        mqtt { broker = "%s", topic-prefix = "test/drain-%s", client-id-prefix = "drain-it-%s", let-go = 500ms }
        """.formatted(camera.id(), BROKER, run, run))
        .withValue("mqtt.client-id", ConfigValueFactory.fromAnyRef(clientId))
        .withFallback(ConfigFactory.defaultReference().getConfig("anpr.camera-drivers")).resolve();
  }

  /** A cluster node announcing the roles of its camera drivers, as the controller starts it. */
  private static ActorTestKit node(Config drivers, String more) {
    return ActorTestKit.create("drain", ConfigFactory.parseString(more + """

        pekko.actor.provider = cluster
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        """).withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(CameraDrivers.clusterRoles(drivers)))
        .withFallback(ConfigFactory.load()));
  }

  /** The leader and {@code other} form the cluster, the leader first. */
  private void formCluster(ActorTestKit other) {
    Address first = Cluster.get(leader.system()).selfMember().address();
    Cluster.get(leader.system()).manager().tell(Join.create(first));
    Cluster.get(other.system()).manager().tell(Join.create(first));
    leader.createTestProbe().awaitAssert(Duration.ofSeconds(20), () -> {
      assertEquals(2, StreamSupport.stream(Cluster.get(leader.system()).state().getMembers().spliterator(), false)
          .filter(m -> m.status() == MemberStatus.up()).count());
      return null;
    });
  }

  /** Runs the camera on {@code node}, its MQTT driver attached once its heartbeat comes through the broker. */
  private TestProbe<Camera.Command> runCamera(ActorTestKit node, Config drivers) throws Exception {
    CameraDrivers there = new CameraDrivers(drivers, List.of(camera), HASHER, (id, channel, outcome, n) -> { },
        CameraDriverFactory.NONE);
    there.start(node.system());
    TestProbe<Camera.Command> target = node.createTestProbe();
    node.spawn((Behavior<?>) there.driverFor(camera, target.ref()).orElseThrow(), "driver");
    publisher.connect(new MqttConnectOptions());
    target.awaitAssert(Duration.ofSeconds(10), () -> {
      try {
        publish("heartbeat", "{}");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      target.expectMessageClass(Camera.Heartbeat.class, Duration.ofMillis(300));
      return null;
    });
    return target;
  }

  private void publish(String kind, String payload) throws Exception {
    publisher.publish("test/drain-" + run + "/" + camera.id() + "/" + kind, payload.getBytes(StandardCharsets.UTF_8),
        kind.equals("passages") ? 1 : 0, false);
  }

  /** The camera, as the leader's receptionist lists it from now on. */
  private TestProbe<Camera.Command> cameraRunsOn(ActorTestKit node) {
    TestProbe<Camera.Command> target = node.createTestProbe();
    node.system().receptionist().tell(Receptionist.register(Camera.serviceKey(camera.id()), target.ref()));
    return target;
  }

  private static void assertTaken(String passageId, TestProbe<Camera.Command> camera) {
    Camera.RecordPassage drained = nextPassage(camera, Duration.ofSeconds(30));
    assertEquals(passageId, drained.passage().id());
    drained.replyTo().tell(new Camera.Receipt(passageId, Camera.Receipt.Outcome.TAKEN, ""));
  }

  private static Camera.RecordPassage nextPassage(TestProbe<Camera.Command> target, Duration max) {
    return (Camera.RecordPassage) target.fishForMessage(max, m -> m instanceof Camera.RecordPassage
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore()).get(0);
  }
}
