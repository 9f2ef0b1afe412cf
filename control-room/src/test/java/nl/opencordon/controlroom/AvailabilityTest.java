package nl.opencordon.controlroom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import nl.opencordon.actors.DeviceHealth;
import org.junit.jupiter.api.Test;

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
    assertEquals(23.0 / 24, a.over("c", at(24), Duration.ofHours(24)).orElseThrow(), 1e-9);
    // The last 6 hours: 1 h of 6 down
    assertEquals(5.0 / 6, a.over("c", at(24), Duration.ofHours(6)).orElseThrow(), 1e-9);
  }

  @Test
  void switchedOffAndUnobservedTimeDoNotCount() {
    Availability a = new Availability();
    a.record("c", DeviceHealth.UP, at(12)); // nothing known before: not observed
    a.record("c", DeviceHealth.DISABLED, at(16));
    a.record("c", DeviceHealth.DOWN, at(22));
    // observed 12 h, of which 6 h switched off: 4 h up of 6 counted
    assertEquals(4.0 / 6, a.over("c", at(24), Duration.ofHours(24)).orElseThrow(), 1e-9);
    assertEquals(Optional.empty(), a.over("other", at(24), Duration.ofHours(24)));
  }

  @Test
  void whileTheControllerWasStoppedNothingWasObserved() {
    Availability a = new Availability();
    a.record("c", DeviceHealth.UP, at(0));
    a.record("c", null, at(6)); // controller stopped
    a.record("c", DeviceHealth.DOWN, at(18)); // started again: down until the camera reports
    a.record("c", DeviceHealth.UP, at(19));
    assertEquals(11.0 / 12, a.over("c", at(24), Duration.ofHours(24)).orElseThrow(), 1e-9);
  }

  @Test
  void forgettingKeepsTheStateInForceAtTheHorizon() {
    Availability a = new Availability();
    a.record("c", DeviceHealth.DOWN, at(0));
    a.record("c", DeviceHealth.UP, at(1));
    a.record("c", DeviceHealth.DOWN, at(30));
    a.forgetBefore(at(10));
    assertEquals(20.0 / 24, a.over("c", at(34), Duration.ofHours(24)).orElseThrow(), 1e-9);
    assertEquals(Optional.of(DeviceHealth.DOWN), a.current("c"));
  }
}
