package nl.opencordon.controlroom;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import nl.opencordon.actors.Asks;
import nl.opencordon.actors.CborSerializable;
import nl.opencordon.actors.DeviceHealth;
import nl.opencordon.actors.DeviceHealthChanged;
import nl.opencordon.actors.Guardian;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.display.Display;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Phase;
import nl.opencordon.controlroom.DeviceHistoryRepository.HealthTransition;
import nl.opencordon.controlroom.GatePassageCountRepository.GateCount;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The control room's live picture of the cordon, built from the device actors: health changes from the
 * event stream (pushed to subscribers at once, stored as transitions and incidents), and status snapshots
 * asked from every device each {@code snapshot-interval}. A snapshot whose health differs from the last
 * known one counts as a transition too, so a change published before this actor subscribed is not lost.
 * The control rooms of all cluster nodes find each other through the receptionist and ask each other for
 * their nodes' devices each {@code snapshot-interval}, so each shows every node's devices.
 */
public final class ControlRoom extends AbstractBehavior<ControlRoom.Command> {

  public sealed interface Command extends CborSerializable {}

  /** Streams {@link Update}s to the subscriber until it stops: a snapshot first, then every change. */
  public record Subscribe(ActorRef<Update> subscriber) implements Command {}

  /** Every device of the cluster: this node's and those its peers reported last. */
  public record GetDevices(ActorRef<Devices> replyTo) implements Command {}

  /** The devices of this node only: what a peer asks. */
  public record GetLocalDevices(ActorRef<Devices> replyTo) implements Command {}

  /** How the control rooms of the cluster's nodes find each other. */
  static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "control-room");

  public record Devices(List<DeviceView> devices) implements CborSerializable {}

  /** Passages per gate per 10 minutes over the last 24 hours, for the plot. */
  record GetPassageSeries(ActorRef<PassageHistory.Series> replyTo) implements Command {}

  public sealed interface Update extends CborSerializable {}

  public record Snapshot(List<DeviceView> devices) implements Update {}

  /** @param healthChanged the device's health differs from the previous update's */
  public record DeviceChanged(DeviceView device, boolean healthChanged) implements Update {}

  private record HealthChanged(DeviceHealthChanged event) implements Command {}

  private record CameraAnswered(Camera.Status status) implements Command {}

  private record DisplayAnswered(Display.Status status) implements Command {}

  private record GateAnswered(Gate.Status status) implements Command {}

  private record SubscriberGone(ActorRef<Update> subscriber) implements Command {}

  private record PeersChanged(Receptionist.Listing listing) implements Command {}

  private record PeerAnswered(ActorRef<Command> peer, Devices devices, Throwable failure) implements Command {}

  private record Stored(String what, Throwable failure) implements Command {}

  private enum Refresh implements Command { INSTANCE }

  private enum Forget implements Command { INSTANCE }

  private enum Flush implements Command { INSTANCE }

  private enum TimerKey { REFRESH, FORGET, FLUSH }

  /** From {@code anpr.control-room}. */
  public record Settings(Duration snapshotInterval, double availabilityTarget, String tileUrl,
                         String tileAttribution, Duration passageFlushInterval) {
    public static Settings fromConfig(com.typesafe.config.Config c) {
      return new Settings(c.getDuration("snapshot-interval"), c.getDouble("availability-target"),
          c.getString("tile-url"), c.getString("tile-attribution"), c.getDuration("passage-flush-interval"));
    }
  }

  static final Duration DAY = Duration.ofHours(24);
  static final Duration MONTH = Duration.ofDays(30);

  /**
   * @param history transitions of the last 30 days and the one in force before, oldest first
   */
  static Behavior<Command> create(CityLayout layout, Guardian.Devices devices, ControlRoomStore store,
                                  List<HealthTransition> history, Settings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ActorRef<DeviceHealthChanged> events = ctx.messageAdapter(DeviceHealthChanged.class, HealthChanged::new);
      ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(DeviceHealthChanged.class, events));
      timers.startTimerWithFixedDelay(TimerKey.REFRESH, Refresh.INSTANCE, Duration.ZERO, settings.snapshotInterval());
      timers.startTimerWithFixedDelay(TimerKey.FORGET, Forget.INSTANCE, Duration.ofHours(1));
      timers.startTimerWithFixedDelay(TimerKey.FLUSH, Flush.INSTANCE, settings.passageFlushInterval());
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(KEY,
          ctx.messageAdapter(Receptionist.Listing.class, PeersChanged::new)));
      return new ControlRoom(ctx, layout, devices, store, history, settings);
    }));
  }

  private final CityLayout layout;
  private final Guardian.Devices devices;
  private final ControlRoomStore store;
  private final Settings settings;
  private final Availability availability;
  private final PassageHistory passages = new PassageHistory();
  private final Set<ActorRef<Update>> subscribers = new HashSet<>();
  private final Map<String, Camera.Status> cameras = new HashMap<>();
  private final Map<String, Display.Status> displays = new HashMap<>();
  private final Map<String, Gate.Status> gates = new HashMap<>();
  private final Map<String, DeviceHealth> shownHealth = new HashMap<>();
  /** The devices each peer (another node's control room) reported last, by id. */
  private final Map<ActorRef<Command>, Map<String, DeviceView>> peers = new HashMap<>();
  private final ActorRef<Camera.Status> cameraReplies;
  private final ActorRef<Display.Status> displayReplies;
  private final ActorRef<Gate.Status> gateReplies;

  private ControlRoom(ActorContext<Command> ctx, CityLayout layout, Guardian.Devices devices, ControlRoomStore store,
                      List<HealthTransition> history, Settings settings) {
    super(ctx);
    this.layout = layout;
    this.devices = devices;
    this.store = store;
    this.settings = settings;
    this.availability = Availability.of(history);
    cameraReplies = ctx.messageAdapter(Camera.Status.class, CameraAnswered::new);
    displayReplies = ctx.messageAdapter(Display.Status.class, DisplayAnswered::new);
    gateReplies = ctx.messageAdapter(Gate.Status.class, GateAnswered::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(HealthChanged.class, m -> onHealth(m.event()))
        .onMessage(CameraAnswered.class, this::onCameraAnswered)
        .onMessage(DisplayAnswered.class, this::onDisplayAnswered)
        .onMessage(GateAnswered.class, this::onGateAnswered)
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(SubscriberGone.class, m -> {
          subscribers.remove(m.subscriber());
          return this;
        })
        .onMessage(GetDevices.class, this::onGetDevices)
        .onMessage(GetLocalDevices.class, m -> {
          m.replyTo().tell(new Devices(localViews()));
          return this;
        })
        .onMessage(PeersChanged.class, this::onPeersChanged)
        .onMessage(PeerAnswered.class, this::onPeerAnswered)
        .onMessage(GetPassageSeries.class, this::onGetPassageSeries)
        .onMessage(Stored.class, this::onStored)
        .onMessageEquals(Refresh.INSTANCE, this::onRefresh)
        .onMessageEquals(Forget.INSTANCE, this::onForget)
        .onMessageEquals(Flush.INSTANCE, this::onFlush)
        .build();
  }

  private Behavior<Command> onHealth(DeviceHealthChanged e) {
    if (availability.current(e.deviceId()).orElse(null) == e.to()) {
      return this; // already known from a snapshot
    }
    availability.record(e.deviceId(), e.to(), e.at());
    getContext().pipeToSelf(store.healthChanged(e), (done, err) -> new Stored("health change of " + e.deviceId(), err));
    // The gate's colour follows its cameras, so it changes with them.
    Stream.concat(Stream.of(e.deviceId()), gateOf(e.deviceId()).stream()).forEach(this::publish);
    return this;
  }

  private Optional<String> gateOf(String deviceId) {
    return Stream.concat(
            layout.cameras().stream().filter(c -> c.id().equals(deviceId)).map(CityLayout.Camera::gateId),
            layout.displays().stream().filter(d -> d.id().equals(deviceId)).map(CityLayout.Display::gateId))
        .findFirst();
  }

  private Behavior<Command> onRefresh() {
    devices.cameras().values().forEach(c -> c.tell(new Camera.GetStatus(cameraReplies)));
    devices.displays().values().forEach(d -> d.tell(new Display.GetStatus(displayReplies)));
    devices.gates().values().forEach(g -> g.tell(new Gate.GetStatus(gateReplies)));
    peers.keySet().forEach(peer -> Asks.<Command, Devices, Command>pipe(getContext(), peer,
        settings.snapshotInterval(), GetLocalDevices::new, (answer, err) -> new PeerAnswered(peer, answer, err)));
    return this;
  }

  private Behavior<Command> onPeersChanged(PeersChanged m) {
    Set<ActorRef<Command>> now = new HashSet<>(m.listing().getServiceInstances(KEY));
    now.remove(getContext().getSelf());
    peers.keySet().retainAll(now); // a node that left takes its devices with it
    now.forEach(peer -> peers.putIfAbsent(peer, Map.of()));
    return this;
  }

  private Behavior<Command> onPeerAnswered(PeerAnswered m) {
    if (m.failure() != null || !peers.containsKey(m.peer())) {
      return this; // a slow peer keeps its last picture until it answers or leaves
    }
    Map<String, DeviceView> views = new HashMap<>();
    m.devices().devices().forEach(v -> views.put(v.id(), v));
    peers.put(m.peer(), views);
    views.keySet().forEach(this::publish);
    return this;
  }

  private Behavior<Command> onCameraAnswered(CameraAnswered m) {
    Camera.Status s = m.status();
    cameras.put(s.cameraId(), s);
    reconcile("camera", s.cameraId(), s.health());
    publish(s.cameraId());
    return this;
  }

  private Behavior<Command> onDisplayAnswered(DisplayAnswered m) {
    // the control room sees what a sign shows, not whose plate: that is on the sign's own, access-logged page
    Display.Status s = m.status().withoutPlate();
    displays.put(s.displayId(), s);
    reconcile("display", s.displayId(), s.health());
    publish(s.displayId());
    return this;
  }

  private Behavior<Command> onGateAnswered(GateAnswered m) {
    gates.put(m.status().gateId(), m.status());
    passages.record(m.status().gateId(), m.status().vehicles(), Instant.now());
    publish(m.status().gateId());
    return this;
  }

  private void reconcile(String kind, String id, DeviceHealth health) {
    DeviceHealth known = availability.current(id).orElse(null);
    if (known != health) {
      onHealth(new DeviceHealthChanged(kind, id, known == null ? DeviceHealth.DOWN : known, health, Instant.now(),
          "seen in status"));
    }
  }

  private Behavior<Command> onSubscribe(Subscribe m) {
    subscribers.add(m.subscriber());
    getContext().watchWith(m.subscriber(), new SubscriberGone(m.subscriber()));
    m.subscriber().tell(new Snapshot(views()));
    return this;
  }

  private Behavior<Command> onGetDevices(GetDevices m) {
    m.replyTo().tell(new Devices(views()));
    return this;
  }

  private Behavior<Command> onStored(Stored m) {
    if (m.failure() != null) {
      getContext().getLog().warn("Control room could not store the {}: {}", m.what(), m.failure().toString());
    }
    return this;
  }

  /** The plot of every gate of the cluster, from PostgreSQL, with what this node counted until now. */
  private Behavior<Command> onGetPassageSeries(GetPassageSeries m) {
    Instant now = Instant.now();
    CompletionStage<List<GateCount>> read = store.passagesSince(passages.drain(), PassageHistory.from(now));
    read.thenAccept(counts -> m.replyTo().tell(PassageHistory.series(counts, now)));
    getContext().pipeToSelf(read, (counts, err) -> new Stored("passage counts", err));
    return this;
  }

  private Behavior<Command> onFlush() {
    List<GateCount> counted = passages.drain();
    if (!counted.isEmpty()) {
      getContext().pipeToSelf(store.addPassages(counted), (done, err) -> new Stored("passage counts", err));
    }
    return this;
  }

  private Behavior<Command> onForget() {
    Instant horizon = Instant.now().minus(MONTH).minus(DAY);
    availability.forgetBefore(horizon);
    getContext().pipeToSelf(store.forgetBefore(horizon), (n, err) -> new Stored("pruning of old transitions", err));
    getContext().pipeToSelf(store.forgetPassagesBefore(PassageHistory.from(Instant.now())),
        (n, err) -> new Stored("pruning of old passage counts", err));
    return this;
  }

  private void publish(String deviceId) {
    view(deviceId).ifPresent(v -> {
      boolean healthChanged = shownHealth.put(deviceId, v.health()) != v.health();
      subscribers.forEach(s -> s.tell(new DeviceChanged(v, healthChanged)));
    });
  }

  /** This node's devices and its peers'. */
  private List<DeviceView> views() {
    return deviceIds().map(this::view).flatMap(Optional::stream)
        .sorted(Comparator.comparing(DeviceView::kind).thenComparing(DeviceView::id)).toList();
  }

  private List<DeviceView> localViews() {
    return deviceIds().map(this::localView).flatMap(Optional::stream)
        .sorted(Comparator.comparing(DeviceView::kind).thenComparing(DeviceView::id)).toList();
  }

  private Stream<String> deviceIds() {
    return Stream.of(layout.cameras().stream().map(CityLayout.Camera::id),
            layout.displays().stream().map(CityLayout.Display::id), layout.gates().stream().map(CityLayout.Gate::id))
        .flatMap(s -> s);
  }

  /** The device's view from this node, else from the peer that runs it. */
  private Optional<DeviceView> view(String id) {
    return localView(id).or(() -> peers.values().stream().map(v -> v.get(id)).filter(java.util.Objects::nonNull)
        .findFirst());
  }

  /** The device's view, once its actor (on this node) has answered at least once. */
  private Optional<DeviceView> localView(String id) {
    Instant now = Instant.now();
    Camera.Status c = cameras.get(id);
    if (c != null) {
      CityLayout.Gate gate = layout.gate(c.gateId());
      String mode = gate.kind().name().toLowerCase() + ", " + (c.mobile() ? "mobile" : "fixed") + ", "
          + phase(gate.zoneId());
      return Optional.of(new DeviceView("camera", id, c.gateId(), c.site().position(), health(id, c.health()), mode,
          Optional.of(figures(id, now)), Optional.of(DeviceView.ReadQuality.of(c.lastHour())), Optional.of(c),
          Optional.empty(), Optional.empty()));
    }
    Display.Status d = displays.get(id);
    if (d != null) {
      CityLayout.Display config = layout.displays().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
      return Optional.of(new DeviceView("display", id, config.gateId(), config.position(), health(id, d.health()),
          "kentekencheck, " + phase(layout.gate(config.gateId()).zoneId()), Optional.of(figures(id, now)),
          Optional.empty(), Optional.empty(), Optional.of(d), Optional.empty()));
    }
    Gate.Status g = gates.get(id);
    if (g != null) {
      CityLayout.Gate config = layout.gate(id);
      return Optional.of(new DeviceView("gate", id, id, config.position(), gateHealth(id),
          config.kind().name().toLowerCase() + ", " + phase(config.zoneId()), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.of(g)));
    }
    return Optional.empty();
  }

  /** The event stream is newer than the last snapshot. */
  private DeviceHealth health(String id, DeviceHealth fromSnapshot) {
    return availability.current(id).orElse(fromSnapshot);
  }

  /** A gate is up when all its cameras are, down when none works, degraded in between. */
  private DeviceHealth gateHealth(String gateId) {
    List<DeviceHealth> cams = layout.cameras().stream().filter(c -> c.gateId().equals(gateId))
        .map(c -> availability.current(c.id()).orElse(DeviceHealth.DOWN)).toList();
    if (cams.isEmpty() || cams.stream().allMatch(h -> h == DeviceHealth.UP)) {
      return DeviceHealth.UP;
    }
    if (cams.stream().allMatch(h -> h == DeviceHealth.DISABLED)) {
      return DeviceHealth.DISABLED;
    }
    boolean anyWorks = cams.stream().anyMatch(h -> h == DeviceHealth.UP || h == DeviceHealth.DEGRADED);
    return anyWorks ? DeviceHealth.DEGRADED : DeviceHealth.DOWN;
  }

  private DeviceView.Figures figures(String id, Instant now) {
    return new DeviceView.Figures(availability.between(id, now.minus(DAY), now),
        availability.between(id, now.minus(MONTH), now),
        settings.availabilityTarget());
  }

  private String phase(String zoneId) {
    Phase p = layout.zone(zoneId).phaseOn(LocalDate.now(Passage.LOCAL));
    return p == null ? "not announced" : p.name();
  }
}
