package nl.opencordon.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A zone as a municipality configures it: its regime, the dates its phases start, when it is enforced, the
 * recidive term (repeat violations inside it are not fined) and the minimum time between warning letters.
 *
 * @param phaseStarts the first local day of each phase; before the earliest the zone does nothing
 * @param enforcementWindows empty means enforced around the clock
 * @param outline polygon of the zone for the map
 * @param holdPeriod how long a case waits before it reaches the officer, so that an exemption registered
 *     afterwards still counts (city key {@code hold-period}, default 0d)
 * @param awaitDayExemptions whether a case also waits until the day exemptions of its day can have arrived:
 *     06:00 the next local day (rule EX-1; city key {@code await-day-exemptions}, default on in a ZE-zone)
 */
public record ZoneDefinition(String id, String name, Regime regime, Map<Phase, LocalDate> phaseStarts,
                             List<EnforcementWindow> enforcementWindows, Duration recidiveTerm,
                             Duration warningInterval, List<GeoPoint> outline, Duration holdPeriod,
                             boolean awaitDayExemptions) {

  public ZoneDefinition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(regime, "regime");
    phaseStarts = Map.copyOf(phaseStarts);
    enforcementWindows = List.copyOf(enforcementWindows);
    outline = List.copyOf(outline);
    if (recidiveTerm.compareTo(MIN_RECIDIVE_TERM) < 0) {
      throw new IllegalArgumentException("recidive-term " + recidiveTerm.toDays() + "d: a repeat violation within "
          + "a week of a fine is not fined again, so the term is at least 7d");
    }
    if (warningInterval.isNegative()) {
      throw new IllegalArgumentException("warning-interval must not be negative");
    }
    checkPhases(phaseStarts);
    Objects.requireNonNull(holdPeriod, "holdPeriod");
    if (holdPeriod.isNegative()) {
      throw new IllegalArgumentException("hold-period must not be negative, got " + holdPeriod);
    }
  }

  /** A zone without a hold period of its own; a ZE-zone awaits the day exemptions. */
  public ZoneDefinition(String id, String name, Regime regime, Map<Phase, LocalDate> phaseStarts,
                        List<EnforcementWindow> enforcementWindows, Duration recidiveTerm,
                        Duration warningInterval, List<GeoPoint> outline) {
    this(id, name, regime, phaseStarts, enforcementWindows, recidiveTerm, warningInterval, outline, Duration.ZERO,
        awaitsDayExemptionsByDefault(regime));
  }

  /** The ZE day exemption (EX-1) exists for ZE-zones only. */
  public static boolean awaitsDayExemptionsByDefault(Regime regime) {
    return regime instanceof Regime.ZeroEmission;
  }

  /**
   * Until when a case observed at {@code at} waits before it reaches the officer: its hold period and, where
   * the zone awaits day exemptions, at least until 06:00 the local day after: a day exemption for the day of
   * the passage may be requested until that day ends (EX-1), and the hours to 06:00 let it arrive.
   */
  public Instant holdUntil(Instant at) {
    Instant held = at.plus(holdPeriod);
    if (!awaitDayExemptions) {
      return held;
    }
    Instant dayExemptionsIn = LocalDate.ofInstant(at, Passage.LOCAL).plusDays(1)
        .atTime(Exemption.DAY_EXEMPTION_ENDS).atZone(Passage.LOCAL).toInstant();
    return held.isAfter(dayExemptionsIn) ? held : dayExemptionsIn;
  }

  /** The shortest recidive term: a repeat violation within a week of a fine is never fined again. */
  public static final Duration MIN_RECIDIVE_TERM = Duration.ofDays(7);
  /** A warning phase lasts at least this long before enforcement starts. */
  public static final Period MIN_WARNING_PERIOD = Period.ofMonths(1);

  /**
   * Phases follow each other in their order, each on a later day than the one before (on one day two phases
   * would leave the day's phase to chance), and a zone whose phases have a warning period keeps it for at
   * least a month before enforcement.
   */
  private static void checkPhases(Map<Phase, LocalDate> starts) {
    Phase previous = null;
    for (Phase phase : Phase.values()) {
      LocalDate start = starts.get(phase);
      if (start == null) {
        continue;
      }
      if (previous != null && !start.isAfter(starts.get(previous))) {
        throw new IllegalArgumentException("phases: " + key(phase) + " " + start + " is not after "
            + key(previous) + " " + starts.get(previous) + "; phases follow each other on later days");
      }
      previous = phase;
    }
    LocalDate warning = starts.get(Phase.WARNING);
    LocalDate enforcement = starts.get(Phase.ENFORCEMENT);
    if (warning != null && enforcement != null && enforcement.isBefore(warning.plus(MIN_WARNING_PERIOD))) {
      throw new IllegalArgumentException("phases: the warning period from " + warning + " to enforcement "
          + enforcement + " is shorter than " + MIN_WARNING_PERIOD.toTotalMonths()
          + " month; drivers get warning letters for at least a month before fines");
    }
  }

  private static String key(Phase phase) {
    return phase.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The phase on a local day, or null before the zone is announced. */
  public Phase phaseOn(LocalDate day) {
    NavigableMap<LocalDate, Phase> byStart = new TreeMap<>();
    phaseStarts.forEach((phase, start) -> byStart.put(start, phase));
    Map.Entry<LocalDate, Phase> e = byStart.floorEntry(day);
    return e == null ? null : e.getValue();
  }

  public boolean enforcedAt(Instant at) {
    if (enforcementWindows.isEmpty()) {
      return true;
    }
    ZonedDateTime local = at.atZone(Passage.LOCAL);
    return enforcementWindows.stream().anyMatch(w -> w.enforcesAt(local));
  }

  /**
   * The verdict for a vehicle at a moment: outside the enforcement times nothing is enforced; then the
   * regime decides; a would-be violation with a valid exemption is exempt.
   *
   * @param facts null when the register has no facts (foreign or unknown plate)
   */
  public Verdict evaluate(Plate plate, VehicleFacts facts, Instant at, ExemptionRegistry exemptions) {
    if (!enforcedAt(at)) {
      return Verdict.of(Verdict.Outcome.NOT_ENFORCED, "TW-1", "outside enforcement times (5 minute grace)");
    }
    if (facts == null) {
      return Verdict.of(Verdict.Outcome.UNKNOWN, "VF-0", plate.isDutchRegistration() ? "no vehicle facts"
          : plate.country().isEmpty() ? "read without a country: not looked up as a Dutch vehicle"
          : plate.isDutch() ? "fits no Dutch sidecode: not looked up as a Dutch vehicle"
          : "foreign plate without vehicle facts");
    }
    LocalDate day = at.atZone(Passage.LOCAL).toLocalDate();
    Verdict v = regime.evaluate(facts, day);
    if (v.isViolation()) {
      return exemptions.find(id, plate, at)
          .map(e -> Verdict.of(Verdict.Outcome.EXEMPT, v.ruleId(), "exemption " + e.id() + ": " + e.reason()))
          .orElse(v);
    }
    return v;
  }
}
