package nl.opencordon.actors.zone;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import nl.opencordon.actors.CborSerializable;
import nl.opencordon.domain.Phase;
import nl.opencordon.domain.ZoneDefinition;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.SnapshotAdapter;

/**
 * The vehicles of one zone that fall in one bucket of plate hashes. It correlates entries, exits and scan-car
 * sightings and decides, for each violation, whether it becomes a case (fine or warning letter): at most one
 * per vehicle per zone per local day, none inside the recidive term after a fine, and warnings no more often
 * than the warning interval. Only those decisions are persisted; a no-hit sighting leaves no trace.
 */
public final class Zone extends EventSourcedBehaviorWithEnforcedReplies<Zone.Command, Zone.Event, Zone.State> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY = EntityTypeKey.create(Command.class, "Zone");

  /** Entities per zone; a vehicle always lands in the same one. Changing it needs a journal migration. */
  public static final int BUCKETS = 32;

  public sealed interface Command extends CborSerializable {}

  public record Observe(Sighting sighting, ActorRef<StatusReply<Decision>> replyTo) implements Command {}

  /** Vehicles seen entering and not yet leaving (or seen by the scan car) in this bucket. */
  public record GetPresence(ActorRef<Presence> replyTo) implements Command {}

  public record Presence(int vehiclesInside, int vehiclesWithDecisions) implements CborSerializable {}

  public record Decision(Outcome outcome, Optional<String> caseId) implements CborSerializable {
    public enum Outcome {
      /** Not a violation: nothing kept. */
      NO_HIT,
      /** Violation, but the zone is not (yet) in warning or enforcement phase. */
      NOT_IN_FORCE,
      CASE_OPENED,
      WARNING_OPENED,
      /** This vehicle already has a case in this zone today. */
      ALREADY_DECIDED_TODAY,
      /** A fine inside the recidive term: not fined again. */
      WITHIN_RECIDIVE,
      /** A warning letter was sent inside the warning interval. */
      WARNED_RECENTLY
    }

    static Decision of(Outcome outcome) {
      return new Decision(outcome, Optional.empty());
    }
  }

  public sealed interface Event extends CborSerializable {}

  public enum CaseKind { FINE, WARNING }

  /** A potential violation (potentiële overtreding) to review, or a warning-letter entry. */
  public record CaseOpened(String caseId, CaseKind kind, String zoneId, Sighting sighting) implements Event {}

  /** What the zone remembers of a vehicle with a decision: the local days of its last fine and warning. */
  public record VehicleRecord(LocalDate lastFineDay, LocalDate lastWarningDay) implements CborSerializable {}

  /** Mutable state that never leaves the actor; snapshots get a copy through {@link #snapshotAdapter()}. */
  public record State(Map<String, VehicleRecord> vehicles) implements CborSerializable {
    static State empty() {
      return new State(new HashMap<>());
    }

    State apply(CaseOpened e) {
      VehicleRecord old = vehicles.getOrDefault(e.sighting().plateHash(), new VehicleRecord(null, null));
      LocalDate day = e.sighting().localDay();
      // Sightings can arrive late (a camera catching up after a reconnect): keep the latest day.
      vehicles.put(e.sighting().plateHash(), e.kind() == CaseKind.FINE
          ? new VehicleRecord(latest(old.lastFineDay(), day), old.lastWarningDay())
          : new VehicleRecord(old.lastFineDay(), latest(old.lastWarningDay(), day)));
      return this;
    }

    private static LocalDate latest(LocalDate a, LocalDate b) {
      return a == null || b.isAfter(a) ? b : a;
    }
  }

  public static String entityId(String zoneId, String plateHash) {
    int bucket = Math.floorMod(plateHash.hashCode(), BUCKETS);
    return zoneId + "#" + bucket;
  }

  static String zoneIdOf(String entityId) {
    return entityId.substring(0, entityId.lastIndexOf('#'));
  }

  public static Behavior<Command> create(String entityId, Function<String, ZoneDefinition> zones, CaseSink sink) {
    return Behaviors.setup(ctx -> new Zone(entityId, zones.apply(zoneIdOf(entityId)), sink));
  }

  private final String entityId;
  private final ZoneDefinition zone;
  private final CaseSink sink;
  /** Presence is volatile by design: it is rebuilt from the next passages after a restart. */
  private final Map<String, java.time.Instant> inside = new HashMap<>();

  private Zone(String entityId, ZoneDefinition zone, CaseSink sink) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), entityId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.entityId = entityId;
    this.zone = zone;
    this.sink = sink;
  }

  @Override
  public State emptyState() {
    return State.empty();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Observe.class, this::onObserve)
        .onCommand(GetPresence.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
            new Presence(inside.size(), state.vehicles().size())))
        .build();
  }

  private ReplyEffect<Event, State> onObserve(State state, Observe cmd) {
    Sighting s = cmd.sighting();
    trackPresence(s);
    if (!s.verdict().isViolation()) {
      return reply(cmd, Decision.Outcome.NO_HIT);
    }
    LocalDate day = s.localDay();
    Phase phase = zone.phaseOn(day);
    if (phase == null || phase == Phase.ANNOUNCEMENT) {
      return reply(cmd, Decision.Outcome.NOT_IN_FORCE);
    }
    VehicleRecord rec = state.vehicles().getOrDefault(s.plateHash(), new VehicleRecord(null, null));
    if (day.equals(rec.lastFineDay()) || day.equals(rec.lastWarningDay())) {
      return reply(cmd, Decision.Outcome.ALREADY_DECIDED_TODAY);
    }
    CaseKind kind;
    if (phase == Phase.WARNING) {
      if (within(rec.lastWarningDay(), day, zone.warningInterval())) {
        return reply(cmd, Decision.Outcome.WARNED_RECENTLY);
      }
      kind = CaseKind.WARNING;
    } else {
      if (within(rec.lastFineDay(), day, zone.recidiveTerm())) {
        return reply(cmd, Decision.Outcome.WITHIN_RECIDIVE);
      }
      kind = CaseKind.FINE;
    }
    CaseOpened event = new CaseOpened(UUID.randomUUID().toString(), kind, zone.id(), s);
    Decision decision = new Decision(kind == CaseKind.FINE ? Decision.Outcome.CASE_OPENED
        : Decision.Outcome.WARNING_OPENED, Optional.of(event.caseId()));
    return Effect().persist(event)
        .thenRun(st -> sink.caseOpened(event))
        .thenReply(cmd.replyTo(), st -> StatusReply.success(decision));
  }

  /**
   * Whether {@code day} lies less than {@code term} (in whole days) from {@code since}, before or after: one
   * case per term whichever sighting arrives first.
   */
  private static boolean within(LocalDate since, LocalDate day, Duration term) {
    return since != null && Math.abs(java.time.temporal.ChronoUnit.DAYS.between(since, day)) < term.toDays();
  }

  private void trackPresence(Sighting s) {
    if (s.source() == Sighting.Source.EXIT) {
      inside.remove(s.plateHash());
    } else {
      inside.put(s.plateHash(), s.at());
    }
  }

  private ReplyEffect<Event, State> reply(Observe cmd, Decision.Outcome outcome) {
    return Effect().reply(cmd.replyTo(), StatusReply.success(Decision.of(outcome)));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(CaseOpened.class, State::apply)
        .build();
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of("case");
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 3);
  }

  @Override
  public SnapshotAdapter<State> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(State state) {
        return new State(new HashMap<>(state.vehicles()));
      }

      @Override
      public State fromJournal(Object from) {
        return new State(new HashMap<>(((State) from).vehicles()));
      }
    };
  }

  @Override
  public String toString() {
    return "Zone[" + entityId + "]";
  }
}
