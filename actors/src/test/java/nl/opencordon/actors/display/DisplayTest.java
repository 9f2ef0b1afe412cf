package nl.opencordon.actors.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import nl.opencordon.actors.DeviceHealth;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.Verdict;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The display actor: verdict texts, queueing of close followers, and the health of a sign that hangs. */
@ExtendWith(LogCapturingExtension.class)
class DisplayTest {
  static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config());
  static final ManualTime clock = ManualTime.get(testKit.system());
  /** The driver timeout is real time (a future's timeout); show times and pings run on the manual clock. */
  private static final Display.Settings SETTINGS = new Display.Settings(Duration.ofSeconds(3), Duration.ofSeconds(1),
      Duration.ofSeconds(60), 3, Duration.ofMillis(200), Duration.ofSeconds(2), 2);
  private static final AtomicInteger ids = new AtomicInteger();
  private static final Verdict ALLOWED = Verdict.of(Verdict.Outcome.ALLOWED, "ZE-1", "electric");
  private static final Verdict NOT_ALLOWED = Verdict.of(Verdict.Outcome.NOT_ALLOWED, "ZE-3", "diesel van");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** A sign that records what it was told and can hang. */
  static final class RecordingSign implements SignDriver {
    final List<Display.Message> shown = new CopyOnWriteArrayList<>();
    volatile boolean hung;

    @Override
    public CompletionStage<Done> show(Display.Message message) {
      if (hung) {
        return new CompletableFuture<>();
      }
      shown.add(message);
      return CompletableFuture.completedFuture(Done.getInstance());
    }

    @Override
    public CompletionStage<Done> ping() {
      return hung ? new CompletableFuture<>() : CompletableFuture.completedFuture(Done.getInstance());
    }
  }

  private static ActorRef<Display.Command> spawn(SignDriver sign) {
    return testKit.spawn(Display.create("led-" + ids.incrementAndGet(), sign, SETTINGS));
  }

  private static Display.Status status(ActorRef<Display.Command> display) {
    TestProbe<Display.Status> probe = testKit.createTestProbe();
    display.tell(new Display.GetStatus(probe.ref()));
    return probe.receiveMessage();
  }

  private static Display.Show show(String plate, Verdict verdict) {
    return new Display.Show(Plate.dutch(plate), verdict, Instant.now());
  }

  /** Lists of devices (control room, /api/displays) show what a sign says, not whose plate it is. */
  @Test
  void aStatusWithoutPlateKeepsTheMessageButMasksThePlate() {
    Display.Status status = new Display.Status("led", DeviceHealth.UP, java.util.Optional.of(
        new Display.Message("VB-123-X", "GEEN TOEGANG", false)), 0, 1, 0, 0, java.util.Optional.empty());
    assertEquals(java.util.Optional.of(new Display.Message(Display.Status.MASKED_PLATE, "GEEN TOEGANG", false)),
        status.withoutPlate().showing());
    assertEquals(java.util.Optional.empty(), new Display.Status("led", DeviceHealth.UP, java.util.Optional.empty(), 0,
        0, 0, 0, java.util.Optional.empty()).withoutPlate().showing());
  }

  @Test
  void theTextTellsWhetherTheVehicleMayEnterAndFromWhichDayNot() {
    Plate van = Plate.dutch("VB001X");
    assertEquals(new Display.Message("VB-001-X", "GEEN TOEGANG", false), Display.messageFor(van, NOT_ALLOWED));
    assertEquals(new Display.Message("VB-001-X", "TOEGESTAAN", true), Display.messageFor(van, ALLOWED));
    Verdict transition = Verdict.allowedUntil("ZE-5", "euro 6 van", LocalDate.of(2027, 12, 31));
    assertEquals(new Display.Message("VB-001-X", "TOEGESTAAN, VANAF 01-01-2028 NIET", true),
        Display.messageFor(van, transition));
    assertEquals("CONTROLE NIET MOGELIJK", Display.messageFor(van,
        Verdict.of(Verdict.Outcome.UNKNOWN, "VF-1", "register did not answer")).text());
    assertEquals("ONTHEFFING", Display.messageFor(van, Verdict.of(Verdict.Outcome.EXEMPT, "EX", "permit")).text());
  }

  @Test
  void closeFollowersQueueAndEachGetsTheMinimumShowTime() {
    RecordingSign sign = new RecordingSign();
    ActorRef<Display.Command> display = spawn(sign);
    display.tell(show("VB001X", NOT_ALLOWED));
    display.tell(show("VB002X", ALLOWED));
    display.tell(show("VB003X", ALLOWED));
    eventually(() -> assertEquals(List.of("VB-001-X"), plates(sign)));
    assertEquals(2, status(display).queued());

    clock.timePasses(Duration.ofMillis(999));
    assertEquals(List.of("VB-001-X"), plates(sign), "shown at least min-show-time");
    clock.timePasses(Duration.ofMillis(1));
    eventually(() -> assertEquals(List.of("VB-001-X", "VB-002-X"), plates(sign)));
    clock.timePasses(Duration.ofSeconds(1));
    eventually(() -> assertEquals(List.of("VB-001-X", "VB-002-X", "VB-003-X"), plates(sign)));

    // The last one, with nobody behind it, stays the full show time, then the sign goes blank.
    clock.timePasses(Duration.ofSeconds(1));
    assertTrue(status(display).showing().isPresent()); // the status round trip lets the display take its timer
    clock.timePasses(Duration.ofMillis(1999));
    assertTrue(status(display).showing().isPresent());
    clock.timePasses(Duration.ofMillis(1));
    eventually(() -> assertTrue(status(display).showing().isEmpty()));
    assertEquals(3, status(display).shown());
  }

  @Test
  void aFollowerReplacesAVerdictThatHadItsMinimumTimeAtOnce() {
    RecordingSign sign = new RecordingSign();
    ActorRef<Display.Command> display = spawn(sign);
    display.tell(show("VB001X", ALLOWED));
    eventually(() -> assertEquals(List.of("VB-001-X"), plates(sign)));
    clock.timePasses(Duration.ofMillis(1500));
    display.tell(show("VB002X", NOT_ALLOWED));
    eventually(() -> assertEquals(List.of("VB-001-X", "VB-002-X"), plates(sign)));
    assertEquals(new Display.Message("VB-002-X", "GEEN TOEGANG", false), status(display).showing().orElseThrow());
  }

  @Test
  void aFullQueueDropsTheOldestWaitingVerdict() {
    RecordingSign sign = new RecordingSign();
    ActorRef<Display.Command> display = spawn(sign);
    for (int i = 1; i <= 5; i++) { // one showing, max 3 waiting: the first waiting one is dropped
      display.tell(show("VB00" + i + "X", ALLOWED));
    }
    Display.Status s = status(display);
    assertEquals(3, s.queued());
    assertEquals(1, s.dropped());
    for (int i = 0; i < 3; i++) {
      clock.timePasses(Duration.ofSeconds(1));
    }
    eventually(() -> assertEquals(List.of("VB-001-X", "VB-003-X", "VB-004-X", "VB-005-X"), plates(sign)));
  }

  @Test
  void aSignThatHangsGoesDownAndComesBackUpWhenItAnswersAgain() {
    RecordingSign sign = new RecordingSign();
    ActorRef<Display.Command> display = spawn(sign);
    sign.hung = true;
    clock.timePasses(Duration.ofSeconds(2)); // ping 1 times out after 200 ms
    eventually(() -> assertEquals(DeviceHealth.DEGRADED, status(display).health()));
    clock.timePasses(Duration.ofSeconds(2)); // ping 2: two failures in a row
    eventually(() -> assertEquals(DeviceHealth.DOWN, status(display).health()));

    sign.hung = false;
    clock.timePasses(Duration.ofSeconds(2));
    eventually(() -> assertEquals(DeviceHealth.UP, status(display).health()));
    Display.Status s = status(display);
    assertEquals(2, s.failures());
    assertTrue(s.lastAnswer().isPresent());
    display.tell(show("VB001X", ALLOWED));
    eventually(() -> assertEquals(List.of("VB-001-X"), plates(sign)));
  }

  private static void eventually(Runnable assertion) {
    testKit.createTestProbe().awaitAssert(() -> {
      assertion.run();
      return null;
    });
  }

  private static List<String> plates(RecordingSign sign) {
    return sign.shown.stream().map(Display.Message::plate).toList();
  }

  @Test
  void theProtocolSurvivesCbor() {
    TestProbe<Display.Status> probe = testKit.createTestProbe();
    var serialization = testKit.serializationTestKit();
    serialization.verifySerialization(show("VB001X",
        Verdict.allowedUntil("ZE-5", "euro 6 van", LocalDate.of(2027, 12, 31))), true);
    serialization.verifySerialization(new Display.GetStatus(probe.ref()), true);
    ActorRef<Display.Command> display = spawn(new RecordingSign());
    display.tell(show("VB001X", NOT_ALLOWED));
    Display.Status s = status(display);
    assertFalse(s.showing().isEmpty());
    serialization.verifySerialization(s, true);
  }
}
