package nl.opencordon.insight.stats;

import java.util.Arrays;

/**
 * Dwell times of the trips between two gates on one day, in seconds: kept one by one while the day is open
 * (an int each), reduced to count, median and mean once it has closed. Not thread-safe.
 */
final class DwellTimes {
  private int[] seconds = new int[8];
  private int count;
  private long median;
  private long mean;

  void add(long dwellSeconds) {
    if (seconds == null) {
      throw new IllegalStateException("the day is closed");
    }
    if (count == seconds.length) {
      seconds = Arrays.copyOf(seconds, count * 2);
    }
    seconds[count++] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, dwellSeconds));
  }

  int count() {
    return count;
  }

  /** The upper median. */
  long median() {
    if (seconds == null) {
      return median;
    }
    int[] sorted = Arrays.copyOf(seconds, count);
    Arrays.sort(sorted);
    return sorted[count / 2];
  }

  long mean() {
    return seconds == null ? mean : Math.round(Arrays.stream(seconds, 0, count).average().orElse(0));
  }

  /** Keeps the figures and drops the single times. */
  void close() {
    if (seconds != null) {
      median = median();
      mean = mean();
      seconds = null;
    }
  }
}
