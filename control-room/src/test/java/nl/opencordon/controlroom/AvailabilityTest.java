package nl.opencordon.controlroom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.opencordon.actors.DeviceHealth;
import nl.opencordon.controlroom.DeviceHistoryRepository.HealthTransition;
import org.junit.jupiter.api.Test;

/** The one availability calculation, at its boundaries: the control room's figures and insight's report use it. */
class AvailabilityTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  private static Instant at(long hours) {
    return T0.plus(Duration.ofHours(hours));
  }

  @Test
  void upAndDegradedCountAsAvailableDownDoesNot() {
    Availability a = new Availability();
    a.record("c", DeviceHealth.UP, at(0));
    a.record("c", DeviceHealth.DOWN, at(20));
    a.record("c", DeviceHealth.DEGRADED, at(21));
    // 24 h: 23 h up or degraded, 1 h down
    assertEquals(23.0 / 24, a.between("c", at(0), at(24)).orElseThrow(), 1e-9);
    // The last 6 hours: 1 h of 6 down
    assertEquals(5.0 / 6, a.between("c", at(18), at(24)).orElseThrow(), 1e-9);
  }

  @Test
  void switchedOffAndUnobservedTimeDoNotCount() {
    Availability a = new Availability();
    a.record("c", DeviceHealth.UP, at(12)); // nothing known before: not observed
    a.record("c", DeviceHealth.DISABLED, at(16));
    a.record("c", DeviceHealth.DOWN, at(22));
    // observed 12 h, of which 6 h switched off: 4 h up of 6 counted
    assertEquals(4.0 / 6, a.between("c", at(0), at(24)).orElseThrow(), 1e-9);
    assertEquals(Optional.empty(), a.between("other", at(0), at(24)));
    assertEquals(Optional.empty(), a.between("c", at(0), at(12)), "before its first transition: not observed");
    assertEquals(Optional.empty(), a.between("c", at(17), at(20)), "switched off the whole period");
  }

  @Test
  void whileTheControllerWasStoppedNothingWasObserved() {
    Availability a = new Availability();
    a.record("c", DeviceHealth.UP, at(0));
    a.record("c", null, at(6)); // controller stopped
    a.record("c", DeviceHealth.DOWN, at(18)); // started again: down until the camera reports
    a.record("c", DeviceHealth.UP, at(19));
    assertEquals(11.0 / 12, a.between("c", at(0), at(24)).orElseThrow(), 1e-9);
  }

  /** The state in force when the period begins counts from its start; what happens after its end does not count. */
  @Test
  void aPeriodIsClippedAtBothEnds() {
    Availability a = new Availability();
    a.record("c", DeviceHealth.DOWN, at(0));
    a.record("c", DeviceHealth.UP, at(10));
    a.record("c", DeviceHealth.DOWN, at(14));
    a.record("c", DeviceHealth.UP, at(100));
    // [8, 20): 2 h down (in force since 0), 4 h up, 6 h down; the later recovery lies after the end
    assertEquals(4.0 / 12, a.between("c", at(8), at(20)).orElseThrow(), 1e-9);
    assertEquals(1.0, a.between("c", at(11), at(13)).orElseThrow(), 1e-9, "inside one up stretch");
    assertEquals(Optional.empty(), a.between("c", at(20), at(20)), "an empty period");
  }

  /** Stored transitions, as the report reads them: "UNOBSERVED" is the controller's stop. */
  @Test
  void fromStoredTransitions() {
    Availability a = Availability.of(List.of(
        new HealthTransition("camera", "c", null, "UP", at(0), "ok"),
        new HealthTransition("camera", "c", "UP", Availability.UNOBSERVED, at(6), "controller stopped"),
        new HealthTransition("camera", "c", null, "DOWN", at(12), "controller started"),
        new HealthTransition("camera", "c", "DOWN", "UP", at(15), "ok"),
        new HealthTransition("display", "d", null, "DISABLED", at(0), "switched off")));
    // observed 6 h up, 3 h down, 9 h up of [0, 24)
    assertEquals(15.0 / 18, a.between("c", at(0), at(24)).orElseThrow(), 1e-9);
    assertEquals(Optional.empty(), a.between("d", at(0), at(24)));
  }

  @Test
  void forgettingKeepsTheStateInForceAtTheHorizon() {
    Availability a = new Availability();
    a.record("c", DeviceHealth.DOWN, at(0));
    a.record("c", DeviceHealth.UP, at(1));
    a.record("c", DeviceHealth.DOWN, at(30));
    a.forgetBefore(at(10));
    assertEquals(20.0 / 24, a.between("c", at(10), at(34)).orElseThrow(), 1e-9);
    assertEquals(Optional.of(DeviceHealth.DOWN), a.current("c"));
  }
}
