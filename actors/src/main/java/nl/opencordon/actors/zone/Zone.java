package nl.opencordon.actors.zone;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import nl.opencordon.actors.CborSerializable;
import nl.opencordon.domain.Phase;
import nl.opencordon.domain.Verdict;
import nl.opencordon.domain.ZoneDefinition;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
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

  /**
   * The tags of the zones' events, one per slice of the entities, so that several projections share the read
   * side ({@code CaseProjection}, one per tag). Changing the number leaves old events under their old tags.
   */
  public static final List<String> TAGS = List.of("case-0", "case-1", "case-2", "case-3");

  /** The single tag of the events persisted before {@link #TAGS}; still read so that none is left behind. */
  public static final String LEGACY_TAG = "case";

  public sealed interface Command extends CborSerializable {}

  public record Observe(Sighting sighting, ActorRef<StatusReply<Decision>> replyTo) implements Command {}

  /**
   * A sighting that is no violation: it only moves the vehicle in or out of the zone, and nobody waits for an
   * answer (a no-hit leaves nothing to keep, so the gate answers its camera at once).
   */
  public record Track(Sighting sighting) implements Command {}

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
      WARNED_RECENTLY,
      /**
       * In a zone with enforcement windows a vehicle is judged by its entry: it came in while the zone was not
       * enforced (a supplier inside its loading window), so leaving or being seen later is no violation.
       */
      ENTERED_OUTSIDE_ENFORCEMENT,
      /** In a zone with enforcement windows an exit camera shows a vehicle leaving, not when it came in. */
      ENTRY_NOT_SEEN,
      /**
       * Decided by the gate, the zone never sees it: a violation read below the case threshold (needs review,
       * unreadable). Nothing of it is kept, so no case and no plate on disk; only counted.
       */
      BELOW_CASE_THRESHOLD
    }

    static Decision of(Outcome outcome) {
      return new Decision(outcome, Optional.empty());
    }
  }

  public sealed interface Event extends CborSerializable {}

  public enum CaseKind { FINE, WARNING }

  /** A potential violation (potentiële overtreding) to review, or a warning-letter entry. */
  public record CaseOpened(String caseId, CaseKind kind, String zoneId, Sighting sighting) implements Event {}

  /**
   * Mutable state that never leaves the actor; snapshots get a copy through {@link #snapshotAdapter()}. Per
   * vehicle with a decision it keeps two numbers, so a million vehicles fit in well under 100 MB: the key is
   * the first 64 bits of the plate hash ({@link #vehicleKey}), the value the epoch days of the vehicle's last
   * fine (high half) and last warning (low half), {@link #NONE} where there was none.
   */
  public record State(Map<Long, Long> vehicles) implements CborSerializable {
    static final int NONE = Integer.MIN_VALUE;
    private static final long NO_DECISIONS = pack(NONE, NONE);

    public static State empty() {
      return new State(new HashMap<>());
    }

    /**
     * What a violation leads to, given what is known of the vehicle: at most one case per local day, none
     * inside the recidive term after a fine, warnings no more often than the warning interval.
     */
    public Decision.Outcome decide(ZoneDefinition zone, Sighting violation) {
      LocalDate localDay = violation.localDay();
      Phase phase = zone.phaseOn(localDay);
      if (phase == null || phase == Phase.ANNOUNCEMENT) {
        return Decision.Outcome.NOT_IN_FORCE;
      }
      int day = (int) localDay.toEpochDay();
      long rec = vehicles.getOrDefault(vehicleKey(violation.plateHash()), NO_DECISIONS);
      int lastFine = (int) (rec >> 32);
      int lastWarning = (int) rec;
      if (day == lastFine || day == lastWarning) {
        return Decision.Outcome.ALREADY_DECIDED_TODAY;
      }
      if (phase == Phase.WARNING) {
        return within(lastWarning, day, zone.warningInterval()) ? Decision.Outcome.WARNED_RECENTLY
            : Decision.Outcome.WARNING_OPENED;
      }
      return within(lastFine, day, zone.recidiveTerm()) ? Decision.Outcome.WITHIN_RECIDIVE
          : Decision.Outcome.CASE_OPENED;
    }

    public State apply(CaseOpened e) {
      int day = (int) e.sighting().localDay().toEpochDay();
      long key = vehicleKey(e.sighting().plateHash());
      long old = vehicles.getOrDefault(key, NO_DECISIONS);
      // Sightings can arrive late (a camera catching up after a reconnect): keep the latest day (NONE is least).
      vehicles.put(key, e.kind() == CaseKind.FINE
          ? pack(Math.max((int) (old >> 32), day), (int) old)
          : pack((int) (old >> 32), Math.max((int) old, day)));
      return this;
    }

    static long pack(int lastFineDay, int lastWarningDay) {
      return ((long) lastFineDay << 32) | (lastWarningDay & 0xffffffffL);
    }

    /**
     * Whether {@code day} lies less than {@code term} (in whole days) from {@code since}, before or after: one
     * case per term whichever sighting arrives first.
     */
    private static boolean within(int since, int day, Duration term) {
      return since != NONE && Math.abs((long) day - since) < term.toDays();
    }
  }

  /**
   * The first 64 bits of a plate hash (hex, {@code PlateHasher}). Two vehicles in one bucket share a key with
   * odds of about 1 in 10^10 at a million vehicles; a shared key can only spare a fine, never cause one.
   */
  public static long vehicleKey(String plateHash) {
    try {
      return HexFormat.fromHexDigitsToLong(plateHash, 0, 16);
    } catch (RuntimeException notHex) {
      long h = 1125899906842597L;
      for (int i = 0; i < plateHash.length(); i++) {
        h = 31 * h + plateHash.charAt(i);
      }
      return h;
    }
  }

  public static String entityId(String zoneId, String plateHash) {
    int bucket = Math.floorMod(plateHash.hashCode(), BUCKETS);
    return zoneId + "#" + bucket;
  }

  static String zoneIdOf(String entityId) {
    return entityId.substring(0, entityId.lastIndexOf('#'));
  }

  public static Behavior<Command> create(String entityId, Function<String, ZoneDefinition> zones) {
    return Behaviors.setup(ctx -> new Zone(entityId, zones.apply(zoneIdOf(entityId))));
  }

  private final String entityId;
  private final ZoneDefinition zone;
  private final String tag;
  /** Keys of the vehicles inside; volatile by design: it is rebuilt from the next passages after a restart. */
  private final Set<Long> inside = new HashSet<>();
  /**
   * Keys of the vehicles inside that came in while the zone was not enforced. Volatile like {@link #inside}
   * (an entry that is no violation is a passage, and passages are never persisted): after a restart the
   * entry is forgotten, which leaves an exit without a case (it is {@link Decision.Outcome#ENTRY_NOT_SEEN})
   * and a scan car's sighting judged on its own.
   */
  private final Set<Long> enteredUnenforced = new HashSet<>();

  private Zone(String entityId, ZoneDefinition zone) {
    // No restart in place on a journal failure: Pekko's Java API reuses the one emptyState() object, and this
    // state is mutable, so an event whose write failed would stay applied. The entity stops instead; sharding
    // starts a fresh one, recovered from the journal, when the gate retries.
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), entityId));
    this.entityId = entityId;
    this.zone = zone;
    this.tag = TAGS.get(Math.floorMod(entityId.hashCode(), TAGS.size()));
  }

  @Override
  public State emptyState() {
    return State.empty();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Observe.class, this::onObserve)
        .onCommand(Track.class, (state, cmd) -> {
          trackPresence(cmd.sighting());
          return Effect().noReply();
        })
        .onCommand(GetPresence.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
            new Presence(inside.size(), state.vehicles().size())))
        .build();
  }

  private ReplyEffect<Event, State> onObserve(State state, Observe cmd) {
    Sighting s = cmd.sighting();
    Decision.Outcome byEntry = judgedByEntry(s);
    trackPresence(s);
    if (!s.verdict().isViolation()) {
      return reply(cmd, Decision.Outcome.NO_HIT);
    }
    if (byEntry != null) {
      return reply(cmd, byEntry);
    }
    Decision.Outcome outcome = state.decide(zone, s);
    if (outcome != Decision.Outcome.CASE_OPENED && outcome != Decision.Outcome.WARNING_OPENED) {
      return reply(cmd, outcome);
    }
    CaseKind kind = outcome == Decision.Outcome.CASE_OPENED ? CaseKind.FINE : CaseKind.WARNING;
    CaseOpened event = new CaseOpened(UUID.randomUUID().toString(), kind, zone.id(), s);
    Decision decision = new Decision(outcome, Optional.of(event.caseId()));
    // The read side follows from the journal (projections over the tags), never from a side effect here.
    return Effect().persist(event).thenReply(cmd.replyTo(), st -> StatusReply.success(decision));
  }

  /**
   * Why a violation seen after the entry is no case in a zone with enforcement windows (judged by the entry,
   * as the time windows are a rule about entering), or null when it is judged on its own.
   */
  private Decision.Outcome judgedByEntry(Sighting s) {
    if (zone.enforcementWindows().isEmpty() || s.source() == Sighting.Source.ENTRY) {
      return null;
    }
    long key = vehicleKey(s.plateHash());
    if (enteredUnenforced.contains(key)) {
      return Decision.Outcome.ENTERED_OUTSIDE_ENFORCEMENT;
    }
    return s.source() == Sighting.Source.EXIT && !inside.contains(key) ? Decision.Outcome.ENTRY_NOT_SEEN : null;
  }

  private void trackPresence(Sighting s) {
    long key = vehicleKey(s.plateHash());
    if (s.source() == Sighting.Source.EXIT) {
      inside.remove(key);
      enteredUnenforced.remove(key);
    } else {
      inside.add(key);
      if (s.source() == Sighting.Source.ENTRY && s.verdict().outcome() == Verdict.Outcome.NOT_ENFORCED) {
        enteredUnenforced.add(key);
      } else if (s.source() == Sighting.Source.ENTRY) {
        enteredUnenforced.remove(key);
      }
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
    return Set.of(tag);
  }

  /**
   * A snapshot holds the whole bucket (tens of thousands of vehicles in a big city), so it is taken every
   * 1,000 cases rather than every 100: a recovery then replays at most 1,000 events per bucket.
   */
  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(1000, 2);
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
