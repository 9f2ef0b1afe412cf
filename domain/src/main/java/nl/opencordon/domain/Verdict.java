package nl.opencordon.domain;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Whether a vehicle may be in a zone at a moment, and why.
 *
 * @param ruleId the rule that decided, e.g. "ZE-3" or "MZ-5" (see testdata/rules; {@link #source()})
 * @param reason why, with the facts the rule used
 * @param notAllowedFrom for an allowed vehicle under a transition rule: the first day it is no longer
 *     allowed (shown on roadside displays)
 */
public record Verdict(Outcome outcome, String ruleId, String reason, Optional<LocalDate> notAllowedFrom) {

  public enum Outcome {
    /** May enter. */
    ALLOWED,
    /** May not enter: a potential violation. */
    NOT_ALLOWED,
    /** Would not be allowed, but holds a valid exemption (ontheffing). */
    EXEMPT,
    /** The regime does not apply to this kind of vehicle. */
    OUT_OF_SCOPE,
    /**
     * No verdict on facts: none (foreign plate, unknown plate, register unreachable), or missing,
     * contradictory or underivable ones. Never fined; counted for the control room.
     */
    UNKNOWN,
    /** Outside the zone's enforcement times. */
    NOT_ENFORCED
  }

  public static Verdict of(Outcome outcome, String ruleId, String reason) {
    return new Verdict(outcome, ruleId, reason, Optional.empty());
  }

  public static Verdict allowedUntil(String ruleId, String reason, LocalDate lastAllowedDay) {
    return new Verdict(Outcome.ALLOWED, ruleId, reason, Optional.of(lastAllowedDay.plusDays(1)));
  }

  /** The law or agreement the rule comes from, for the officer. */
  public String source() {
    return RuleSources.of(ruleId);
  }

  public boolean isViolation() {
    return outcome == Outcome.NOT_ALLOWED;
  }
}
