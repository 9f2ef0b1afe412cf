package nl.opencordon.controller.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import nl.opencordon.actors.DeviceHealth;
import nl.opencordon.domain.Plate;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Display and database faults against the real PostgreSQL: a sign that hangs, a vehicle register that is
 * slow, and the controller's PostgreSQL connections cut. No acknowledged passage or case is lost, and the
 * controller recovers without an operator; the recovery times go to target/recovery-times.txt.
 */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DisplayAndDatabaseFaultsIT {
  private static final int REPEATS = 5;
  private static final String SIGN = "in-led";
  private FaultRig rig;
  private int plates = 5000;

  @BeforeAll
  void start() throws Exception {
    rig = new FaultRig("");
    // Timings are of a warm controller: the first request pays for loading the HTTP and JSON code.
    awaitShown(pass(), "GEEN TOEGANG");
  }

  @AfterAll
  void stop() throws Exception {
    rig.report("Display and database faults (DisplayAndDatabaseFaultsIT)");
    rig.close();
  }

  /** Pushes a violating vehicle through the HTTP camera; returns its plate once the push was acknowledged. */
  private Plate pass() throws Exception {
    Plate plate = rig.violator(plates++);
    assertEquals(200, rig.push(FaultRig.record("p-" + plate.text(), plate)).statusCode());
    return plate;
  }

  /**
   * Pushes a violating vehicle as a camera does: sent again with the same id until acknowledged (a 503 means
   * it could not be decided yet, e.g. while the database is away). Returns its plate.
   */
  private Plate passResending() throws Exception {
    Plate plate = rig.violator(plates++);
    String record = FaultRig.record("p-" + plate.text(), plate);
    FaultRig.await(Duration.ofSeconds(60), "the push of " + plate + " acknowledged",
        () -> rig.push(record).statusCode() == 200);
    return plate;
  }

  private Instant awaitShown(Plate plate, String text) throws Exception {
    return FaultRig.await(Duration.ofSeconds(5), plate + " on the sign", () -> rig.signs.showing(SIGN)
        .filter(m -> m.plate().equals(plate.display()) && m.text().equals(text)).isPresent());
  }

  @Test
  void aSignThatHangsIsMarkedDownAndComesBackWhileTheGateGoesOn() throws Exception {
    List<Plate> passed = new ArrayList<>();
    for (int i = 0; i < REPEATS; i++) {
      Instant hung = Instant.now();
      rig.signs.hang(SIGN, true);
      passed.add(pass()); // the gate goes on while its sign hangs
      rig.awaitHealth(SIGN, DeviceHealth.DOWN, hung, Duration.ofSeconds(10));
      Instant released = Instant.now();
      rig.signs.hang(SIGN, false);
      Instant up = rig.awaitHealth(SIGN, DeviceHealth.UP, released, Duration.ofSeconds(10));
      rig.recovered("display hangs: sign UP after it answers again", released, up);
      Instant sent = Instant.now();
      Plate next = pass();
      passed.add(next);
      rig.recovered("display hangs: next verdict on the sign after it answers again", released,
          awaitShown(next, "GEEN TOEGANG"));
      assertTrue(Duration.between(sent, Instant.now()).toMillis() < 1000, "verdict within a second");
    }
    for (Plate p : passed) {
      FaultRig.await(Duration.ofSeconds(10), "case of " + p, () -> cases(p) == 1);
    }
  }

  @Test
  void theSignShowsAVerdictWithinOneSecondEvenWhenTheRegisterIsSlow() throws Exception {
    for (int i = 0; i < REPEATS; i++) {
      Plate slow = rig.violator(plates++);
      rig.slowPlates.put(slow, Duration.ofSeconds(3));
      // A sign still showing the vehicle before would hold this one for its minimum time: start from blank.
      FaultRig.await(Duration.ofSeconds(5), "a blank sign", () -> rig.display(SIGN).showing()
          .isEmpty());
      Instant sent = Instant.now();
      // Acknowledged only once decided, i.e. after the register answered: the sign must not wait for that.
      CompletableFuture<Integer> pushed = CompletableFuture.supplyAsync(() -> {
        try {
          return rig.push(FaultRig.record("slow-" + slow.text(), slow)).statusCode();
        } catch (Exception e) {
          throw new CompletionException(e);
        }
      });
      Instant shown = awaitShown(slow, "CONTROLE NIET MOGELIJK");
      rig.recovered("slow register (3 s): passage to verdict on the sign", sent, shown);
      assertTrue(Duration.between(sent, shown).toMillis() < 1000, "verdict within a second");
      assertEquals(200, pushed.get(10, TimeUnit.SECONDS));

      FaultRig.await(Duration.ofSeconds(5), "a blank sign", () -> rig.display(SIGN).showing()
          .isEmpty());
      sent = Instant.now();
      Plate fast = pass();
      rig.recovered("register answering: passage to verdict on the sign", sent, awaitShown(fast, "GEEN TOEGANG"));
      // The slow vehicle still gets its case once the register answers.
      FaultRig.await(Duration.ofSeconds(10), "case of the slow vehicle", () -> cases(slow) == 1);
    }
  }

  @Test
  void cutDatabaseConnectionsLoseNoCase() throws Exception {
    List<Plate> passed = new ArrayList<>();
    for (int i = 0; i < REPEATS; i++) {
      Plate before = pass();
      passed.add(before);
      FaultRig.await(Duration.ofSeconds(10), "case before the cut", () -> cases(before) == 1);
      int cut = rig.dropDatabaseConnections();
      Instant dropped = Instant.now();
      assertTrue(cut > 0, "the controller had connections to cut");
      Plate after = passResending();
      passed.add(after);
      Instant persisted;
      try {
        persisted = FaultRig.await(Duration.ofSeconds(30), "case after the cut", () -> cases(after) == 1);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; gate: " + rig.gate("in"), e);
      }
      rig.recovered("PostgreSQL connections cut: first case persisted after the cut", dropped, persisted);
    }
    for (Plate p : passed) {
      assertEquals(1, cases(p), "exactly one case for " + p);
    }
  }

  private int cases(Plate plate) throws Exception {
    return rig.cases(plate).size();
  }
}
