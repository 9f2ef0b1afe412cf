package nl.opencordon.actors.camera;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import nl.opencordon.domain.VehicleCategory;

/**
 * Passages per vehicle category in one-minute buckets over the last 24 hours, plus low-confidence and
 * unreadable reads, so the control room gets 10 min / 1 h / 24 h figures without keeping passages.
 */
final class PassageCounter {
  private static final int MINUTES = 24 * 60;
  private static final int CATEGORIES = VehicleCategory.values().length;
  private final int[][] counts = new int[MINUTES][CATEGORIES + 2];
  private final long[] bucketMinute = new long[MINUTES];

  private static final int LOW_CONFIDENCE = CATEGORIES;
  private static final int UNREADABLE = CATEGORIES + 1;

  void record(Instant at, VehicleCategory category, boolean lowConfidence, boolean unreadable) {
    int[] bucket = bucket(at.getEpochSecond() / 60);
    bucket[category.ordinal()]++;
    if (lowConfidence) {
      bucket[LOW_CONFIDENCE]++;
    }
    if (unreadable) {
      bucket[UNREADABLE]++;
    }
  }

  private int[] bucket(long minute) {
    int i = (int) (minute % MINUTES);
    if (bucketMinute[i] != minute) {
      bucketMinute[i] = minute;
      java.util.Arrays.fill(counts[i], 0);
    }
    return counts[i];
  }

  /** Figures over the last {@code minutes} minutes up to {@code now}. */
  Camera.Counts window(Instant now, int minutes) {
    long nowMinute = now.getEpochSecond() / 60;
    Map<VehicleCategory, Integer> byCategory = new EnumMap<>(VehicleCategory.class);
    int total = 0;
    int low = 0;
    int unreadable = 0;
    for (long m = nowMinute - minutes + 1; m <= nowMinute; m++) {
      int i = (int) (Math.floorMod(m, MINUTES));
      if (bucketMinute[i] != m) {
        continue;
      }
      for (VehicleCategory c : VehicleCategory.values()) {
        int n = counts[i][c.ordinal()];
        if (n > 0) {
          byCategory.merge(c, n, Integer::sum);
          total += n;
        }
      }
      low += counts[i][LOW_CONFIDENCE];
      unreadable += counts[i][UNREADABLE];
    }
    return new Camera.Counts(total, Map.copyOf(byCategory), low, unreadable);
  }
}
