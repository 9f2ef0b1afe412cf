package nl.opencordon.insight.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.Site;
import nl.opencordon.domain.VehicleCategory;
import nl.opencordon.insight.traffic.CameraCountRepository.HourCount;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.TestDatabase;
import nl.opencordon.controlroom.IncidentRepository;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Real camera actors fed by a simulated camera that degrades, against expectations learnt from stored hourly
 * counts in PostgreSQL: the watch opens an incident while the camera still says it is up, and ends it when the
 * traffic is normal again.
 */
class TrafficWatchIT {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Database db = Database.open(TestDatabase.freshSchema());
  static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
  /** A camera product that marks itself degraded only at 60% poor reads: it does not notice what we test. */
  static final Camera.Settings CAMERA = new Camera.Settings(Duration.ofSeconds(30), Duration.ofMillis(100), 0.6, 20,
      10_000, 0.8, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(1));
  static final ExpectedTraffic.Rules RULES = new ExpectedTraffic.Rules(4, 2, 20, 0.3, 20, 0.1);
  static final AtomicInteger ids = new AtomicInteger();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
    db.close();
  }

  /** A simulated camera: readable passages while clean, low-confidence ones once its lens is dirty. */
  record SimulatedCamera(String id, ActorRef<Camera.Command> actor, TestProbe<Gate.Command> gate) {
    static SimulatedCamera start(String id) {
      TestProbe<Gate.Command> gate = testKit.createTestProbe();
      Site site = new Site("S-" + id, "Teststraat", "noord", new GeoPoint(52.0, 5.0), null);
      ActorRef<Camera.Command> actor = testKit.spawn(Camera.create(new CityLayout.Camera(id, "g1", false, 1, site),
          gate.ref(), CameraDriverFactory.NONE, CAMERA));
      actor.tell(new Camera.Heartbeat(Instant.now()));
      return new SimulatedCamera(id, actor, gate);
    }

    void drive(int passages, boolean dirtyLens) {
      TestProbe<Camera.Receipt> acks = testKit.createTestProbe();
      for (int i = 0; i < passages; i++) {
        Plate plate = Plate.dutch("VB" + String.format("%03d", i % 1000) + "X");
        double confidence = dirtyLens ? 0.55 : 0.96;
        actor.tell(new Camera.RecordPassage(new Passage(id + "-" + ids.incrementAndGet(), Instant.now(), id, "S-" + id,
            1, "noord", new GeoPoint(52.0, 5.0), plate.display(), plate, "h" + i, VehicleCategory.PASSENGER_CAR,
            confidence, List.of(confidence), false, List.of(), Optional.empty()), acks.ref()));
        Gate.Observe observed = gate.expectMessageClass(Gate.Observe.class);
        observed.replyTo().tell(new Gate.Handled(observed.passage().id(), Optional.empty()));   // a no-hit
        assertEquals(Camera.Receipt.Outcome.TAKEN, acks.receiveMessage().outcome());
      }
    }
  }

  /** Earlier weeks' counts of the hour the watch will compare with. */
  static void learnt(String cameraId, int passages, int lowConfidence) throws Exception {
    CameraCountRepository counts = new CameraCountRepository(db.dataSource());
    Instant hour = ExpectedTraffic.hourOf(Instant.now(), ZONE);
    for (Instant earlier : ExpectedTraffic.sameHourEarlier(hour, ZONE, 4)) {
      counts.record(new HourCount(cameraId, earlier, passages, lowConfidence, 0));
    }
  }

  static List<IncidentRepository.Incident> anomalies(String cameraId, boolean openOnly) throws Exception {
    return new IncidentRepository(db.dataSource()).list(openOnly, cameraId, 10).stream()
        .filter(i -> i.type().equals(TrafficWatch.INCIDENT_TYPE)).toList();
  }

  @Test
  void aDirtyLensAndATurnedCameraRaiseIncidentsWhileTheCamerasSayTheyAreUp() throws Exception {
    SimulatedCamera dirty = SimulatedCamera.start("cam-dirty");
    SimulatedCamera turned = SimulatedCamera.start("cam-turned");
    SimulatedCamera fine = SimulatedCamera.start("cam-fine");
    learnt("cam-dirty", 40, 2);
    learnt("cam-turned", 200, 4);
    learnt("cam-fine", 30, 1);
    TestProbe<TrafficAnomalyChanged> events = testKit.createTestProbe();
    testKit.system().eventStream().tell(new EventStream.Subscribe<>(TrafficAnomalyChanged.class, events.ref()));

    dirty.drive(30, false);
    turned.drive(30, false); // a turned camera sees a fraction of the lane
    fine.drive(30, false);
    ActorRef<TrafficWatch.Command> watch = testKit.spawn(TrafficWatch.create(
        Map.of(dirty.id(), dirty.actor(), turned.id(), turned.actor(), fine.id(), fine.actor()),
        new TrafficWatch.Stores(new CameraCountRepository(db.dataSource()), new IncidentRepository(db.dataSource()),
            Executors.newSingleThreadExecutor()), List.of(),
        // no warm-up: the seconds these cameras have been up stand for their whole hour
        new TrafficWatch.Settings(Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ZERO, ZONE, RULES)));

    TrafficAnomalyChanged low = events.receiveMessage(Duration.ofSeconds(10));
    assertEquals("cam-turned", low.cameraId());
    assertTrue(low.anomalous());
    assertTrue(low.detail().startsWith("30 passages in the last hour, 200 expected"), low.detail());

    dirty.drive(12, true); // 12 of 42 poor: 29%, where 5% is normal
    TrafficAnomalyChanged poor = events.receiveMessage(Duration.ofSeconds(10));
    assertEquals("cam-dirty", poor.cameraId());
    assertTrue(poor.anomalous());
    assertTrue(poor.detail().startsWith("29% poor reads"), poor.detail());
    assertEquals("UP", status(dirty).health().name(), "the camera itself still says it is up");

    events.awaitAssert(Duration.ofSeconds(5), () -> {
      try {
        assertEquals(1, anomalies("cam-dirty", true).size());
        assertEquals(1, anomalies("cam-turned", true).size());
        assertEquals(0, anomalies("cam-fine", false).size());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return null;
    });
    TestProbe<TrafficWatch.Anomalies> listed = testKit.createTestProbe();
    watch.tell(new TrafficWatch.GetAnomalies(listed.ref()));
    assertEquals(List.of("cam-dirty", "cam-turned"),
        listed.receiveMessage().anomalies().stream().map(TrafficWatch.Anomaly::cameraId).toList());

    dirty.drive(100, false); // lens cleaned: 12 of 142 poor is 8%
    TrafficAnomalyChanged cleaned = events.receiveMessage(Duration.ofSeconds(10));
    assertEquals("cam-dirty", cleaned.cameraId());
    assertFalse(cleaned.anomalous());
    events.awaitAssert(Duration.ofSeconds(5), () -> {
      try {
        List<IncidentRepository.Incident> all = anomalies("cam-dirty", false);
        assertEquals(1, all.size());
        assertTrue(all.get(0).endedAt().isPresent(), "ended when the traffic was normal again");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return null;
    });
  }

  static Camera.Status status(SimulatedCamera c) {
    TestProbe<Camera.Status> probe = testKit.createTestProbe();
    c.actor().tell(new Camera.GetStatus(probe.ref()));
    return probe.receiveMessage();
  }
}
