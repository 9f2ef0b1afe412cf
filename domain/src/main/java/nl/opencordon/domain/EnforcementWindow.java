package nl.opencordon.domain;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Objects;
import java.util.Set;

/**
 * A period of the week in which a zone is enforced, in local time (venstertijden are the complement). The
 * window may run past midnight (from 11:00 to 07:00). Enforcement starts {@code grace} after the window
 * opens and stops {@code grace} before it closes, so a driver is never fined for a clock that is a few
 * minutes off. On the nights the clocks change, a window that opens or closes in the skipped hour does so
 * at the change, and one that opens or closes in the repeated hour at the first of the two (see
 * {@link #moment}).
 */
public record EnforcementWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, Duration grace) {

  /** The grace the Leidraad fixes; a longer one may be configured, a shorter one not. */
  public static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);

  public EnforcementWindow {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    days = Set.copyOf(days);
    grace = grace == null ? DEFAULT_GRACE : grace;
    if (days.isEmpty()) {
      throw new IllegalArgumentException("an enforcement window needs at least one day");
    }
    if (grace.compareTo(DEFAULT_GRACE) < 0) {
      throw new IllegalArgumentException("grace " + grace.toMinutes() + " minutes: enforcement starts at least "
          + DEFAULT_GRACE.toMinutes() + " minutes after a window opens and stops at least as long before it closes");
    }
    if (grace.multipliedBy(2).toMinutes() >= lengthMinutes(from, to)) {
      throw new IllegalArgumentException("grace " + grace + " leaves nothing of the window " + from + "-" + to);
    }
  }

  private static long lengthMinutes(LocalTime from, LocalTime to) {
    long length = Duration.between(from, to).toMinutes();
    return length <= 0 ? length + 24 * 60 : length; // runs past midnight; from == to means a whole day
  }

  /** Whether the local moment falls inside this window, grace taken off both ends. */
  public boolean enforcesAt(ZonedDateTime local) {
    long length = lengthMinutes(from, to);
    // Try the window that opened today and the one that opened yesterday (for windows past midnight).
    for (int back = 0; back <= 1; back++) {
      LocalDateTime open = local.toLocalDate().minusDays(back).atTime(from);
      if (!days.contains(open.getDayOfWeek())) {
        continue;
      }
      // Open and close are wall-clock times: a night window on a DST night is an hour shorter or longer.
      // The grace is elapsed time, added to and taken from the moments the window opens and closes.
      ZonedDateTime start = moment(open, local.getZone()).plus(grace);
      ZonedDateTime stop = moment(open.plusMinutes(length), local.getZone()).minus(grace);
      if (!local.isBefore(start) && local.isBefore(stop)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The moment the wall clock reaches {@code wallClock}. A time in the hour skipped when summer time starts
   * is reached at the change itself (a window that closes at 02:30 that night closes at 03:00 summer time,
   * not at 03:30 as a plain shift by the gap would have it); a time that occurs twice when summer time
   * ends counts at its first occurrence, so a window closes at the earlier of the two.
   */
  static ZonedDateTime moment(LocalDateTime wallClock, ZoneId zone) {
    ZoneOffsetTransition gap = zone.getRules().getTransition(wallClock);
    if (gap != null && gap.isGap()) {
      return gap.getInstant().atZone(zone);
    }
    return ZonedDateTime.ofLocal(wallClock, zone, null);
  }
}
