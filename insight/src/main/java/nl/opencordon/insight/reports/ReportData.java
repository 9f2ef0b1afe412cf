package nl.opencordon.insight.reports;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import nl.opencordon.insight.quality.QualityRates;

/**
 * A monthly management report: how the system and each camera and sign performed, and what became of the
 * cases per zone, and how good they were. Counts and durations only; nothing personal.
 *
 * @param target the availability target, e.g. 0.99
 */
public record ReportData(YearMonth month, Instant madeAt, double target, List<Device> devices,
                         List<Incident> incidents, List<ZoneOutcome> zones, long deletedCases,
                         List<Quality> quality) {

  /** The verdict quality of the month's cases per zone, rule and camera (docs/quality.md). */
  public record Quality(QualityRates.By by, QualityRates.Rate rate) {}

  /**
   * An incident of the month (device down or degraded, traffic anomaly, sign problem), with its minutes within
   * the month; {@code open} when it had not ended when the month did.
   */
  public record Incident(String type, String kind, String deviceId, Instant startedAt, long minutes, boolean open) {}

  /**
   * @param availability share of the observed time the device was up or degraded; empty when never observed
   * @param passages passages read in the hours the camera was working (cameras only)
   * @param unreadableShare unreadable plates of those passages
   */
  public record Device(String kind, String deviceId, Optional<Double> availability, int incidents,
                       long incidentMinutes, long passages, double lowConfidenceShare, double unreadableShare) {
    public boolean meetsTarget(double target) {
      return availability.map(a -> a >= target).orElse(false);
    }
  }

  /**
   * @param outcome FINE or WARNING with the case's status (FINE/EXPORTED), or a deleted case's outcome
   *                (DISMISSED:reason, WITHDRAWN, EXPIRED)
   * @param deletion true for outcomes that deleted the case (anonymous counters)
   */
  public record ZoneOutcome(String zoneId, String outcome, boolean deletion, long count) {}
}
