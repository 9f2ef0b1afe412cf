package nl.opencordon.insight.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.opencordon.actors.Asks;
import nl.opencordon.actors.CborSerializable;
import nl.opencordon.actors.gate.VehiclePassed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * Pseudonymised traffic statistics for policy (Vias bestek 2.2 and 3.1.3.2), in memory only: passages per
 * gate and hour by vehicle category, fuel and euro class, and origin-destination counts between gates with
 * dwell times. Vehicles are followed within one local day by a pseudonym under a key that rotates daily
 * ({@link DailyPseudonyms}); answers suppress every cell counting fewer than k vehicles (k-anonymity).
 * Nothing of this reaches disk; a restart starts the figures afresh. Each node counts the vehicles its own gates
 * see; the hourly passages are the cluster's: the node asked adds up what every node's statistics (found through
 * the receptionist) counted before it suppresses. Trips stay per node: one needs the same vehicle at two gates,
 * and pseudonyms do not leave their node.
 */
public final class TrafficStatistics extends AbstractBehavior<TrafficStatistics.Command> {

  public sealed interface Command extends CborSerializable {}

  /** Passages per gate and hour over the local days {@code from}..{@code to}, inclusive. */
  public record GetHourly(LocalDate from, LocalDate to, ActorRef<Hourly> replyTo) implements Command {}

  /** Trips between gates on the local days {@code from}..{@code to}, inclusive. */
  public record GetOriginDestination(LocalDate from, LocalDate to, ActorRef<OriginDestination> replyTo)
      implements Command {}

  /** This node's passages per gate and hour, not yet suppressed: for the node that adds up the cluster's. */
  public record GetHourlyCounts(LocalDate from, LocalDate to, ActorRef<HourlyCounts> replyTo) implements Command {}

  public record HourlyCounts(List<HourlyCell> cells) implements CborSerializable {}

  public record HourlyCell(String gateId, Instant hour, String category, String fuel, String euroClass,
                           long passages) implements CborSerializable {}

  /** @param suppressed cells left out because fewer than {@code k} vehicles made them */
  public record Hourly(List<HourlyCell> cells, int suppressed, int k) implements CborSerializable {}

  /** A vehicle seen at {@code fromGate} and next at {@code toGate} on the same day, {@code dwell} apart. */
  public record OdCell(LocalDate day, String fromGate, String toGate, long trips, long medianDwellSeconds,
                       long meanDwellSeconds) implements CborSerializable {}

  public record OriginDestination(List<OdCell> cells, int suppressed, int k) implements CborSerializable {}

  private record Passed(VehiclePassed event) implements Command {}

  private enum Prune implements Command { INSTANCE }

  private record PeersChanged(Receptionist.Listing listing) implements Command {}

  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "traffic-statistics");

  private enum TimerKey { PRUNE }

  /** From {@code anpr.insight.statistics}. */
  /** @param peerTimeout how long the node asked waits for the other nodes' counts */
  public record Settings(int k, int keepDays, ZoneId timeZone, Duration peerTimeout) {
    public static Settings fromConfig(com.typesafe.config.Config c) {
      return new Settings(c.getInt("k"), c.getInt("keep-days"), ZoneId.of(c.getString("time-zone")),
          c.getDuration("peer-timeout"));
    }
  }

  private record HourKey(String gateId, Instant hour, String category, String fuel, String euroClass) {}

  private record OdKey(LocalDate day, String fromGate, String toGate) {}

  private record Seen(String gateId, Instant at) {}

  public static Behavior<Command> create(Settings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(VehiclePassed.class,
          ctx.messageAdapter(VehiclePassed.class, Passed::new)));
      timers.startTimerWithFixedDelay(TimerKey.PRUNE, Prune.INSTANCE, Duration.ofHours(1));
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(KEY,
          ctx.messageAdapter(Receptionist.Listing.class, PeersChanged::new)));
      return new TrafficStatistics(ctx, settings);
    }));
  }

  private final Settings settings;
  private final DailyPseudonyms pseudonyms = new DailyPseudonyms();
  private final Map<HourKey, Long> hourly = new HashMap<>();
  private final Map<OdKey, DwellTimes> dwells = new HashMap<>();
  /** Today's vehicles by pseudonym: where each was seen last. Emptied when the key rotates. */
  private final Map<DailyPseudonyms.Pseudonym, Seen> lastSeen = new HashMap<>();
  /** Every node's statistics, this one's included. */
  private Set<ActorRef<Command>> nodes = Set.of();

  private TrafficStatistics(ActorContext<Command> ctx, Settings settings) {
    super(ctx);
    this.settings = settings;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Passed.class, m -> onPassed(m.event()))
        .onMessage(GetHourly.class, this::onGetHourly)
        .onMessage(GetHourlyCounts.class, this::onGetHourlyCounts)
        .onMessage(PeersChanged.class, m -> {
          nodes = Set.copyOf(m.listing().getServiceInstances(KEY));
          return this;
        })
        .onMessage(GetOriginDestination.class, this::onGetOriginDestination)
        .onMessageEquals(Prune.INSTANCE, this::onPrune)
        .build();
  }

  private Behavior<Command> onPassed(VehiclePassed e) {
    hourly.merge(new HourKey(e.gateId(), e.at().truncatedTo(ChronoUnit.HOURS), e.category().name(), e.fuel(),
        e.euroClass()), 1L, Long::sum);
    LocalDate day = e.at().atZone(settings.timeZone()).toLocalDate();
    if (pseudonyms.day() != null && day.isBefore(pseudonyms.day())) {
      return this; // late news of yesterday: its key is gone, so it joins no trip
    }
    if (!day.equals(pseudonyms.day())) {
      lastSeen.clear();
      LocalDate closed = pseudonyms.day();
      dwells.forEach((key, times) -> {
        if (key.day().equals(closed)) {
          times.close();
        }
      });
    }
    Seen previous = lastSeen.put(pseudonyms.of(e.vehicleKey(), day), new Seen(e.gateId(), e.at()));
    // Seen again at the same gate (another lane, a later read) is no trip between gates.
    if (previous != null && !previous.gateId().equals(e.gateId())) {
      dwells.computeIfAbsent(new OdKey(day, previous.gateId(), e.gateId()), k -> new DwellTimes())
          .add(Duration.between(previous.at(), e.at()).toSeconds());
    }
    return this;
  }

  private Behavior<Command> onGetHourly(GetHourly q) {
    Set<ActorRef<Command>> asked = new HashSet<>(nodes);
    asked.add(getContext().getSelf());   // before the receptionist lists this node
    getContext().spawnAnonymous(HourlyGathering.create(asked, q, settings.k(), settings.peerTimeout()));
    return this;
  }

  private Behavior<Command> onGetHourlyCounts(GetHourlyCounts q) {
    List<HourlyCell> cells = new ArrayList<>();
    hourly.forEach((key, passages) -> {
      if (within(key.hour().atZone(settings.timeZone()).toLocalDate(), q.from(), q.to())) {
        cells.add(new HourlyCell(key.gateId(), key.hour(), key.category(), key.fuel(), key.euroClass(), passages));
      }
    });
    q.replyTo().tell(new HourlyCounts(List.copyOf(cells)));
    return this;
  }

  /**
   * Adds up the hourly counts of every node, then leaves out the cells under k: a per-request actor. A node that
   * does not answer within the timeout is left out of this answer.
   */
  private static final class HourlyGathering {
    private sealed interface Event {}

    private record Answered(HourlyCounts counts) implements Event {}

    private record Failed() implements Event {}

    static Behavior<Event> create(Set<ActorRef<Command>> nodes, GetHourly q, int k, Duration timeout) {
      return Behaviors.setup(ctx -> {
        for (ActorRef<Command> node : nodes) {
          Asks.<Command, HourlyCounts, Event>pipe(ctx, node, timeout, r -> new GetHourlyCounts(q.from(), q.to(), r),
              (counts, err) -> err == null ? new Answered(counts) : new Failed());
        }
        return gathering(new HashMap<>(), nodes.size(), q, k);
      });
    }

    private static Behavior<Event> gathering(Map<HourKey, Long> sums, int waiting, GetHourly q, int k) {
      if (waiting == 0) {
        q.replyTo().tell(suppressed(sums, k));
        return Behaviors.stopped();
      }
      return Behaviors.receive(Event.class)
          .onMessage(Answered.class, a -> {
            a.counts().cells().forEach(c -> sums.merge(new HourKey(c.gateId(), c.hour(), c.category(), c.fuel(),
                c.euroClass()), c.passages(), Long::sum));
            return gathering(sums, waiting - 1, q, k);
          })
          .onMessage(Failed.class, f -> gathering(sums, waiting - 1, q, k))
          .build();
    }

    private static Hourly suppressed(Map<HourKey, Long> sums, int k) {
      List<HourlyCell> cells = new ArrayList<>();
      int suppressed = 0;
      for (Map.Entry<HourKey, Long> c : sums.entrySet()) {
        HourKey key = c.getKey();
        if (c.getValue() < k) {
          suppressed++;
        } else {
          cells.add(new HourlyCell(key.gateId(), key.hour(), key.category(), key.fuel(), key.euroClass(),
              c.getValue()));
        }
      }
      cells.sort(Comparator.comparing(HourlyCell::hour).thenComparing(HourlyCell::gateId)
          .thenComparing(HourlyCell::category).thenComparing(HourlyCell::fuel).thenComparing(HourlyCell::euroClass));
      return new Hourly(List.copyOf(cells), suppressed, k);
    }
  }

  private Behavior<Command> onGetOriginDestination(GetOriginDestination q) {
    List<OdCell> cells = new ArrayList<>();
    int suppressed = 0;
    for (Map.Entry<OdKey, DwellTimes> c : dwells.entrySet()) {
      OdKey key = c.getKey();
      if (!within(key.day(), q.from(), q.to())) {
        continue;
      }
      DwellTimes d = c.getValue();
      if (d.count() < settings.k()) {
        suppressed++;
      } else {
        cells.add(new OdCell(key.day(), key.fromGate(), key.toGate(), d.count(), d.median(), d.mean()));
      }
    }
    cells.sort(Comparator.comparing(OdCell::day).thenComparing(OdCell::fromGate).thenComparing(OdCell::toGate));
    q.replyTo().tell(new OriginDestination(List.copyOf(cells), suppressed, settings.k()));
    return this;
  }

  private static boolean within(LocalDate day, LocalDate from, LocalDate to) {
    return !day.isBefore(from) && !day.isAfter(to);
  }

  private Behavior<Command> onPrune() {
    LocalDate oldest = LocalDate.now(settings.timeZone()).minusDays(settings.keepDays());
    hourly.keySet().removeIf(k -> k.hour().atZone(settings.timeZone()).toLocalDate().isBefore(oldest));
    dwells.keySet().removeIf(k -> k.day().isBefore(oldest));
    return this;
  }
}
