package nl.opencordon.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Objects;

/**
 * An exemption (ontheffing) for one plate or a range of plates of the same length, in one zone ("*" for all
 * zones), valid from {@code validFrom} up to, not including, {@code validUntil}: local times in
 * {@link Passage#LOCAL} (Europe/Amsterdam), as a permit states them. An exemption for whole days runs from
 * 00:00 of its first day to 00:00 after its last ("24:00"); the ZE day exemption (rule EX-1) from 00:00 of its
 * day to 06:00 the next day ({@link #day}).
 */
public record Exemption(String id, String zoneId, String country, String plateFrom, String plateTo,
                        LocalDateTime validFrom, LocalDateTime validUntil, String reason) {

  /** The ZE day exemption (EX-1) holds until this time of the day after its day: 30 hours in all. */
  public static final LocalTime DAY_EXEMPTION_ENDS = LocalTime.of(6, 0);

  public Exemption {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(zoneId, "zoneId");
    Objects.requireNonNull(validFrom, "validFrom");
    Objects.requireNonNull(validUntil, "validUntil");
    country = country == null || country.isBlank() ? Plate.NL : country;
    plateFrom = Plate.of(plateFrom, country).text();
    plateTo = plateTo == null || plateTo.isBlank() ? plateFrom : Plate.of(plateTo, country).text();
    if (plateFrom.length() != plateTo.length() || plateFrom.compareTo(plateTo) > 0) {
      throw new IllegalArgumentException("plate range must run from low to high with equal lengths: "
          + plateFrom + ".." + plateTo);
    }
    if (!validUntil.isAfter(validFrom)) {
      throw new IllegalArgumentException("validUntil " + validUntil + " is not after validFrom " + validFrom);
    }
  }

  /** For whole local days, {@code from} to {@code until} inclusive: 00:00 of the first to 24:00 of the last. */
  public Exemption(String id, String zoneId, String country, String plateFrom, String plateTo, LocalDate from,
                   LocalDate until, String reason) {
    this(id, zoneId, country, plateFrom, plateTo, from.atStartOfDay(), until.plusDays(1).atStartOfDay(), reason);
  }

  public static Exemption forPlate(String id, String zoneId, Plate plate, LocalDate from, LocalDate until,
                                   String reason) {
    return new Exemption(id, zoneId, plate.country(), plate.text(), plate.text(), from, until, reason);
  }

  /**
   * The ZE day exemption (dagontheffing, rule EX-1): valid from 00:00 on {@code day} until 06:00 the next day.
   * It may be requested afterwards on the same day, so it may cover a passage of that morning.
   */
  public static Exemption day(String id, String zoneId, String country, String plateFrom, String plateTo,
                              LocalDate day, String reason) {
    return new Exemption(id, zoneId, country, plateFrom, plateTo, day.atStartOfDay(),
        day.plusDays(1).atTime(DAY_EXEMPTION_ENDS), reason);
  }

  /** What operations enter: an exemption for a period, or a ZE day exemption (EX-1) for one day. */
  public enum Kind {
    PERIOD, DAY;

    /** "day" or "DAY" is a day exemption; empty or absent a period. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static Kind of(String text) {
      if (text == null || text.isBlank()) {
        return PERIOD;
      }
      try {
        return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("kind '" + text + "' is not PERIOD or DAY");
      }
    }
  }

  /**
   * An exemption as operations enter it (the API, the page, a CSV list): a period from {@link #startOf} to
   * {@link #endOf}, or a day exemption on the date {@code validFrom}, which has no {@code validUntil} of its own.
   */
  public static Exemption entered(String id, String zoneId, String country, String plateFrom, String plateTo,
                                  Kind kind, String validFrom, String validUntil, String reason) {
    if (kind == Kind.DAY) {
      if (validUntil != null && !validUntil.isBlank()) {
        throw new IllegalArgumentException("a day exemption runs until 06:00 the next day: leave validUntil empty");
      }
      return day(id, zoneId, country, plateFrom, plateTo, LocalDate.parse(validFrom.trim()), reason);
    }
    return new Exemption(id, zoneId, country, plateFrom, plateTo, startOf(validFrom), endOf(validUntil), reason);
  }

  /** Whether it covers a plate in a zone at a moment (its local time in Europe/Amsterdam). */
  public boolean covers(String zone, Plate plate, Instant at) {
    LocalDateTime local = LocalDateTime.ofInstant(at, Passage.LOCAL);
    return ("*".equals(zoneId) || zoneId.equals(zone))
        && country.equals(plate.country())
        && plate.text().length() == plateFrom.length()
        && plate.text().compareTo(plateFrom) >= 0 && plate.text().compareTo(plateTo) <= 0
        && !local.isBefore(validFrom) && local.isBefore(validUntil);
  }

  /**
   * The start of a validity as written by people: a date ("2026-12-06", from 00:00) or a local date and time
   * ("2026-12-06T07:30", "2026-12-06 07:30").
   */
  public static LocalDateTime startOf(String text) {
    String t = normalised(text);
    return t.length() == 10 ? LocalDate.parse(t).atStartOfDay() : LocalDateTime.parse(t);
  }

  /**
   * The end of a validity as written by people: a date is its last valid day ("2026-12-06", until 24:00 of
   * it), a date and time the first moment it no longer holds ("2026-12-07T06:00"; "2026-12-06T24:00" is
   * midnight after that day).
   */
  public static LocalDateTime endOf(String text) {
    String t = normalised(text);
    if (t.length() == 10) {
      return LocalDate.parse(t).plusDays(1).atStartOfDay();
    }
    if (t.length() >= 16 && t.substring(11).matches("24:00(:00)?")) {
      return LocalDate.parse(t.substring(0, 10)).plusDays(1).atStartOfDay();
    }
    return LocalDateTime.parse(t);
  }

  private static String normalised(String text) {
    if (text == null || text.isBlank()) {
      throw new DateTimeException("a date (2026-12-06) or a local date and time (2026-12-06T07:30) is required");
    }
    String t = text.trim();
    return t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + "T" + t.substring(11) : t;
  }
}
