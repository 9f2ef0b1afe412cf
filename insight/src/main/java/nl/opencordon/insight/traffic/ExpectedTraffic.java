package nl.opencordon.insight.traffic;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.insight.traffic.CameraCountRepository.HourCount;

/**
 * What a camera normally reads in an hour of the week, learnt from the same hour in earlier weeks (the
 * median, so one odd week does not move it), and whether the last hour is far off: far fewer passages (a
 * turned camera, a closed lane) or far more poor reads: low confidence or unreadable (a dirty lens, low sun).
 */
final class ExpectedTraffic {

  /** From {@code anpr.insight.expected-traffic}. */
  record Rules(int learnWeeks, int minWeeks, int minExpected, double lowFactor, int minPassagesForQuality,
               double poorReadMargin) {}

  /** @param weeks how many earlier weeks it was learnt from */
  record Expectation(Instant hourStart, int passages, double poorReadShare, int weeks) {}

  private ExpectedTraffic() {}

  /** The local hour the sliding last hour up to {@code now} mostly lies in. */
  static Instant hourOf(Instant now, ZoneId zone) {
    return now.minus(30, ChronoUnit.MINUTES).atZone(zone).truncatedTo(ChronoUnit.HOURS).toInstant();
  }

  /** The same local hour of the week in each of the {@code weeks} weeks before (summer time kept). */
  static List<Instant> sameHourEarlier(Instant hourStart, ZoneId zone, int weeks) {
    ZonedDateTime local = hourStart.atZone(zone);
    return IntStream.rangeClosed(1, weeks).mapToObj(w -> local.minusWeeks(w).toInstant()).toList();
  }

  static Optional<Expectation> learn(Instant hourStart, List<HourCount> earlier, Rules rules) {
    if (earlier.size() < rules.minWeeks()) {
      return Optional.empty();
    }
    return Optional.of(new Expectation(hourStart, (int) median(earlier.stream().mapToDouble(HourCount::passages)
        .toArray()), median(earlier.stream().mapToDouble(HourCount::lowConfidenceShare).toArray()), earlier.size()));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * Why the observed hour is anomalous, or empty when it is not (or too little is known to say).
   *
   * @param wholeHour the camera has been up for the whole last hour: a camera that just started or came back
   *                  has counted only part of it, so too few passages says nothing yet
   */
  static Optional<String> anomaly(Expectation expected, Camera.Counts lastHour, boolean wholeHour, Rules rules) {
    if (wholeHour && expected.passages() >= rules.minExpected()
        && lastHour.total() < expected.passages() * rules.lowFactor()) {
      return Optional.of(String.format("%d passages in the last hour, %d expected (median of %d weeks)",
          lastHour.total(), expected.passages(), expected.weeks()));
    }
    double poor = lastHour.lowConfidenceShare();
    if (lastHour.total() >= rules.minPassagesForQuality() && poor > expected.poorReadShare() + rules.poorReadMargin()) {
      return Optional.of(String.format("%.0f%% poor reads (low confidence or unreadable) in the last hour, %.0f%% expected",
          100 * poor, 100 * expected.poorReadShare()));
    }
    return Optional.empty();
  }
}
