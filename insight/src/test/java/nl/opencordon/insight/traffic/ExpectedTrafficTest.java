package nl.opencordon.insight.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.insight.traffic.CameraCountRepository.HourCount;
import org.junit.jupiter.api.Test;

class ExpectedTrafficTest {
  static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
  static final ExpectedTraffic.Rules RULES = new ExpectedTraffic.Rules(4, 2, 20, 0.3, 20, 0.1);

  static HourCount hour(int passages, int low) {
    return new HourCount("c", Instant.EPOCH, passages, low, 0);
  }

  @Test
  void theSameLocalHourOfTheWeekEarlierKeepsItsWallClockOverSummerTime() {
    Instant monday9 = ZonedDateTime.of(2026, 4, 6, 9, 0, 0, 0, ZONE).toInstant(); // summer time since 29 March
    List<Instant> earlier = ExpectedTraffic.sameHourEarlier(monday9, ZONE, 2);
    assertEquals(List.of(ZonedDateTime.of(2026, 3, 30, 9, 0, 0, 0, ZONE).toInstant(),
        ZonedDateTime.of(2026, 3, 23, 9, 0, 0, 0, ZONE).toInstant()), earlier);
    assertEquals(Instant.parse("2026-03-23T08:00:00Z"), earlier.get(1), "winter time: UTC+1");
    assertEquals(monday9, ExpectedTraffic.hourOf(monday9.plusSeconds(50 * 60), ZONE));
  }

  @Test
  void learnsTheMedianOnceEnoughWeeksAreKnown() {
    assertEquals(Optional.empty(), ExpectedTraffic.learn(Instant.EPOCH, List.of(hour(100, 1)), RULES));
    ExpectedTraffic.Expectation e = ExpectedTraffic.learn(Instant.EPOCH,
        List.of(hour(100, 10), hour(20, 0), hour(110, 11), hour(90, 9)), RULES).orElseThrow();
    assertEquals(95, e.passages(), "one quiet week (a holiday) does not pull the norm down");
    assertEquals(0.1, e.poorReadShare(), 1e-9);
    assertEquals(4, e.weeks());
  }

  @Test
  void tooFewPassagesOrTooManyPoorReadsAreAnomalies() {
    ExpectedTraffic.Expectation e = new ExpectedTraffic.Expectation(Instant.EPOCH, 100, 0.05, 4);
    assertEquals(Optional.empty(), ExpectedTraffic.anomaly(e, counts(31, 1), true, RULES));
    assertTrue(ExpectedTraffic.anomaly(e, counts(29, 1), true, RULES).orElseThrow().startsWith("29 passages"));
    assertEquals(Optional.empty(), ExpectedTraffic.anomaly(e, counts(100, 15), true, RULES));
    assertTrue(ExpectedTraffic.anomaly(e, counts(100, 16), false, RULES).orElseThrow().startsWith("16% poor reads"));
    ExpectedTraffic.Expectation quiet = new ExpectedTraffic.Expectation(Instant.EPOCH, 10, 0.0, 4);
    assertEquals(Optional.empty(), ExpectedTraffic.anomaly(e, counts(29, 1), false, RULES),
        "a camera up for less than the hour has counted only part of it");
    assertEquals(Optional.empty(), ExpectedTraffic.anomaly(quiet, counts(0, 0), true, RULES),
        "a quiet hour says too little to call an empty one odd");
  }

  static Camera.Counts counts(int total, int low) {
    return new Camera.Counts(total, Map.of(), low, 0);
  }
}
