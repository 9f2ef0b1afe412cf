package nl.opencordon.controller.controlroom;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.opencordon.actors.CborSerializable;

/**
 * Passages per gate in 10-minute buckets over the last 24 hours, for the control room's plot, from the
 * running totals the gates report in their status. Kept in memory: after a restart the plot starts empty.
 * Not thread-safe: it lives inside the control-room actor.
 */
final class PassageHistory {
  static final Duration BUCKET = Duration.ofMinutes(10);
  static final int BUCKETS = 144;

  /** Counts per bucket, oldest first; bucket i starts at {@code from + i * 10 min}. */
  record Series(Instant from, Duration bucket, Map<String, List<Long>> perGate) implements CborSerializable {}

  private final Map<String, Long> lastTotal = new HashMap<>();
  private final Map<String, TreeMap<Long, Long>> counts = new HashMap<>();

  /**
   * Records a gate's running total of vehicles seen at {@code at}. The gates start with the control room,
   * so a first total counts from zero; a total that went down (gate restarted) counts from there.
   */
  void record(String gateId, long total, Instant at) {
    Long last = lastTotal.put(gateId, total);
    long delta = last == null || total < last ? total : total - last;
    TreeMap<Long, Long> buckets = counts.computeIfAbsent(gateId, g -> new TreeMap<>());
    long bucket = bucketOf(at);
    if (delta > 0) {
      buckets.merge(bucket, delta, Long::sum);
    }
    buckets.headMap(bucket - BUCKETS, true).clear();
  }

  Series series(Instant now) {
    long last = bucketOf(now);
    long first = last - BUCKETS + 1;
    Map<String, List<Long>> perGate = new HashMap<>();
    counts.forEach((gate, buckets) -> {
      List<Long> row = new ArrayList<>(BUCKETS);
      for (long b = first; b <= last; b++) {
        row.add(buckets.getOrDefault(b, 0L));
      }
      perGate.put(gate, row);
    });
    return new Series(Instant.ofEpochSecond(first * BUCKET.toSeconds()), BUCKET, perGate);
  }

  private static long bucketOf(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), BUCKET.toSeconds());
  }
}
