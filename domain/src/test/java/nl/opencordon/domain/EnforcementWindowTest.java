package nl.opencordon.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EnforcementWindowTest {
  static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
  static final EnforcementWindow DAY = new EnforcementWindow(WEEKDAYS, LocalTime.of(10, 0), LocalTime.of(18, 0), null);
  static final EnforcementWindow NIGHT = new EnforcementWindow(Set.of(DayOfWeek.values()), LocalTime.of(23, 0),
      LocalTime.of(7, 0), Duration.ofMinutes(5));

  private static ZonedDateTime local(String isoLocal) {
    return LocalDateTime.parse(isoLocal).atZone(Passage.LOCAL);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      "2026-06-03T10:04:59, false",   // Wednesday, grace after opening
      "2026-06-03T10:05:00, true",
      "2026-06-03T17:54:59, true",
      "2026-06-03T17:55:00, false",   // grace before closing
      "2026-06-06T12:00:00, false"})  // Saturday: not a window day
  void fiveMinutesGraceAtOpenAndClose(String at, boolean enforced) {
    assertEquals(enforced, DAY.enforcesAt(local(at)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      "2026-06-03T23:04:59, false",
      "2026-06-03T23:05:00, true",
      "2026-06-04T00:00:00, true",    // past midnight the window of the day before applies
      "2026-06-04T06:54:59, true",
      "2026-06-04T06:55:00, false",
      // DST starts 2026-03-29 02:00 -> 03:00: the night is an hour shorter but still closes at 07:00 local.
      "2026-03-29T06:54:59, true",
      "2026-03-29T06:55:00, false",
      // DST ends 2026-10-25 03:00 -> 02:00: an hour longer, still closing at 07:00 local.
      "2026-10-25T05:59:00, true",
      "2026-10-25T06:54:59, true",
      "2026-10-25T06:55:00, false"})
  void nightWindowsFollowTheWallClockAcrossMidnightAndDst(String at, boolean enforced) {
    assertEquals(enforced, NIGHT.enforcesAt(local(at)));
  }

  static final EnforcementWindow UNTIL_HALF_PAST_TWO = new EnforcementWindow(Set.of(DayOfWeek.values()),
      LocalTime.of(22, 0), LocalTime.of(2, 30), null);
  static final EnforcementWindow FROM_HALF_PAST_TWO = new EnforcementWindow(Set.of(DayOfWeek.values()),
      LocalTime.of(2, 30), LocalTime.of(6, 0), null);

  private static boolean enforcedAtUtc(EnforcementWindow window, String utc) {
    return window.enforcesAt(Instant.parse(utc).atZone(Passage.LOCAL));
  }

  // Summer time starts 2026-03-29 at 01:00 UTC: the clock jumps from 02:00 CET to 03:00 CEST.
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      "2026-03-29T00:54:59Z, true",   // 01:54:59 CET
      "2026-03-29T00:55:00Z, false",  // 01:55 CET: 02:30 does not exist, the window closes at the change
      "2026-03-29T01:20:00Z, false"}) // 03:20 CEST, inside the window if it closed an hour after 02:30
  void aWindowThatClosesInTheSkippedHourClosesAtTheChange(String utc, boolean enforced) {
    assertEquals(enforced, enforcedAtUtc(UNTIL_HALF_PAST_TWO, utc));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      "2026-03-29T01:04:59Z, false",  // 03:04:59 CEST: the window opened at the change, grace still runs
      "2026-03-29T01:05:00Z, true",   // 03:05 CEST, five real minutes after the change
      "2026-03-29T03:54:59Z, true",   // 05:54:59 CEST
      "2026-03-29T03:55:00Z, false"}) // 05:55 CEST: grace before closing
  void aWindowThatOpensInTheSkippedHourOpensAtTheChange(String utc, boolean enforced) {
    assertEquals(enforced, enforcedAtUtc(FROM_HALF_PAST_TWO, utc));
  }

  // Summer time ends 2026-10-25 at 01:00 UTC: the clock goes back from 03:00 CEST to 02:00 CET.
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      "2026-10-25T00:24:59Z, true",   // 02:24:59 CEST
      "2026-10-25T00:25:00Z, false",  // 02:25 CEST: closes at the first 02:30, five minutes grace
      "2026-10-25T01:20:00Z, false"}) // 02:20 CET, the second time round: still closed
  void aWindowThatClosesInTheRepeatedHourClosesAtItsFirstOccurrence(String utc, boolean enforced) {
    assertEquals(enforced, enforcedAtUtc(UNTIL_HALF_PAST_TWO, utc));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      "2026-10-25T00:34:59Z, false",  // 02:34:59 CEST
      "2026-10-25T00:35:00Z, true",   // 02:35 CEST: opened at the first 02:30
      "2026-10-25T01:10:00Z, true",   // 02:10 CET, the second time round: the window stays open
      "2026-10-25T04:54:59Z, true",   // 05:54:59 CET
      "2026-10-25T04:55:00Z, false"})
  void aWindowThatOpensInTheRepeatedHourOpensAtItsFirstOccurrence(String utc, boolean enforced) {
    assertEquals(enforced, enforcedAtUtc(FROM_HALF_PAST_TWO, utc));
  }

  @Test
  void windowOnlyOnItsOpeningDayRunsIntoTheNextDay() {
    EnforcementWindow fridayNight = new EnforcementWindow(Set.of(DayOfWeek.FRIDAY), LocalTime.of(22, 0),
        LocalTime.of(6, 0), null);
    assertEquals(true, fridayNight.enforcesAt(local("2026-06-06T01:00:00")));   // Saturday morning
    assertEquals(false, fridayNight.enforcesAt(local("2026-06-07T01:00:00")));  // Sunday morning
  }

  @Test
  void aGraceShorterThanFiveMinutesIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EnforcementWindow(WEEKDAYS,
        LocalTime.of(10, 0), LocalTime.of(18, 0), Duration.ofMinutes(4)));
    assertTrue(e.getMessage().startsWith("grace 4 minutes"), e.getMessage());
    assertEquals(Duration.ofMinutes(10), new EnforcementWindow(WEEKDAYS, LocalTime.of(10, 0), LocalTime.of(18, 0),
        Duration.ofMinutes(10)).grace());
  }

  @Test
  void aGraceThatLeavesNothingIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new EnforcementWindow(WEEKDAYS, LocalTime.of(10, 0),
        LocalTime.of(10, 10), Duration.ofMinutes(5)));
  }
}
