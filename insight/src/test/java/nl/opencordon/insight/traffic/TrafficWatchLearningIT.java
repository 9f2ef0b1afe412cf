package nl.opencordon.insight.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.Site;
import nl.opencordon.domain.VehicleCategory;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.TestDatabase;
import nl.opencordon.controlroom.IncidentRepository;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** At each full hour the watch stores the hour's counts of every working camera, and of no other. */
class TrafficWatchLearningIT {
  static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config());
  static final ManualTime clock = ManualTime.get(testKit.system());
  static final Database db = Database.open(TestDatabase.freshSchema());
  static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
  static final Camera.Settings CAMERA = new Camera.Settings(Duration.ofHours(2), Duration.ofHours(1), 0.9, 20,
      10_000, 0.8, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(1));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
    db.close();
  }

  static ActorRef<Camera.Command> camera(String id, int passages) {
    TestProbe<Gate.Command> gate = testKit.createTestProbe();
    Site site = new Site("S-" + id, "Teststraat", "noord", new GeoPoint(52.0, 5.0), null);
    ActorRef<Camera.Command> camera = testKit.spawn(Camera.create(new CityLayout.Camera(id, "g1", false, 1, site),
        gate.ref(), CameraDriverFactory.NONE, CAMERA));
    camera.tell(new Camera.Heartbeat(Instant.now()));
    TestProbe<Camera.Receipt> acks = testKit.createTestProbe();
    for (int i = 0; i < passages; i++) {
      Plate plate = Plate.dutch("VB" + String.format("%03d", i) + "X");
      double confidence = i % 4 == 0 ? 0.5 : 0.95;
      camera.tell(new Camera.RecordPassage(new Passage(id + "-" + i, Instant.now(), id, "S-" + id, 1, "noord",
          site.position(), plate.display(), plate, "h" + i, VehicleCategory.VAN, confidence, List.of(confidence),
          false, List.of(), Optional.empty()), acks.ref()));
      Gate.Observe observed = gate.expectMessageClass(Gate.Observe.class);
      observed.replyTo().tell(new Gate.Handled(observed.passage().id(), Optional.empty()));   // a no-hit
      assertEquals(Camera.Receipt.Outcome.TAKEN, acks.receiveMessage().outcome());
    }
    return camera;
  }

  @Test
  void theHoursCountsOfWorkingCamerasAreStored() throws Exception {
    ActorRef<Camera.Command> working = camera("cam-working", 12);
    ActorRef<Camera.Command> off = camera("cam-off", 5);
    TestProbe<StatusReply<Camera.Status>> switched = testKit.createTestProbe();
    off.tell(new Camera.SetEnabled(false, switched.ref()));
    switched.receiveMessage();
    CameraCountRepository counts = new CameraCountRepository(db.dataSource());
    testKit.spawn(TrafficWatch.create(Map.of("cam-working", working, "cam-off", off), new TrafficWatch.Stores(counts,
        new IncidentRepository(db.dataSource()), Executors.newSingleThreadExecutor()), List.of(),
        new TrafficWatch.Settings(Duration.ofDays(1), Duration.ofSeconds(30), Duration.ofHours(1), ZONE,
            new ExpectedTraffic.Rules(4, 2, 20, 0.3, 20, 0.1))));
    clock.timePasses(Duration.ofMinutes(61)); // past the next full hour, whenever the test runs
    Instant now = Instant.now();
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(5), () -> {
      try {
        List<CameraCountRepository.HourCount> stored = counts.between(now.minus(Duration.ofHours(3)), now);
        Instant hour = now.minusSeconds(30).atZone(ZONE).truncatedTo(ChronoUnit.HOURS).minusHours(1).toInstant();
        assertEquals(List.of(new CameraCountRepository.HourCount("cam-working", hour, 12, 3, 0)), stored);
      } catch (java.sql.SQLException e) {
        throw new AssertionError(e);
      }
      return null;
    });
  }
}
