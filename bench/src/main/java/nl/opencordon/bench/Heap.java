package nl.opencordon.bench;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Instant;
import java.util.Map;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.actors.zone.ZoneRouter;
import nl.opencordon.domain.ZoneDefinition;
import org.apache.pekko.actor.typed.ActorSystem;

/** Retained heap per vehicle, as the difference of the used heap after full collections. */
final class Heap {
  private Heap() {}

  static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Through the running zone entities: {@code n} more vehicles inside the zone (entered, allowed in). */
  static double presenceBytesPerVehicle(ActorSystem<?> system, ZoneRouter zones, String zoneId, int n)
      throws InterruptedException {
    long first = 1L << 40; // beyond every vehicle number used elsewhere
    long before = usedAfterGc();
    Instant at = Instant.now();
    Map<Zone.Decision.Outcome, Long> outcomes =
        Zones.observeAll(system, zones, zoneId, n, 2_000, i -> Zones.allowedEntry(first + i, at));
    long after = usedAfterGc();
    if (outcomes.getOrDefault(Zone.Decision.Outcome.NO_HIT, 0L) != n) {
      throw new IllegalStateException("expected " + n + " no-hits, got " + outcomes);
    }
    return (double) (after - before) / n;
  }

  /** The zone's decision state holding {@code n} vehicles with a fine, as a recovered zone holds them. */
  static double decisionBytesPerVehicle(ZoneDefinition zone, int n) throws InterruptedException {
    long before = usedAfterGc();
    Zone.State state = Zone.State.empty();
    Instant at = Instant.now();
    for (long i = 0; i < n; i++) {
      state.apply(new Zone.CaseOpened("case-" + i, Zone.CaseKind.FINE, zone.id(), Zones.violation(i, at)));
    }
    long after = usedAfterGc();
    Reference.reachabilityFence(state);
    return (double) (after - before) / n;
  }
}
