package nl.opencordon.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.actors.zone.ZoneRouter;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Site;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** The guardian on a cluster of one: every gate's unit runs here, with its cameras and displays, under sharding. */
@ExtendWith(LogCapturingExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuardianTest {
  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
      pekko.cluster.sharded-daemon-process.keep-alive-interval = 500ms
      """).withFallback(ConfigFactory.load()));

  private static final GeoPoint HERE = new GeoPoint(52.09, 5.12);
  private static final CityLayout CITY = new CityLayout("Teststad", List.of(TestSightings.zeZone()),
      List.of(new CityLayout.Gate("noord", "ze", CityLayout.GateKind.ENTRY, HERE),
          new CityLayout.Gate("zuid", "ze", CityLayout.GateKind.EXIT, HERE)),
      List.of(new CityLayout.Camera("cam-n1", "noord", false, 1, site("N1")),
          new CityLayout.Camera("cam-n2", "noord", false, 2, site("N2")),
          new CityLayout.Camera("cam-z1", "zuid", true, 1, site("Z1"))),
      List.of(new CityLayout.Display("sign-n", "noord", HERE)));

  private static ActorRef<Guardian.Command> guardian;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static Site site(String code) {
    return new Site(code, "Singel", "noord", HERE, null);
  }

  @Test
  @Order(1)
  void everyGateRunsHereWithItsCamerasAndDisplaysOnceTheGuardianSaysSo() {
    TestProbe<Done> running = testKit.createTestProbe();
    guardian = testKit.spawn(Guardian.create(CITY, ports(), settings()));
    Guardian.Devices view = devices();
    guardian.tell(new Guardian.AwaitRunning(running.ref()));
    running.expectNoMessage(Duration.ofMillis(300)); // sharding waits for this node to be an Up member

    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    running.receiveMessage(Duration.ofSeconds(20));
    assertEquals(Set.of("noord", "zuid"), view.gates().keySet(), "the view given before is live");
    assertEquals(Set.of("cam-n1", "cam-n2", "cam-z1"), view.cameras().keySet());
    assertEquals(Set.of("sign-n"), view.displays().keySet());
    assertThrows(UnsupportedOperationException.class, () -> view.gates().remove("noord"));

    TestProbe<Camera.Status> status = testKit.createTestProbe();
    view.cameras().get("cam-z1").tell(new Camera.GetStatus(status.ref()));
    assertEquals("zuid", status.receiveMessage().gateId());
    TestProbe<Gate.Status> gate = testKit.createTestProbe();
    view.gates().get("noord").tell(new Gate.GetStatus(gate.ref()));
    gate.receiveMessage();
  }

  @Test
  @Order(2)
  void aGateThatStopsIsStartedAgainAndTheViewFollows() {
    Guardian.Devices view = devices();
    ActorRef<Gate.Command> gate = view.gates().get("zuid");
    ActorRef<Camera.Command> camera = view.cameras().get("cam-z1");
    TestProbe<Receptionist.Listing> found = testKit.createTestProbe();
    testKit.system().receptionist().tell(Receptionist.find(GateUnit.serviceKey("zuid"), found.ref()));
    found.receiveMessage().getServiceInstances(GateUnit.serviceKey("zuid"))
        .forEach(unit -> unit.tell(GateUnit.Stop.INSTANCE));

    TestProbe<Object> watcher = testKit.createTestProbe();
    watcher.expectTerminated(gate, Duration.ofSeconds(5));
    watcher.awaitAssert(Duration.ofSeconds(10), () -> {
      assertNotEquals(gate, view.gates().get("zuid"), "the gate that runs now, not the stopped one");
      assertNotNull(view.gates().get("zuid"));
      assertNotEquals(camera, view.cameras().get("cam-z1"));
      assertNotNull(view.cameras().get("cam-z1"));
      return null;
    });
    assertEquals(Set.of("noord", "zuid"), view.gates().keySet());
  }

  private static Guardian.Devices devices() {
    TestProbe<Guardian.Devices> devices = testKit.createTestProbe();
    guardian.tell(new Guardian.GetDevices(devices.ref()));
    return devices.receiveMessage();
  }

  private static Guardian.Ports ports() {
    Behavior<Zone.Command> noZone = Behaviors.ignore();
    return new Guardian.Ports(new Gate.Dependencies(
        plate -> CompletableFuture.completedFuture(Optional.empty()), new ExemptionRegistry(),
        ZoneRouter.single(testKit.spawn(noZone))), CameraDriverFactory.NONE, d -> null);
  }

  private static ActorSettings settings() {
    return ActorSettings.fromConfig(testKit.system().settings().config().getConfig("anpr.actors"));
  }
}
