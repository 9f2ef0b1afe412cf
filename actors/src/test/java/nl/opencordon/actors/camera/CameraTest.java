package nl.opencordon.actors.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import nl.opencordon.actors.DeviceHealth;
import nl.opencordon.actors.DeviceHealthChanged;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.PlateHasher;
import nl.opencordon.domain.Site;
import nl.opencordon.domain.VehicleCategory;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The camera actor: hand-off and acks, resends, switching off, site moves, health and driver supervision. */
@ExtendWith(LogCapturingExtension.class)
class CameraTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  private static final PlateHasher HASHER = new PlateHasher("camera-test-secret-0123456789");
  private static final Site SITE_A = new Site("DS-M01", "Tolsteegbrug", "noord", new GeoPoint(52.08, 5.12), null);
  private static final Site SITE_B = new Site("DS-M02", "Weerdsingel", "zuid", new GeoPoint(52.09, 5.11), null);
  /** Silent cameras go down after 300 ms, checked every 50 ms: health tests run in real time, briefly. */
  private static final Camera.Settings SETTINGS = new Camera.Settings(Duration.ofMillis(300), Duration.ofMillis(50),
      0.2, 20, 3, 0.8, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(1));
  private static final AtomicInteger ids = new AtomicInteger();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private record Started(ActorRef<Camera.Command> camera, TestProbe<Gate.Command> gate, String id) {}

  private static Started start(boolean mobile, CameraDriverFactory drivers) {
    String id = "cam-" + ids.incrementAndGet();
    TestProbe<Gate.Command> gate = testKit.createTestProbe();
    CityLayout.Camera config = new CityLayout.Camera(id, "noord", mobile, 1, SITE_A);
    return new Started(testKit.spawn(Camera.create(config, gate.ref(), drivers, SETTINGS)), gate, id);
  }

  static Passage passage(String cameraId, String passageId, Instant at) {
    Plate plate = Plate.dutch("VB-001-X");
    return new Passage(passageId, at, cameraId, "DS-M01", 1, "noord", SITE_A.position(), plate.display(), plate,
        HASHER.hash(plate), VehicleCategory.VAN, 0.95, List.of(0.9, 0.9, 0.95, 0.97, 0.99, 0.9), false,
        List.of("img://overview"), Optional.of(31.5));
  }

  /** Sends a passage the camera answers itself (a resend of a decided one, or a refusal). */
  private static Camera.Receipt record(ActorRef<Camera.Command> camera, Passage p) {
    TestProbe<Camera.Receipt> receipt = testKit.createTestProbe();
    camera.tell(new Camera.RecordPassage(p, receipt.ref()));
    return receipt.receiveMessage();
  }

  /** Sends a passage, plays the gate deciding it, and returns the camera's receipt and what the gate saw. */
  private static Gate.Observe decided(Started s, Passage p) {
    TestProbe<Camera.Receipt> receipt = testKit.createTestProbe();
    s.camera().tell(new Camera.RecordPassage(p, receipt.ref()));
    Gate.Observe observed = s.gate().expectMessageClass(Gate.Observe.class);
    receipt.expectNoMessage(Duration.ofMillis(50));
    observed.replyTo().tell(new Gate.Handled(p.id(), Optional.empty()));
    assertEquals(Camera.Receipt.Outcome.TAKEN, receipt.receiveMessage().outcome());
    return observed;
  }

  private static Camera.Status status(ActorRef<Camera.Command> camera) {
    TestProbe<Camera.Status> probe = testKit.createTestProbe();
    camera.tell(new Camera.GetStatus(probe.ref()));
    return probe.receiveMessage();
  }

  @Test
  void acknowledgesAPassageOnlyOnceTheGateAnsweredForIt() {
    Started s = start(false, CameraDriverFactory.NONE);
    Passage p = passage(s.id(), "p-1", Instant.now());
    Gate.Observe observed = decided(s, p);
    assertEquals(p, observed.passage());
    assertEquals(SITE_A, observed.site());
  }

  @Test
  void aPassageTheGateRefusesIsToBeSentAgain() {
    Started s = start(false, CameraDriverFactory.NONE);
    Passage p = passage(s.id(), "p-1", Instant.now());
    TestProbe<Camera.Receipt> receipt = testKit.createTestProbe();
    s.camera().tell(new Camera.RecordPassage(p, receipt.ref()));
    s.gate().expectMessageClass(Gate.Observe.class).replyTo()
        .tell(new Gate.Handled(p.id(), Optional.of("zone did not decide")));
    Camera.Receipt refused = receipt.receiveMessage();
    assertEquals(Camera.Receipt.Outcome.RETRY, refused.outcome());
    assertEquals("zone did not decide", refused.reason());
    // Not remembered as taken: the resend goes to the gate again.
    decided(s, p);
  }

  @Test
  void aResendWhileUndecidedWaitsForTheSameDecision() {
    Started s = start(false, CameraDriverFactory.NONE);
    Passage p = passage(s.id(), "p-1", Instant.now());
    TestProbe<Camera.Receipt> first = testKit.createTestProbe();
    TestProbe<Camera.Receipt> resend = testKit.createTestProbe();
    s.camera().tell(new Camera.RecordPassage(p, first.ref()));
    s.camera().tell(new Camera.RecordPassage(p, resend.ref()));
    Gate.Observe observed = s.gate().expectMessageClass(Gate.Observe.class);
    s.gate().expectMessageClass(Gate.Observe.class); // handed on again: a restarted gate may have lost the first
    resend.expectNoMessage(Duration.ofMillis(50));
    observed.replyTo().tell(new Gate.Handled(p.id(), Optional.empty()));
    assertEquals(Camera.Receipt.Outcome.TAKEN, first.receiveMessage().outcome());
    assertEquals(Camera.Receipt.Outcome.TAKEN, resend.receiveMessage().outcome());
    assertEquals(1, status(s.camera()).duplicatesIgnored());
  }

  @Test
  void aResentPassageIsAcknowledgedAgainButHandedOnOnce() {
    Started s = start(false, CameraDriverFactory.NONE);
    Passage p = passage(s.id(), "p-1", Instant.now());
    decided(s, p);
    assertEquals(Camera.Receipt.Outcome.TAKEN, record(s.camera(), p).outcome());
    s.gate().expectNoMessage(Duration.ofMillis(100));
    assertEquals(1, status(s.camera()).duplicatesIgnored());
  }

  @Test
  void rememberedIdsAreBoundedOldestFirst() {
    Started s = start(false, CameraDriverFactory.NONE);
    for (int i = 1; i <= 4; i++) { // remembers 3: p-1 is forgotten when p-4 arrives
      decided(s, passage(s.id(), "p-" + i, Instant.now()));
    }
    decided(s, passage(s.id(), "p-1", Instant.now()));
    record(s.camera(), passage(s.id(), "p-4", Instant.now()));
    assertEquals(1, status(s.camera()).duplicatesIgnored());
  }

  @Test
  void aPassageOfAnotherCameraIsRefused() {
    Started s = start(false, CameraDriverFactory.NONE);
    assertEquals(Camera.Receipt.Outcome.REFUSED, record(s.camera(), passage("elsewhere", "p-1", Instant.now())).outcome());
    s.gate().expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aSwitchedOffCameraRefusesPassagesAndIsDisabled() {
    Started s = start(false, CameraDriverFactory.NONE);
    TestProbe<StatusReply<Camera.Status>> reply = testKit.createTestProbe();
    s.camera().tell(new Camera.SetEnabled(false, reply.ref()));
    assertEquals(DeviceHealth.DISABLED, reply.receiveMessage().getValue().health());
    Camera.Receipt refused = record(s.camera(), passage(s.id(), "p-1", Instant.now()));
    assertEquals(Camera.Receipt.Outcome.REFUSED, refused.outcome());
    assertTrue(refused.reason().contains("switched off"), refused.reason());
    s.gate().expectNoMessage(Duration.ofMillis(100));

    s.camera().tell(new Camera.SetEnabled(true, reply.ref()));
    assertTrue(reply.receiveMessage().getValue().enabled());
    decided(s, passage(s.id(), "p-1", Instant.now()));
  }

  /** A store in memory, as PostgreSQL would keep it, that can be made to fail. */
  private static final class MemoryStore implements CameraStateStore {
    final Map<String, Boolean> enabled = new ConcurrentHashMap<>();
    final Map<String, List<Camera.SiteAssignment>> moves = new ConcurrentHashMap<>();
    volatile boolean failing;

    @Override
    public CompletionStage<Optional<Boolean>> enabled(String cameraId) {
      return failing ? CompletableFuture.failedFuture(new IllegalStateException("database away"))
          : CompletableFuture.completedFuture(Optional.ofNullable(enabled.get(cameraId)));
    }

    @Override
    public CompletionStage<Done> saveEnabled(String cameraId, boolean on) {
      if (failing) {
        return CompletableFuture.failedFuture(new IllegalStateException("database away"));
      }
      enabled.put(cameraId, on);
      return CompletableFuture.completedFuture(Done.getInstance());
    }

    @Override
    public CompletionStage<List<Camera.SiteAssignment>> siteMoves(String cameraId) {
      return failing ? CompletableFuture.failedFuture(new IllegalStateException("database away"))
          : CompletableFuture.completedFuture(moves.getOrDefault(cameraId, List.of()));
    }
  }

  @Test
  void aCameraSwitchedOffStaysOffWhenItStartsAgain() {
    MemoryStore store = new MemoryStore();
    CityLayout.Camera config = new CityLayout.Camera("cam-stored", "noord", false, 1, SITE_A);
    TestProbe<Gate.Command> gate = testKit.createTestProbe();
    ActorRef<Camera.Command> first = testKit.spawn(Camera.create(config, gate.ref(), CameraDriverFactory.NONE, store,
        SETTINGS));
    TestProbe<StatusReply<Camera.Status>> reply = testKit.createTestProbe();
    assertTrue(status(first).enabled(), "started, with its switch loaded");   // before the store fails
    store.failing = true;
    first.tell(new Camera.SetEnabled(false, reply.ref()));
    assertTrue(reply.receiveMessage().isError(), "a switch that could not be stored is refused");
    assertTrue(status(first).enabled());
    store.failing = false;
    first.tell(new Camera.SetEnabled(false, reply.ref()));
    assertEquals(DeviceHealth.DISABLED, reply.receiveMessage().getValue().health());
    testKit.stop(first);

    // A new incarnation (a restart, or another node) loads the switch before it takes a passage.
    ActorRef<Camera.Command> second = testKit.spawn(Camera.create(config, gate.ref(), CameraDriverFactory.NONE, store,
        SETTINGS));
    assertEquals(Camera.Receipt.Outcome.REFUSED, record(second, passage("cam-stored", "p-1", Instant.now())).outcome());
    assertEquals(DeviceHealth.DISABLED, status(second).health());
    gate.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aMobileCameraThatMovesKeepsTheOldSiteForEarlierPassages() {
    Started s = start(true, CameraDriverFactory.NONE);
    Instant moved = Instant.parse("2025-03-03T10:00:00Z");
    TestProbe<StatusReply<Camera.Status>> reply = testKit.createTestProbe();
    s.camera().tell(new Camera.MoveToSite(SITE_B, moved, reply.ref()));
    Camera.Status after = reply.receiveMessage().getValue();
    assertEquals(SITE_B, after.site());
    assertEquals(2, after.siteHistory().size());

    assertEquals(SITE_A, decided(s, passage(s.id(), "before", moved.minusSeconds(1))).site());
    assertEquals(SITE_B, decided(s, passage(s.id(), "after", moved.plusSeconds(1))).site());

    s.camera().tell(new Camera.MoveToSite(SITE_A, moved.minusSeconds(60), reply.ref()));
    assertTrue(reply.receiveMessage().isError(), "a move cannot go back before the previous one");
  }

  @Test
  void aMovedCameraStartsAgainAtItsCurrentSite() {
    MemoryStore store = new MemoryStore();
    Instant moved = Instant.parse("2025-03-03T10:00:00Z");
    store.moves.put("cam-moved", List.of(new Camera.SiteAssignment(SITE_B, moved)));
    CityLayout.Camera config = new CityLayout.Camera("cam-moved", "noord", true, 1, SITE_A);
    TestProbe<Gate.Command> gate = testKit.createTestProbe();
    ActorRef<Camera.Command> camera = testKit.spawn(Camera.create(config, gate.ref(), CameraDriverFactory.NONE, store,
        SETTINGS));
    Camera.Status status = status(camera);
    assertEquals(SITE_B, status.site());
    assertEquals(List.of(new Camera.SiteAssignment(SITE_A, Instant.EPOCH), new Camera.SiteAssignment(SITE_B, moved)),
        status.siteHistory());
    TestProbe<Camera.Receipt> receipt = testKit.createTestProbe();
    camera.tell(new Camera.RecordPassage(passage("cam-moved", "before", moved.minusSeconds(1)), receipt.ref()));
    assertEquals(SITE_A, gate.expectMessageClass(Gate.Observe.class).site(), "earlier passages keep the old site");
  }

  @Test
  void aFixedCameraDoesNotMove() {
    Started s = start(false, CameraDriverFactory.NONE);
    TestProbe<StatusReply<Camera.Status>> reply = testKit.createTestProbe();
    s.camera().tell(new Camera.MoveToSite(SITE_B, Instant.now(), reply.ref()));
    assertTrue(reply.receiveMessage().isError());
  }

  private static TestProbe<DeviceHealthChanged> healthEvents() {
    TestProbe<DeviceHealthChanged> events = testKit.createTestProbe();
    testKit.system().eventStream().tell(new EventStream.Subscribe<>(DeviceHealthChanged.class, events.ref()));
    return events;
  }

  private static void expectHealth(TestProbe<DeviceHealthChanged> events, String id, DeviceHealth to) {
    events.fishForMessage(Duration.ofSeconds(3), e -> e.deviceId().equals(id) && e.to() == to
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
  }

  @Test
  void aSilentCameraGoesDownAndComesBackWithItsNextHeartbeat() {
    TestProbe<DeviceHealthChanged> events = healthEvents();
    Started s = start(false, CameraDriverFactory.NONE);
    assertEquals(DeviceHealth.DOWN, status(s.camera()).health(), "no contact yet");
    s.camera().tell(new Camera.Heartbeat(Instant.now()));
    expectHealth(events, s.id(), DeviceHealth.UP);
    expectHealth(events, s.id(), DeviceHealth.DOWN); // silent for longer than 300 ms
    s.camera().tell(new Camera.Heartbeat(Instant.now()));
    expectHealth(events, s.id(), DeviceHealth.UP);
  }

  @Test
  void aFailedDriverMarksTheCameraDownAtOnce() {
    expectAtOnceOnceUp(new Camera.DriverFailed("broker connection lost"), DeviceHealth.DOWN,
        "broker connection lost");
  }

  @Test
  void aCameraWhoseVideoIsReadTooSlowlyIsDegraded() {
    expectAtOnceOnceUp(new Camera.FallingBehind(Instant.now()), DeviceHealth.DEGRADED,
        "video read too slowly: frames dropped to keep up");
  }

  /** A camera that is up and is told {@code news} changes its health to {@code to} at once (within 200 ms). */
  private static void expectAtOnceOnceUp(Camera.Command news, DeviceHealth to, String detail) {
    TestProbe<DeviceHealthChanged> events = healthEvents();
    Started s = start(false, CameraDriverFactory.NONE);
    s.camera().tell(new Camera.Heartbeat(Instant.now()));
    expectHealth(events, s.id(), DeviceHealth.UP);
    s.camera().tell(news);
    DeviceHealthChanged change = events.fishForMessage(Duration.ofMillis(200), e -> e.deviceId().equals(s.id())
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore()).get(0);
    assertEquals(to, change.to());
    assertEquals(detail, change.detail());
  }

  @Test
  void aCrashingDriverIsRestartedAndTheCameraComesBackUp() {
    AtomicInteger incarnations = new AtomicInteger();
    CameraDriverFactory crashTwice = (camera, self) -> Optional.of(crashingDriver(self, incarnations, 2));
    TestProbe<DeviceHealthChanged> events = healthEvents();
    Started s = start(false, crashTwice);
    expectHealth(events, s.id(), DeviceHealth.UP);
    assertEquals(3, incarnations.get());
  }

  /** A driver whose first {@code crashes} connection attempts fail; then it heartbeats. */
  private static Behavior<String> crashingDriver(ActorRef<Camera.Command> camera, AtomicInteger incarnations,
                                                 int crashes) {
    return Behaviors.setup(ctx -> {
      ctx.getSelf().tell("connect");
      return Behaviors.receiveMessage(connect -> {
        if (incarnations.incrementAndGet() <= crashes) {
          throw new java.io.IOException("connection refused");
        }
        camera.tell(new Camera.Heartbeat(Instant.now()));
        return Behaviors.same();
      });
    });
  }

  @Test
  void theProtocolSurvivesCbor() {
    TestProbe<Camera.Receipt> acks = testKit.createTestProbe();
    TestProbe<Camera.Status> statuses = testKit.createTestProbe();
    var serialization = testKit.serializationTestKit();
    serialization.verifySerialization(new Camera.RecordPassage(passage("c", "p", Instant.now()), acks.ref()), true);
    serialization.verifySerialization(new Camera.Heartbeat(Instant.now()), true);
    serialization.verifySerialization(new Camera.DriverFailed("gone"), true);
    serialization.verifySerialization(new Camera.FallingBehind(Instant.now()), true);
    serialization.verifySerialization(new Camera.GetStatus(statuses.ref()), true);
    serialization.verifySerialization(new Camera.Receipt("p", Camera.Receipt.Outcome.RETRY, "zone did not decide"),
        true);
    Started s = start(true, CameraDriverFactory.NONE);
    decided(s, passage(s.id(), "p-1", Instant.now()));
    serialization.verifySerialization(status(s.camera()), true);
  }
}
