package nl.opencordon.actors.camera;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.opencordon.actors.CborSerializable;
import nl.opencordon.actors.DeviceHealth;
import nl.opencordon.actors.DeviceHealthChanged;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Picture;
import nl.opencordon.domain.Site;
import nl.opencordon.domain.VehicleCategory;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;

/**
 * One camera: accepts its driver's passages, hands them to its gate, and keeps the figures the control room
 * shows (health, last passage, counts per category, read quality, site). A camera that is silent for longer
 * than {@code silentAfter} is marked down and comes back up with its next heartbeat or passage.
 */
public final class Camera extends AbstractBehavior<Camera.Command> {

  public sealed interface Command extends CborSerializable {}

  /**
   * A passage from the driver, answered with {@link Receipt} once what it led to is safe (the zone's decision
   * persisted, or a no-hit) or when it is refused. Only a {@link Receipt.Outcome#TAKEN} may be acknowledged to
   * the camera in the street; anything else it must send again or give up on.
   *
   * @param pictures the passage's pictures, travelling with it to the gate, which keeps those of a violation
   */
  public record RecordPassage(Passage passage, List<Picture> pictures, ActorRef<Receipt> replyTo)
      implements Command {
    public RecordPassage {
      pictures = List.copyOf(pictures);
    }

    /** A passage without pictures (simulated cameras). */
    public RecordPassage(Passage passage, ActorRef<Receipt> replyTo) {
      this(passage, List.of(), replyTo);
    }
  }

  /**
   * The answer to {@link RecordPassage}. Not a {@code StatusReply}: a driver must tell a passage refused for
   * good (wrong camera, camera switched off) from one to send again later (no decision could be had yet).
   */
  public record Receipt(String passageId, Outcome outcome, String reason) implements CborSerializable {
    public enum Outcome {
      /** Its outcome is safe (or it was a resend of one that is): acknowledge it. */
      TAKEN,
      /** Refused for good; sending it again gives the same answer. */
      REFUSED,
      /** Not decided now (register or zone unavailable): not acknowledged, send it again. */
      RETRY
    }

    static Receipt taken(String passageId) {
      return new Receipt(passageId, Outcome.TAKEN, "");
    }
  }

  /** The driver is alive; sent periodically even when no traffic passes. */
  public record Heartbeat(Instant at) implements Command {}

  /**
   * The driver reads the camera's video too slowly and dropped frames at {@code at} to keep up: the camera is
   * degraded until it has not fallen behind for {@code silent-after}. Also a sign of life.
   */
  public record FallingBehind(Instant at) implements Command {}

  /** The driver lost its connection; it restarts with backoff and heartbeats again when back. */
  public record DriverFailed(String reason) implements Command {}

  public record SetEnabled(boolean enabled, ActorRef<StatusReply<Status>> replyTo) implements Command {}

  /** Puts a camera on another site (opstelpunt) from {@code from} on; passages before keep the old site. */
  public record MoveToSite(Site site, Instant from, ActorRef<StatusReply<Status>> replyTo) implements Command {}

  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  private enum CheckHealth implements Command { INSTANCE }

  private record GateAnswered(Gate.Handled handled) implements Command {}

  private enum TimerKey { HEALTH, LOAD }

  /** Passage figures over one period. */
  public record Counts(int total, Map<VehicleCategory, Integer> byCategory, int lowConfidence, int unreadable)
      implements CborSerializable {
    public double lowConfidenceShare() {
      return total == 0 ? 0 : (double) lowConfidence / total;
    }
  }

  /** A site and the moment the camera was put there. */
  public record SiteAssignment(Site site, Instant from) implements CborSerializable {}

  public record Status(String cameraId, String gateId, boolean mobile, boolean enabled, DeviceHealth health,
                       Optional<Instant> lastSeen, Optional<Instant> lastPassage, Site site,
                       List<SiteAssignment> siteHistory, Counts last10Minutes, Counts lastHour,
                       Counts last24Hours, long duplicatesIgnored, int awaitingDecision)
      implements CborSerializable {}

  /** Timing and quality thresholds, from {@code anpr.actors.camera}. */
  public record Settings(Duration silentAfter, Duration healthCheckInterval, double degradedLowConfidenceShare,
                         int minPassagesForQuality, int rememberedIds, double confidenceThreshold,
                         Duration driverMinBackoff, Duration driverMaxBackoff, Duration decisionTimeout) {
    public static Settings fromConfig(com.typesafe.config.Config c) {
      return new Settings(c.getDuration("silent-after"), c.getDuration("health-check-interval"),
          c.getDouble("degraded-low-confidence-share"), c.getInt("min-passages-for-quality"),
          c.getInt("remembered-ids"), c.getDouble("confidence-threshold"), c.getDuration("driver-min-backoff"),
          c.getDuration("driver-max-backoff"), c.getDuration("decision-timeout"));
    }
  }

  public static Behavior<Command> create(CityLayout.Camera config, ActorRef<Gate.Command> gate,
                                         CameraDriverFactory drivers, Settings settings) {
    return create(config, gate, drivers, CameraStateStore.NONE, settings);
  }

  /**
   * A camera that first loads whether operations switched it off and where they moved it ({@code store}); what
   * arrives meanwhile waits, and a passage that finds the waiting room full is refused to be sent again.
   */
  public static Behavior<Command> create(CityLayout.Camera config, ActorRef<Gate.Command> gate,
                                         CameraDriverFactory drivers, CameraStateStore store, Settings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> Behaviors.withStash(STASH, stash -> {
      // Found by any node of the cluster, so that an HTTP push for this camera may land on any of them.
      ctx.getSystem().receptionist().tell(Receptionist.register(serviceKey(config.id()), ctx.getSelf()));
      timers.startTimerWithFixedDelay(TimerKey.HEALTH, CheckHealth.INSTANCE, settings.healthCheckInterval());
      Camera camera = new Camera(ctx, config, gate, store, settings);
      drivers.driverFor(config, ctx.getSelf()).ifPresent(camera::spawnDriver);
      return camera.loading(timers, stash);
    })));
  }

  /** The key under which a camera is registered with the cluster's receptionist. */
  public static ServiceKey<Command> serviceKey(String cameraId) {
    return ServiceKey.create(Command.class, "camera-" + cameraId);
  }

  private static final int STASH = 10_000;

  private record Loaded(Stored stored, Throwable failure) implements Command {}

  /** What the store kept for this camera. */
  private record Stored(Optional<Boolean> enabled, List<SiteAssignment> siteMoves) {}

  private enum Load implements Command { INSTANCE }

  private record EnabledStored(SetEnabled request, Throwable failure) implements Command {}

  private final CityLayout.Camera config;
  private final ActorRef<Gate.Command> gate;
  private final Settings settings;
  private final PassageCounter counter = new PassageCounter();
  /** Ids of passages whose outcome is safe, to recognise resends. */
  private final LinkedHashSet<String> recentIds = new LinkedHashSet<>();
  /** Passages handed to the gate and not yet answered, with the drivers waiting for them. */
  private final Map<String, Awaiting> awaiting = new HashMap<>();
  private final ActorRef<Gate.Handled> gateAnswers;
  private final CameraStateStore store;
  private final List<SiteAssignment> siteHistory = new ArrayList<>();
  private boolean enabled = true;
  private DeviceHealth health = DeviceHealth.DOWN;
  private Instant lastSeen;
  private Instant lastPassage;
  private long duplicatesIgnored;
  private String lastProblem = "no contact yet";
  /** When the driver last fell behind its video; null when it never did. */
  private Instant fellBehind;

  private Camera(ActorContext<Command> ctx, CityLayout.Camera config, ActorRef<Gate.Command> gate,
                 CameraStateStore store, Settings settings) {
    super(ctx);
    this.config = config;
    this.gate = gate;
    this.store = store;
    this.settings = settings;
    this.gateAnswers = ctx.messageAdapter(Gate.Handled.class, GateAnswered::new);
    siteHistory.add(new SiteAssignment(config.site(), Instant.EPOCH));
  }

  /** Until the stored state is in: loads it (again after a failure, with the driver backoff) and stashes the rest. */
  private Behavior<Command> loading(TimerScheduler<Command> timers, StashBuffer<Command> stash) {
    getContext().getSelf().tell(Load.INSTANCE);
    return Behaviors.receive(Command.class)
        .onMessageEquals(Load.INSTANCE, () -> {
          getContext().pipeToSelf(store.enabled(config.id()).thenCombine(store.siteMoves(config.id()), Stored::new),
              Loaded::new);
          return Behaviors.same();
        })
        .onMessage(Loaded.class, loaded -> {
          if (loaded.failure() != null) {
            getContext().getLog().warn("Camera [{}] could not load its state, trying again: {}", config.id(),
                loaded.failure().toString());
            timers.startSingleTimer(TimerKey.LOAD, Load.INSTANCE, settings.driverMaxBackoff());
            return Behaviors.same();
          }
          enabled = loaded.stored().enabled().orElse(true);
          siteHistory.addAll(loaded.stored().siteMoves());
          updateHealth();
          return stash.unstashAll(this);
        })
        .onAnyMessage(m -> {
          if (!stash.isFull()) {
            stash.stash(m);
          } else if (m instanceof RecordPassage r) {
            r.replyTo().tell(new Receipt(r.passage().id(), Receipt.Outcome.RETRY, "camera " + config.id()
                + " is starting"));
          }
          return Behaviors.same();
        })
        .build();
  }

  private <T> void spawnDriver(Behavior<T> driver) {
    getContext().spawn(Behaviors.supervise(driver).onFailure(Exception.class, SupervisorStrategy.restartWithBackoff(
        settings.driverMinBackoff(), settings.driverMaxBackoff(), 0.2)), "driver");
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(RecordPassage.class, this::onRecordPassage)
        .onMessage(GateAnswered.class, this::onGateAnswered)
        .onMessage(Heartbeat.class, this::onHeartbeat)
        .onMessage(FallingBehind.class, this::onFallingBehind)
        .onMessage(DriverFailed.class, this::onDriverFailed)
        .onMessage(SetEnabled.class, this::onSetEnabled)
        .onMessage(EnabledStored.class, this::onEnabledStored)
        .onMessage(MoveToSite.class, this::onMoveToSite)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessageEquals(CheckHealth.INSTANCE, this::onCheckHealth)
        .build();
  }

  private Behavior<Command> onRecordPassage(RecordPassage cmd) {
    Passage p = cmd.passage();
    if (!config.id().equals(p.cameraId())) {
      cmd.replyTo().tell(new Receipt(p.id(), Receipt.Outcome.REFUSED,
          "passage of camera " + p.cameraId() + " sent to camera " + config.id()));
      return this;
    }
    seen(Instant.now());
    if (!enabled) {
      cmd.replyTo().tell(new Receipt(p.id(), Receipt.Outcome.REFUSED, "camera " + config.id() + " is switched off"));
      return this;
    }
    if (recentIds.contains(p.id())) {
      duplicatesIgnored++;
      cmd.replyTo().tell(Receipt.taken(p.id()));
      return this;
    }
    Awaiting waiting = awaiting.get(p.id());
    if (waiting == null) {
      awaiting.put(p.id(), new Awaiting(Instant.now(), new ArrayList<>(List.of(cmd.replyTo()))));
      lastPassage = p.at();
      boolean lowConfidence = p.below(settings.confidenceThreshold());
      counter.record(Instant.now(), p.category(), lowConfidence, p.plate().text().isEmpty());
    } else {
      // A resend while the first is undecided: the gate merges it into the first and answers both.
      duplicatesIgnored++;
      waiting.drivers().add(cmd.replyTo());
    }
    gate.tell(new Gate.Observe(p, currentSite(p.at()), p.category(), cmd.pictures(), gateAnswers));
    return this;
  }

  private Behavior<Command> onGateAnswered(GateAnswered m) {
    Gate.Handled h = m.handled();
    Awaiting waiting = awaiting.remove(h.passageId());
    if (waiting == null) {
      return this;
    }
    Receipt receipt = h.refusal().map(r -> new Receipt(h.passageId(), Receipt.Outcome.RETRY, r))
        .orElseGet(() -> Receipt.taken(h.passageId()));
    if (receipt.outcome() == Receipt.Outcome.TAKEN) {
      remember(h.passageId());
    }
    waiting.drivers().forEach(d -> d.tell(receipt));
    return this;
  }

  /** Drivers waiting for the gate's answer on one passage. */
  private record Awaiting(Instant since, List<ActorRef<Receipt>> drivers) {}

  /** Remembers the id of a passage whose outcome is safe, to acknowledge its resends at once. */
  private void remember(String id) {
    recentIds.add(id);
    if (recentIds.size() > settings.rememberedIds()) {
      recentIds.remove(recentIds.iterator().next());
    }
  }

  private Site currentSite(Instant at) {
    Site site = siteHistory.get(0).site();
    for (SiteAssignment a : siteHistory) {
      if (!a.from().isAfter(at)) {
        site = a.site();
      }
    }
    return site;
  }

  private Behavior<Command> onHeartbeat(Heartbeat cmd) {
    seen(cmd.at());
    return this;
  }

  private void seen(Instant at) {
    lastSeen = lastSeen == null || at.isAfter(lastSeen) ? at : lastSeen;
    // Back up at once; the quality of the reads is judged by the health check every health-check-interval, not
    // for every passage (its ten-minute window was a measurable share of the camera's CPU).
    if (health == DeviceHealth.DOWN) {
      updateHealth();
    }
  }

  private Behavior<Command> onFallingBehind(FallingBehind cmd) {
    fellBehind = fellBehind == null || cmd.at().isAfter(fellBehind) ? cmd.at() : fellBehind;
    seen(cmd.at());
    updateHealth();
    return this;
  }

  private Behavior<Command> onDriverFailed(DriverFailed cmd) {
    lastProblem = cmd.reason();
    lastSeen = null;
    updateHealth();
    return this;
  }

  /** Stored first, so that a switch acknowledged holds after a restart and on another node. */
  private Behavior<Command> onSetEnabled(SetEnabled cmd) {
    getContext().pipeToSelf(store.saveEnabled(config.id(), cmd.enabled()), (done, err) -> new EnabledStored(cmd, err));
    return this;
  }

  private Behavior<Command> onEnabledStored(EnabledStored m) {
    if (m.failure() != null) {
      m.request().replyTo().tell(StatusReply.error("camera " + config.id() + " not switched: could not store it ("
          + m.failure().getMessage() + ")"));
      return this;
    }
    enabled = m.request().enabled();
    getContext().getLog().info("Camera [{}] switched {}", config.id(), enabled ? "on" : "off");
    updateHealth();
    m.request().replyTo().tell(StatusReply.success(status()));
    return this;
  }

  private Behavior<Command> onMoveToSite(MoveToSite cmd) {
    if (!config.mobile()) {
      cmd.replyTo().tell(StatusReply.error("camera " + config.id() + " is fixed; only mobile cameras move"));
      return this;
    }
    SiteAssignment last = siteHistory.get(siteHistory.size() - 1);
    if (cmd.from().isBefore(last.from())) {
      cmd.replyTo().tell(StatusReply.error("a move cannot start before the previous one (" + last.from() + ")"));
      return this;
    }
    siteHistory.add(new SiteAssignment(cmd.site(), cmd.from()));
    getContext().getLog().info("Camera [{}] moved to site [{}]", config.id(), cmd.site().locationCode());
    cmd.replyTo().tell(StatusReply.success(status()));
    return this;
  }

  private Behavior<Command> onGetStatus(GetStatus cmd) {
    cmd.replyTo().tell(status());
    return this;
  }

  private Behavior<Command> onCheckHealth() {
    updateHealth();
    forgetUnanswered();
    return this;
  }

  /**
   * A gate answers every read, but one that was restarted in between has forgotten it: after the decision
   * timeout the passage is no longer awaited, so that its resend goes to the gate afresh. The drivers that
   * waited have long given up and not acknowledged it.
   */
  private void forgetUnanswered() {
    Instant horizon = Instant.now().minus(settings.decisionTimeout());
    awaiting.values().removeIf(a -> a.since().isBefore(horizon));
  }

  private void updateHealth() {
    Instant now = Instant.now();
    DeviceHealth next;
    String detail;
    if (!enabled) {
      next = DeviceHealth.DISABLED;
      detail = "switched off";
    } else if (lastSeen == null || Duration.between(lastSeen, now).compareTo(settings.silentAfter()) > 0) {
      next = DeviceHealth.DOWN;
      detail = lastSeen == null ? lastProblem : "silent since " + lastSeen;
    } else {
      Counts recent = counter.window(now, 10);
      boolean poorReads = recent.total() >= settings.minPassagesForQuality()
          && recent.lowConfidenceShare() > settings.degradedLowConfidenceShare();
      boolean behind = fellBehind != null && Duration.between(fellBehind, now).compareTo(settings.silentAfter()) <= 0;
      next = poorReads || behind ? DeviceHealth.DEGRADED : DeviceHealth.UP;
      detail = poorReads ? String.format("%.0f%% low-confidence reads", 100 * recent.lowConfidenceShare())
          : behind ? "video read too slowly: frames dropped to keep up" : "ok";
    }
    if (next != health) {
      getContext().getLog().info("Camera [{}] {} -> {} ({})", config.id(), health, next, detail);
      getContext().getSystem().eventStream().tell(new EventStream.Publish<>(
          new DeviceHealthChanged("camera", config.id(), health, next, now, detail)));
      health = next;
    }
  }

  private Status status() {
    Instant now = Instant.now();
    SiteAssignment current = siteHistory.get(siteHistory.size() - 1);
    return new Status(config.id(), config.gateId(), config.mobile(), enabled, health, Optional.ofNullable(lastSeen),
        Optional.ofNullable(lastPassage), current.site(), List.copyOf(siteHistory), counter.window(now, 10),
        counter.window(now, 60), counter.window(now, 24 * 60), duplicatesIgnored, awaiting.size());
  }
}
