package nl.opencordon.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import nl.opencordon.actors.Asks;
import nl.opencordon.actors.zone.ShardedZones;
import nl.opencordon.actors.zone.Sighting;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.actors.zone.ZoneRouter;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Fuel;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.Site;
import nl.opencordon.domain.VehicleFacts;
import nl.opencordon.domain.Verdict;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.pattern.StatusReply;

/** Sharded zone entities on their own, and many vehicles' sightings for them: for the heap and recovery runs. */
final class Zones {
  private Zones() {}

  private static final Site SITE = new Site("B-IN-N-1", "Singel", "centrum", new GeoPoint(52.09, 5.12), null);
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(60);

  /** An actor system that is a cluster of one with the zone entities of {@code layout}. */
  static ActorSystem<Void> start(String name, com.typesafe.config.Config config) {
    return ActorSystem.create(Behaviors.setup(ctx -> {
      Cluster cluster = Cluster.get(ctx.getSystem());
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
      return Behaviors.<Void>empty();
    }), name, config);
  }

  static ZoneRouter router(ActorSystem<?> system, CityLayout layout) {
    return ShardedZones.init(system, layout::zone);
  }

  /** A made-up vehicle {@code i}: a unique plate and plate hash. */
  static Plate plate(long i) {
    return Plate.dutch("Z" + Long.toString(i, 36).toUpperCase());
  }

  static String plateHash(long i) {
    // multiplying by an odd constant is a bijection: distinct vehicles, well-spread buckets
    return HexFormat.of().toHexDigits(i * 0x9E3779B97F4A7C15L) + HexFormat.of().toHexDigits(i);
  }

  /** Vehicle {@code i} entering, allowed in: only its presence is kept. */
  static Sighting allowedEntry(long i, Instant at) {
    return new Sighting("heap-" + i, Sighting.Source.ENTRY, plate(i), plateHash(i), at, "in-n-1", SITE,
        Verdict.of(Verdict.Outcome.ALLOWED, "ZE-1", "zero emission"), Optional.empty(), List.of());
  }

  /** Vehicle {@code i} entering in a diesel Euro 4 van: a case, with facts and evidence as in the field. */
  static Sighting violation(long i, Instant at) {
    Plate plate = plate(i);
    return new Sighting("seed-" + i, Sighting.Source.ENTRY, plate, plateHash(i), at, "in-n-1", SITE,
        Verdict.of(Verdict.Outcome.NOT_ALLOWED, "ZE-3", "van with emission class 4"),
        Optional.of(new VehicleFacts(plate, "Bedrijfsauto", "N1", "gesloten opbouw", Set.of(Fuel.DIESEL),
            Optional.of("4"), LocalDate.of(2008, 3, 1), 2800, 1900, Set.of("BB"))),
        List.of("bench://seed-" + i + "/overview.jpg"));
  }

  /** Asks the zones about {@code count} sightings, at most {@code parallel} at a time; counts the outcomes. */
  static Map<Zone.Decision.Outcome, Long> observeAll(ActorSystem<?> system, ZoneRouter zones, String zoneId,
                                                     long count, int parallel, LongFunction<Sighting> sighting)
      throws InterruptedException {
    Semaphore permits = new Semaphore(parallel);
    Map<Zone.Decision.Outcome, AtomicLong> outcomes = new ConcurrentHashMap<>();
    AtomicLong failures = new AtomicLong();
    for (long i = 0; i < count; i++) {
      permits.acquire();
      Sighting s = sighting.apply(i);
      Asks.direct(AskPattern.<Zone.Command, StatusReply<Zone.Decision>>ask(zones.entityFor(zoneId, s.plateHash()),
          replyTo -> new Zone.Observe(s, replyTo), ASK_TIMEOUT, system.scheduler())).whenComplete((reply, err) -> {
            if (err != null || reply.isError()) {
              failures.incrementAndGet();
            } else {
              outcomes.computeIfAbsent(reply.getValue().outcome(), o -> new AtomicLong()).incrementAndGet();
            }
            permits.release();
          });
    }
    permits.acquire(parallel);
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " sightings were not decided");
    }
    Map<Zone.Decision.Outcome, Long> out = new EnumMap<>(Zone.Decision.Outcome.class);
    outcomes.forEach((o, n) -> out.put(o, n.get()));
    return out;
  }

  /** Asks every bucket of a zone how many vehicles it knows; starting a bucket recovers its state. */
  static long vehiclesWithDecisions(ActorSystem<?> system, ZoneRouter zones, String zoneId) {
    CompletableFuture<?>[] answers = new CompletableFuture<?>[Zone.BUCKETS];
    AtomicLong total = new AtomicLong();
    for (int b = 0; b < Zone.BUCKETS; b++) {
      answers[b] = AskPattern.<Zone.Command, Zone.Presence>ask(zones.entityFor(zoneId, hashInBucket(b)),
          Zone.GetPresence::new, ASK_TIMEOUT, system.scheduler())
          .thenAccept(p -> total.addAndGet(p.vehiclesWithDecisions())).toCompletableFuture();
    }
    CompletableFuture.allOf(answers).join();
    return total.get();
  }

  /** Some plate hash that lands in bucket {@code b}. */
  private static String hashInBucket(int b) {
    for (long i = 0; ; i++) {
      String h = plateHash(i);
      if (Zone.entityId("", h).equals("#" + b)) {
        return h;
      }
    }
  }
}
