package nl.opencordon.actors.gate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import nl.opencordon.actors.Asks;
import nl.opencordon.actors.CborSerializable;
import nl.opencordon.actors.display.Display;
import nl.opencordon.actors.zone.Sighting;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.actors.zone.ZoneRouter;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Picture;
import nl.opencordon.domain.Site;
import nl.opencordon.domain.VehicleCategory;
import nl.opencordon.domain.VehicleFacts;
import nl.opencordon.domain.Verdict;
import nl.opencordon.domain.ZoneDefinition;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One gate (poort) of a zone: merges the reads of one vehicle by several cameras and lanes into one
 * sighting, gets the vehicle's verdict, shows it on the gate's displays within the display deadline, and
 * hands the sighting to the zone: for a violation its pictures are first made durable where every node reads
 * them ({@link EvidenceKeeper}), then the zone is asked, retrying until it has decided; a no-hit is only told,
 * for the zone's count of vehicles inside, and its pictures go nowhere. Every read is answered with
 * {@link Handled} only once its outcome is safe (the violation's pictures stored and the zone's decision
 * persisted, or a no-hit, which leaves nothing to keep), or refused when that could not be had, so that the
 * camera sends it again: nothing acknowledged is ever dropped.
 */
public final class Gate extends AbstractBehavior<Gate.Command> {

  public sealed interface Command extends CborSerializable {}

  /**
   * A passage accepted by one of the gate's cameras, with that camera's site at the time and the pictures that
   * came with it. Answered with {@link Handled} once its outcome is safe or it is refused.
   */
  public record Observe(Passage passage, Site site, VehicleCategory category, List<Picture> pictures,
                        ActorRef<Handled> replyTo) implements Command {
    public Observe {
      pictures = List.copyOf(pictures);
    }

    /** A passage without pictures. */
    public Observe(Passage passage, Site site, VehicleCategory category, ActorRef<Handled> replyTo) {
      this(passage, site, category, List.of(), replyTo);
    }
  }

  /**
   * What became of a read: {@code refusal} is empty when its outcome is safe (decision persisted, merged into
   * a decided read, a no-hit, or suspended), else why the gate could not get a decision.
   */
  public record Handled(String passageId, Optional<String> refusal) implements CborSerializable {}

  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  /**
   * A sign problem at this gate: violations seen from {@code from} until {@code until} (open-ended when
   * empty) do not become cases. The displays still show the verdict.
   */
  public record Suspension(Instant from, Optional<Instant> until) implements CborSerializable {
    boolean covers(Instant at) {
      return !at.isBefore(from) && until.map(at::isBefore).orElse(true);
    }
  }

  /** Replaces the gate's enforcement suspensions (all of them, so repeating it is harmless). */
  public record SetSuspensions(List<Suspension> suspensions, ActorRef<Done> replyTo) implements Command {
    public SetSuspensions {
      suspensions = List.copyOf(suspensions);
    }
  }

  /**
   * @param decided violations the zone has answered for
   * @param noHits sightings without a violation, handed to the zone without waiting (nothing to keep)
   * @param suspended violations not handed to the zone because enforcement was suspended (sign problem)
   * @param belowCaseThreshold violations not handed to the zone because the read was below the case threshold
   * @param unknown vehicles that got no verdict on facts (UNKNOWN: none, or missing or contradictory ones)
   * @param refused reads refused because the register or the zone did not answer; their cameras resend
   */
  public record Status(String gateId, String zoneId, CityLayout.GateKind kind, long vehicles, long merged,
                       long violations, long decided, long noHits, long zoneRetries, long zoneFailures,
                       long suspended, long belowCaseThreshold, long unknown, long refused)
      implements CborSerializable {}

  private record FactsForDisplay(Observe observation, Optional<VehicleFacts> facts) implements Command {}

  /** {@code facts} is null when the register failed or did not answer in time. */
  private record FactsForZone(Observe observation, Optional<VehicleFacts> facts) implements Command {}

  /** The last read of a vehicle here, and the read whose decision covers it. */
  private record Read(Instant at, String primaryId) {}

  /** {@code kept} is null when the pictures could not be stored. */
  private record EvidenceKept(Sighting sighting, EvidenceKeeper.Kept kept, Throwable failure) implements Command {}

  /** @param freshEvidence the sighting's pictures were stored for this ask, and no earlier ask may have used them */
  private record ZoneAnswered(Sighting sighting, int attempt, boolean freshEvidence, Zone.Decision decision,
                              Throwable failure) implements Command {}

  private record RetryZone(Sighting sighting, int attempt) implements Command {}

  private enum Prune implements Command { INSTANCE }

  private enum LoadSuspensions implements Command { INSTANCE }

  private record SuspensionsLoaded(List<Suspension> suspensions, Throwable failure) implements Command {}

  private enum TimerKey { PRUNE, SUSPENSIONS }

  private static final Zone.Decision NO_HIT = new Zone.Decision(Zone.Decision.Outcome.NO_HIT, Optional.empty());
  private static final Zone.Decision BELOW_CASE_THRESHOLD =
      new Zone.Decision(Zone.Decision.Outcome.BELOW_CASE_THRESHOLD, Optional.empty());

  /**
   * From {@code anpr.actors.gate}.
   *
   * @param caseThreshold a violation read with less confidence makes no case ({@link Passage#below}); the camera's
   *     {@code confidence-threshold}
   */
  public record Settings(Duration mergeWindow, Duration displayDeadline, Duration registerTimeout,
                         Duration zoneAskTimeout, int zoneAttempts, Duration zoneRetryDelay,
                         Duration suspensionRefresh, double caseThreshold) {
    public static Settings fromConfig(com.typesafe.config.Config c, double caseThreshold) {
      return new Settings(c.getDuration("merge-window"), c.getDuration("display-deadline"),
          c.getDuration("register-timeout"), c.getDuration("zone-ask-timeout"), c.getInt("zone-attempts"),
          c.getDuration("zone-retry-delay"), c.getDuration("suspension-refresh"), caseThreshold);
    }
  }

  /**
   * What a gate needs from the rest of the system.
   *
   * @param schedule the zone as operations changed it at runtime (enforcement times); the city file's zone
   *                 when nothing changed
   */
  public record Dependencies(VehicleRegister register, ExemptionRegistry exemptions, ZoneRouter zones,
                             ZoneSchedule schedule, Suspensions suspensions, ZoneAnswers answers,
                             EvidenceKeeper evidence) {
    /** With the pictures' references passed on as the camera sent them (tests without a store). */
    public Dependencies(VehicleRegister register, ExemptionRegistry exemptions, ZoneRouter zones,
                        ZoneSchedule schedule, Suspensions suspensions, ZoneAnswers answers) {
      this(register, exemptions, zones, schedule, suspensions, answers, EvidenceKeeper.AS_SENT);
    }

    public Dependencies(VehicleRegister register, ExemptionRegistry exemptions, ZoneRouter zones,
                        ZoneSchedule schedule, Suspensions suspensions) {
      this(register, exemptions, zones, schedule, suspensions, ZoneAnswers.NONE);
    }

    public Dependencies(VehicleRegister register, ExemptionRegistry exemptions, ZoneRouter zones) {
      this(register, exemptions, zones, ZoneSchedule.AS_CONFIGURED);
    }

    public Dependencies(VehicleRegister register, ExemptionRegistry exemptions, ZoneRouter zones,
                        ZoneSchedule schedule) {
      this(register, exemptions, zones, schedule, Suspensions.NONE);
    }
  }

  /**
   * Port: the gate's stored suspensions (sign problems), which the gate loads itself when it starts and every
   * {@code suspension-refresh} after, so that they hold after a restart and on whichever node runs the gate.
   * Must not block the caller.
   */
  @FunctionalInterface
  public interface Suspensions {
    Suspensions NONE = gateId -> CompletableFuture.completedFuture(List.of());

    CompletionStage<List<Suspension>> of(String gateId);
  }

  /**
   * Port: told of every answer the gate gets from its zone, a decision or the failure of one ask, and of every
   * no-hit it hands over as a {@code NO_HIT} decision, on the gate's thread (for the metrics, without another
   * actor between gate and zone). Must not block.
   */
  @FunctionalInterface
  public interface ZoneAnswers {
    ZoneAnswers NONE = (zoneId, decision, failure) -> {};

    /** Exactly one of {@code decision} and {@code failure} is set. */
    void answered(String zoneId, Zone.Decision decision, Throwable failure);
  }

  /**
   * Port: makes the pictures of a passage that is a violation durable where every node of the cluster reads
   * them, before the zone is asked and the camera answered, so that the case gets them on any node and after any
   * crash. Asked only for violations: the pictures of compliant vehicles never reach disk. Must not block.
   */
  public interface EvidenceKeeper {
    /** Passes the camera's references on unchanged, storing nothing. */
    EvidenceKeeper AS_SENT = new EvidenceKeeper() {
      @Override
      public CompletionStage<Kept> keep(Passage passage, List<Picture> pictures) {
        return CompletableFuture.completedFuture(new Kept(passage.imageRefs(), false));
      }

      @Override
      public void drop(List<String> refs) {}
    };

    /**
     * @param refs the durable references, in the order of the passage's pictures, for the sighting the zone
     *     persists
     * @param fresh this call stored them; false when a resend of the passage found them stored already (its
     *     first send may have made a case with them)
     */
    record Kept(List<String> refs, boolean fresh) {
      public Kept {
        refs = List.copyOf(refs);
      }
    }

    /**
     * Stores the pictures that came with a passage once (a resend stores nothing twice) and returns the passage's
     * references with those of the stored pictures in their place.
     */
    CompletionStage<Kept> keep(Passage passage, List<Picture> pictures);

    /** Deletes fresh pictures the zone made no case of; a failure leaves them to the store's orphan sweep. */
    void drop(List<String> refs);
  }

  /** Port: the zone in force now, so enforcement times changed at runtime apply to the next vehicle. */
  @FunctionalInterface
  public interface ZoneSchedule {
    ZoneSchedule AS_CONFIGURED = configured -> configured;

    /** Must be thread-safe and fast: it is asked for every vehicle. */
    ZoneDefinition current(ZoneDefinition configured);
  }

  /** Under which the gate is listed with the cluster's receptionist, wherever it runs. */
  public static ServiceKey<Command> serviceKey(String gateId) {
    return ServiceKey.create(Command.class, "gate-" + gateId);
  }

  public static Behavior<Command> create(CityLayout.Gate gate, ZoneDefinition zone,
                                         List<ActorRef<Display.Command>> displays, Dependencies deps,
                                         Settings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(serviceKey(gate.id()), ctx.getSelf()));
      timers.startTimerWithFixedDelay(TimerKey.PRUNE, Prune.INSTANCE, settings.mergeWindow().multipliedBy(4));
      ctx.getSelf().tell(LoadSuspensions.INSTANCE);
      return new Gate(ctx, timers, gate, zone, displays, deps, settings);
    }));
  }

  private final TimerScheduler<Command> timers;
  private final CityLayout.Gate gate;
  private final ZoneDefinition zone;
  private final List<ActorRef<Display.Command>> displays;
  private final Dependencies deps;
  private final Settings settings;
  /** Plate hash to the vehicle's last read here, to merge reads of several cameras. */
  private final Map<String, Read> recent = new HashMap<>();
  /** Reads waiting for the decision on a primary read, by the primary's passage id. */
  private final Map<String, List<Observe>> undecided = new HashMap<>();
  private List<Suspension> suspensions = List.of();
  private long vehicles;
  private long merged;
  private long violations;
  private long unknown;
  private long decided;
  private long noHits;
  private long zoneRetries;
  private long zoneFailures;
  private long suspended;
  private long belowCaseThreshold;
  private long refused;

  private Gate(ActorContext<Command> ctx, TimerScheduler<Command> timers, CityLayout.Gate gate,
               ZoneDefinition zone, List<ActorRef<Display.Command>> displays, Dependencies deps, Settings settings) {
    super(ctx);
    this.timers = timers;
    this.gate = gate;
    this.zone = zone;
    this.displays = List.copyOf(displays);
    this.deps = deps;
    this.settings = settings;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Observe.class, this::onObserve)
        .onMessage(FactsForDisplay.class, this::onFactsForDisplay)
        .onMessage(FactsForZone.class, this::onFactsForZone)
        .onMessage(EvidenceKept.class, this::onEvidenceKept)
        .onMessage(ZoneAnswered.class, this::onZoneAnswered)
        .onMessage(RetryZone.class, cmd -> askZone(cmd.sighting(), cmd.attempt(), false))
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(SetSuspensions.class, this::onSetSuspensions)
        .onMessageEquals(LoadSuspensions.INSTANCE, this::onLoadSuspensions)
        .onMessage(SuspensionsLoaded.class, this::onSuspensionsLoaded)
        .onMessageEquals(Prune.INSTANCE, this::onPrune)
        .build();
  }

  private Behavior<Command> onObserve(Observe o) {
    Passage p = o.passage();
    Read last = recent.get(p.plateHash());
    if (last != null && Duration.between(last.at(), p.at()).abs().compareTo(settings.mergeWindow()) <= 0) {
      merged++;
      List<Observe> waiting = undecided.get(last.primaryId());
      if (waiting != null) {
        waiting.add(o);
      } else {
        o.replyTo().tell(new Handled(p.id(), Optional.empty()));
      }
      return this;
    }
    recent.put(p.plateHash(), new Read(p.at(), p.id()));
    undecided.computeIfAbsent(p.id(), id -> new ArrayList<>()).add(o);
    vehicles++;
    CompletableFuture<Optional<VehicleFacts>> facts;
    try {
      // Only a Dutch registration is looked up: a read without a country or a Dutch sidecode has no facts (UNKNOWN).
      facts = p.plate().isDutchRegistration() ? deps.register().lookup(p.plate()).toCompletableFuture()
          : CompletableFuture.completedFuture(Optional.empty());
    } catch (RuntimeException e) {
      facts = CompletableFuture.failedFuture(e);
    }
    if (facts.isDone() && !facts.isCompletedExceptionally()) {
      // Answered at once from the register's mirror: no deadline to guard, no round trip through the mailbox,
      // and one verdict serves display and zone.
      Optional<VehicleFacts> known = facts.join();
      Verdict verdict = verdictFor(o, known);
      show(o, verdict);
      return toZone(o, known, verdict);
    }
    if (!displays.isEmpty()) {
      // The display cannot wait for a slow register: past the deadline it shows the check as unavailable.
      getContext().pipeToSelf(facts.copy().orTimeout(settings.displayDeadline().toMillis(), TimeUnit.MILLISECONDS),
          (f, err) -> new FactsForDisplay(o, err == null ? f : null));
    }
    getContext().pipeToSelf(facts.copy().orTimeout(settings.registerTimeout().toMillis(), TimeUnit.MILLISECONDS),
        (f, err) -> new FactsForZone(o, err == null ? f : null));
    return this;
  }

  private Behavior<Command> onFactsForDisplay(FactsForDisplay m) {
    show(m.observation(), m.facts() == null
        ? Verdict.of(Verdict.Outcome.UNKNOWN, "VF-1", "vehicle register did not answer in time")
        : verdictFor(m.observation(), m.facts()));
    return this;
  }

  private void show(Observe o, Verdict verdict) {
    displays.forEach(d -> d.tell(new Display.Show(o.passage().plate(), verdict, Instant.now())));
  }

  private Behavior<Command> onFactsForZone(FactsForZone m) {
    if (m.facts() == null) {
      return refuse(m.observation().passage(), "vehicle register did not answer");
    }
    return toZone(m.observation(), m.facts(), verdictFor(m.observation(), m.facts()));
  }

  private Behavior<Command> toZone(Observe o, Optional<VehicleFacts> facts, Verdict verdict) {
    Passage p = o.passage();
    if (verdict.outcome() == Verdict.Outcome.UNKNOWN) {
      unknown++;
    }
    getContext().getSystem().eventStream().tell(new EventStream.Publish<>(
        VehiclePassed.of(gate.id(), zone.id(), p.at(), o.category(), p.plateHash(), facts)));
    if (verdict.isViolation()) {
      violations++;
      if (suspensions.stream().anyMatch(w -> w.covers(p.at()))) {
        suspended++;
        return settled(p.id());
      }
      if (p.below(settings.caseThreshold())) {
        // Too uncertain to fine on (it may be another car's plate): no case, and so nothing of it on disk, not even
        // in the zone's journal. Counted, for the camera's read quality shows in the control room.
        belowCaseThreshold++;
        deps.answers().answered(zone.id(), BELOW_CASE_THRESHOLD, null);
        return settled(p.id());
      }
    }
    Sighting.Source source = switch (gate.kind()) {
      case ENTRY -> Sighting.Source.ENTRY;
      case EXIT -> Sighting.Source.EXIT;
      case SCAN -> Sighting.Source.SCAN;
    };
    // A vehicle going the other way past the camera is not what its site is there to see: no case from it.
    if (!verdict.isViolation() || o.site().isOtherWay(p.direction())) {
      // Evidence and facts of compliant vehicles are not passed on. Nothing waits for the zone: it only counts
      // the vehicle in or out, so the read is answered now, without an ask per passage.
      deps.zones().entityFor(zone.id(), p.plateHash()).tell(new Zone.Track(new Sighting(p.id(), source, p.plate(),
          p.plateHash(), p.at(), p.cameraId(), o.site(), verdict, Optional.empty(), List.of(), Optional.empty())));
      noHits++;
      deps.answers().answered(zone.id(), NO_HIT, null);
      return settled(p.id());
    }
    Sighting sighting = new Sighting(p.id(), source, p.plate(), p.plateHash(), p.at(), p.cameraId(), o.site(),
        verdict, facts, p.imageRefs(), Optional.ofNullable(o.category()), Optional.of(p.confidence()),
        Optional.of(p.position()));
    if (o.pictures().isEmpty()) {
      return askZone(sighting, 1, false);
    }
    CompletionStage<EvidenceKeeper.Kept> kept;
    try {
      kept = deps.evidence().keep(p, o.pictures());
    } catch (RuntimeException e) {
      kept = CompletableFuture.failedFuture(e);
    }
    getContext().pipeToSelf(kept, (k, err) -> new EvidenceKept(sighting, k, err));
    return this;
  }

  private Behavior<Command> onEvidenceKept(EvidenceKept m) {
    Sighting s = m.sighting();
    if (m.failure() != null) {
      getContext().getLog().warn("Gate [{}] refuses sighting [{}]: its pictures could not be stored: {}", gate.id(),
          s.passageId(), m.failure().toString());
      return refuse(s.passageId(), s.plateHash(), "pictures could not be stored");
    }
    return askZone(s.withEvidenceRefs(m.kept().refs()), 1, m.kept().fresh());
  }

  private Verdict verdictFor(Observe o, Optional<VehicleFacts> facts) {
    return deps.schedule().current(zone).evaluate(o.passage().plate(), facts.orElse(null), o.passage().at(),
        deps.exemptions());
  }

  private Behavior<Command> askZone(Sighting s, int attempt, boolean freshEvidence) {
    getContext().pipeToSelf(Asks.direct(AskPattern.<Zone.Command, Zone.Decision>askWithStatus(
            deps.zones().entityFor(zone.id(), s.plateHash()), replyTo -> new Zone.Observe(s, replyTo),
            settings.zoneAskTimeout(), getContext().getSystem().scheduler())),
        (decision, err) -> new ZoneAnswered(s, attempt, freshEvidence, decision, err));
    return this;
  }

  private Behavior<Command> onZoneAnswered(ZoneAnswered m) {
    deps.answers().answered(zone.id(), m.decision(), m.failure());
    if (m.failure() == null) {
      decided++;
      if (m.freshEvidence() && m.decision().caseId().isEmpty()) {
        // no case, and no earlier ask that might have made one: the pictures kept for it are not evidence
        deps.evidence().drop(m.sighting().evidenceRefs());
      }
      return settled(m.sighting().passageId());
    }
    if (m.attempt() >= settings.zoneAttempts()) {
      zoneFailures++;
      getContext().getLog().error("Gate [{}] refuses sighting [{}] after {} attempts: {}", gate.id(),
          m.sighting().passageId(), m.attempt(), m.failure().toString());
      return refuse(m.sighting().passageId(), m.sighting().plateHash(), "zone did not decide");
    }
    // Zone decisions are idempotent per vehicle and day, so asking again cannot give a second case.
    zoneRetries++;
    timers.startSingleTimer(m.sighting().passageId(), new RetryZone(m.sighting(), m.attempt() + 1),
        settings.zoneRetryDelay().multipliedBy(m.attempt()));
    return this;
  }

  /** The outcome of a primary read is safe: it and the reads merged into it are answered. */
  private Behavior<Command> settled(String primaryId) {
    List<Observe> waiting = undecided.remove(primaryId);
    if (waiting != null) {
      waiting.forEach(o -> o.replyTo().tell(new Handled(o.passage().id(), Optional.empty())));
    }
    return this;
  }

  private Behavior<Command> refuse(Passage primary, String reason) {
    return refuse(primary.id(), primary.plateHash(), reason);
  }

  /**
   * No decision could be had: the read and those merged into it are refused, and the vehicle is forgotten
   * here, so that the resends are decided afresh rather than merged into a read that came to nothing.
   */
  private Behavior<Command> refuse(String primaryId, String plateHash, String reason) {
    Read last = recent.get(plateHash);
    if (last != null && last.primaryId().equals(primaryId)) {
      recent.remove(plateHash);
    }
    List<Observe> waiting = undecided.remove(primaryId);
    if (waiting != null) {
      refused += waiting.size();
      waiting.forEach(o -> o.replyTo().tell(new Handled(o.passage().id(), Optional.of(reason))));
    }
    return this;
  }

  private Behavior<Command> onGetStatus(GetStatus cmd) {
    cmd.replyTo().tell(new Status(gate.id(), zone.id(), gate.kind(), vehicles, merged, violations, decided,
        noHits, zoneRetries, zoneFailures, suspended, belowCaseThreshold, unknown, refused));
    return this;
  }

  private Behavior<Command> onSetSuspensions(SetSuspensions cmd) {
    suspend(cmd.suspensions());
    cmd.replyTo().tell(Done.getInstance());
    return this;
  }

  private Behavior<Command> onLoadSuspensions() {
    CompletionStage<List<Suspension>> loaded;
    try {
      loaded = deps.suspensions().of(gate.id());
    } catch (RuntimeException e) {
      loaded = CompletableFuture.failedFuture(e);
    }
    getContext().pipeToSelf(loaded, SuspensionsLoaded::new);
    return this;
  }

  /**
   * Until the first load a gate knows no suspension; a case it lets through meanwhile is withdrawn on arrival
   * by the enforcement chain, which checks the sign problems again.
   */
  private Behavior<Command> onSuspensionsLoaded(SuspensionsLoaded m) {
    if (m.failure() != null) {
      getContext().getLog().warn("Gate [{}] could not load its suspensions, keeps {}: {}", gate.id(), suspensions,
          m.failure().toString());
    } else {
      suspend(m.suspensions());
    }
    timers.startSingleTimer(TimerKey.SUSPENSIONS, LoadSuspensions.INSTANCE, settings.suspensionRefresh());
    return this;
  }

  private void suspend(List<Suspension> next) {
    if (!next.equals(suspensions)) {
      suspensions = List.copyOf(next);
      getContext().getLog().info("Gate [{}] enforcement suspensions: {}", gate.id(), suspensions);
    }
  }

  private Behavior<Command> onPrune() {
    Instant horizon = Instant.now().minus(settings.mergeWindow().multipliedBy(2));
    recent.values().removeIf(r -> r.at().isBefore(horizon) && !undecided.containsKey(r.primaryId()));
    return this;
  }
}
