package nl.opencordon.domain;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, per zone, the passages that got no verdict on facts ({@link Verdict.Outcome#UNKNOWN}): foreign
 * plates apart from Dutch plates the register did not know or could not answer for. They are never fined,
 * so this count is what the control room sees of them. Safe to call from any thread.
 */
public final class UnresolvedVehicleCounter {
  /** The counts of one zone. */
  public record Counts(long foreign, long dutch) {}

  private final Map<String, LongAdder[]> byZone = new ConcurrentHashMap<>();

  /** Counts the verdict if it is UNKNOWN; other verdicts are ignored. */
  public void record(String zoneId, Plate plate, Verdict verdict) {
    if (verdict.outcome() != Verdict.Outcome.UNKNOWN) {
      return;
    }
    LongAdder[] counts = byZone.computeIfAbsent(zoneId, z -> new LongAdder[] {new LongAdder(), new LongAdder()});
    counts[plate.isDutch() ? 1 : 0].increment();
  }

  public Counts counts(String zoneId) {
    LongAdder[] c = byZone.get(zoneId);
    return c == null ? new Counts(0, 0) : new Counts(c[0].sum(), c[1].sum());
  }

  /** All zones, sorted by id. */
  public Map<String, Counts> snapshot() {
    Map<String, Counts> out = new TreeMap<>();
    byZone.keySet().forEach(z -> out.put(z, counts(z)));
    return out;
  }
}
