package nl.opencordon.controlroom;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.opencordon.actors.CborSerializable;
import nl.opencordon.controlroom.GatePassageCountRepository.GateCount;

/**
 * Passages per gate in 10-minute buckets over the last 24 hours, for the control room's plot. Each node counts
 * the growth of the running totals its own gates report in their status and adds it to the gate's bucket in
 * PostgreSQL ({@link #drain}), where the plot of every node reads all gates from ({@link #series}); a gate that
 * moved to another node keeps its history. Not thread-safe: it lives inside the control-room actor.
 */
final class PassageHistory {
  static final Duration BUCKET = Duration.ofMinutes(10);
  static final int BUCKETS = 144;

  /** Counts per bucket, oldest first; bucket i starts at {@code from + i * 10 min}. */
  record Series(Instant from, Duration bucket, Map<String, List<Long>> perGate) implements CborSerializable {}

  private record Key(String gateId, long bucket) {}

  // This node's buffer only, not a record: the last total each of its gates reported, and the counts not yet
  // added to PostgreSQL (drained every flush interval; a crash loses at most that interval's vehicles).
  private final Map<String, Long> lastTotal = new HashMap<>();
  private final Map<Key, Long> counted = new HashMap<>();

  /**
   * Records a gate's running total of vehicles seen at {@code at}. A gate seen here for the first time started
   * here (it counts from zero when it starts); a total that went down (gate restarted) counts from there.
   */
  void record(String gateId, long total, Instant at) {
    Long last = lastTotal.put(gateId, total);
    long delta = last == null || total < last ? total : total - last;
    if (delta > 0) {
      counted.merge(new Key(gateId, bucketOf(at)), delta, Long::sum);
    }
  }

  /** What was counted since the last drain, to be added to the shared buckets. */
  List<GateCount> drain() {
    List<GateCount> counts = new ArrayList<>();
    counted.forEach((key, vehicles) -> counts.add(new GateCount(key.gateId(),
        Instant.ofEpochSecond(key.bucket() * BUCKET.toSeconds()), vehicles)));
    counted.clear();
    return counts;
  }

  /** Where the stored buckets of the 24 hours before {@code now} begin. */
  static Instant from(Instant now) {
    return Instant.ofEpochSecond((bucketOf(now) - BUCKETS + 1) * BUCKET.toSeconds());
  }

  /** The plot of the 24 hours before {@code now} from the stored buckets. */
  static Series series(List<GateCount> counts, Instant now) {
    long last = bucketOf(now);
    long first = last - BUCKETS + 1;
    Map<String, List<Long>> perGate = new HashMap<>();
    for (GateCount count : counts) {
      long bucket = bucketOf(count.bucket());
      if (bucket >= first && bucket <= last) {
        perGate.computeIfAbsent(count.gateId(), g -> new ArrayList<>(java.util.Collections.nCopies(BUCKETS, 0L)))
            .set((int) (bucket - first), count.vehicles());
      }
    }
    return new Series(Instant.ofEpochSecond(first * BUCKET.toSeconds()), BUCKET, perGate);
  }

  private static long bucketOf(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), BUCKET.toSeconds());
  }
}
