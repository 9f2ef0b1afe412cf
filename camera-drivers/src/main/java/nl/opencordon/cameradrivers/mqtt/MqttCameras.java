package nl.opencordon.cameradrivers.mqtt;

import com.typesafe.config.Config;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.mqtt.MqttConnection;
import nl.opencordon.cameradrivers.HandOff;
import nl.opencordon.cameradrivers.IngestListener;
import nl.opencordon.cameradrivers.PassageFormat;
import nl.opencordon.domain.CityLayout;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * This node's one MQTT connection for its cameras (issue 26): a persistent session (clean session off) under a
 * client id of the node's own, with manual acks. Each camera that runs here attaches through its
 * {@link MqttCameraDriver}, and the connection subscribes to its {@code <prefix>/<camera>/passages} (QoS 1) and
 * {@code /heartbeat}. Plain subscriptions, not an MQTT shared one: Mosquitto 2.0.11 keeps plain ones of a
 * persistent session over its own restart, and the messages that come meanwhile, but not shared ones.
 *
 * <p>A message is acknowledged to the broker (PUBACK) only once what each of its passages led to is safe (the
 * zone's decision persisted, or a no-hit). One not taken yet (no answer in {@code ack-timeout}, a receipt
 * {@code RETRY}, or the camera running nowhere at the moment) is kept and handed to the camera again with backoff
 * on the same connection until it is taken; a passage taken twice is recognised by its id. A message of a camera
 * that no longer runs here goes to the camera wherever in the cluster it runs now; a camera that moved stays
 * subscribed here until it has been listed on another node for {@code let-go} (so no message finds nobody
 * subscribed while it moves; both nodes hand it over meanwhile). When the connection is lost, the cameras
 * attached here are told (they go DOWN until their next heartbeat), the connection is tried again with backoff,
 * and the broker sends again what was not acknowledged.
 *
 * <p>The broker keeps what comes for a node that is gone in the node's session, for the node when it comes back
 * under the same client id. A node removed from the cluster does not come back: a survivor {@linkplain #drain
 * drains} its session.
 */
public final class MqttCameras extends AbstractBehavior<MqttCameras.Command> {

  public interface Command {}

  /** A camera's driver on this node: the camera's messages go to {@code target} while {@code driver} lives. */
  public record Attach(String cameraId, ActorRef<Camera.Command> target, ActorRef<Void> driver) implements Command {}

  private record DriverStopped(String cameraId, ActorRef<Void> driver) implements Command {}

  private record Arrived(MqttConnection.Received received) implements Command {}

  private record Connected() implements Command {}

  private enum Idle implements Command { INSTANCE }

  /** Whether a camera not attached here runs on another node by now, so its topics can go. */
  private record CheckMoved(String cameraId) implements Command {}

  private record Moved(String cameraId, boolean elsewhere) implements Command {}

  private record Lost(String reason) implements Command {}

  /** Passages of one message, on their way to the camera for the {@code attempt}-th time. */
  private record Pending(MqttConnection.Received received, MqttCamera camera, List<PassageFormat.Valid> valid,
                         int attempt) implements Command {}

  private record Found(Pending pending, Optional<ActorRef<Camera.Command>> target) implements Command {}

  private record HandedOff(Pending pending, List<Camera.Receipt> receipts, Throwable failure) implements Command {}

  private static final String CHANNEL = "mqtt";

  /** From {@code anpr.camera-drivers.mqtt}, with a camera's own overrides: what its topics are, how to hand off. */
  public record Settings(String topicPrefix, Duration ackTimeout, Duration retryMinBackoff,
                         Duration retryMaxBackoff) {
    public static Settings fromConfig(Config c) {
      return new Settings(c.getString("topic-prefix"), c.getDuration("ack-timeout"),
          c.getDuration("hand-off-min-backoff"), c.getDuration("hand-off-max-backoff"));
    }

    public String topic(String cameraId, String kind) {
      return topicPrefix + "/" + cameraId + "/" + kind;
    }
  }

  /** A camera of the city that this connection serves, wherever it runs now. */
  public record MqttCamera(CityLayout.Camera camera, Settings settings) {
    String passages() {
      return settings.topic(camera.id(), "passages");
    }

    String heartbeat() {
      return settings.topic(camera.id(), "heartbeat");
    }
  }

  private record Attached(ActorRef<Camera.Command> target, ActorRef<Void> driver) {}

  /**
   * @param cameras every camera of the city on this connection's broker, by id
   * @param letGo how long a camera that moved is listed elsewhere before its topics go here
   */
  public static Behavior<Command> create(MqttConnection.Settings connection, Map<String, MqttCamera> cameras,
                                         PassageFormat format, IngestListener listener, Duration letGo) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new MqttCameras(ctx, timers, connection, cameras, format, listener, letGo, false)));
  }

  /**
   * Takes over the session of a node that left the cluster for good ({@code connection} under its client id):
   * unsubscribes its cameras' topics, so the broker keeps nothing more for the gone node, hands the messages the
   * session still held to their cameras as a node does, and stops once all are acknowledged and nothing came for
   * {@code letGo}; or at once when the connection is lost (the node came back and took its id, or the broker
   * went).
   */
  public static Behavior<Command> drain(MqttConnection.Settings connection, Map<String, MqttCamera> cameras,
                                        PassageFormat format, IngestListener listener, Duration letGo) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new MqttCameras(ctx, timers, connection, cameras, format, listener, letGo, true)));
  }

  private final TimerScheduler<Command> timers;
  private final MqttConnection connection;
  private final Duration letGo;
  private final boolean draining;
  private final Map<String, MqttCamera> cameras;
  // this node's subscriptions and the cameras attached here: per node, as its broker session is
  private final Map<String, MqttCamera> byTopic = new HashMap<>();
  private final Map<String, Attached> attached = new HashMap<>();
  private final PassageFormat format;
  private final IngestListener listener;
  private final Set<String> seenElsewhere = new HashSet<>();
  private String lastProblem = "";
  private int pending;

  private MqttCameras(ActorContext<Command> ctx, TimerScheduler<Command> timers, MqttConnection.Settings settings,
                      Map<String, MqttCamera> cameras, PassageFormat format, IngestListener listener, Duration letGo,
                      boolean draining) {
    super(ctx);
    this.timers = timers;
    this.letGo = letGo;
    this.draining = draining;
    this.cameras = cameras;
    this.format = format;
    this.listener = listener;
    cameras.values().forEach(c -> {
      byTopic.put(c.passages(), c);
      byTopic.put(c.heartbeat(), c);
    });
    ActorRef<Command> self = ctx.getSelf();
    connection = new MqttConnection(settings, new MqttConnection.Listener() {
      @Override
      public void connected() {
        self.tell(new Connected());
      }

      @Override
      public void lost(String reason) {
        self.tell(new Lost(reason));
      }

      @Override
      public void arrived(MqttConnection.Received received) {
        self.tell(new Arrived(received));
      }
    });
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Attach.class, this::onAttach)
        .onMessage(DriverStopped.class, this::onDriverStopped)
        .onMessage(Connected.class, m -> onConnected())
        .onMessageEquals(Idle.INSTANCE, this::onIdle)
        .onMessage(CheckMoved.class, this::onCheckMoved)
        .onMessage(Moved.class, this::onMoved)
        .onMessage(Lost.class, this::onLost)
        .onMessage(Arrived.class, this::onArrived)
        .onMessage(Pending.class, this::onPending)
        .onMessage(Found.class, this::onFound)
        .onMessage(HandedOff.class, this::onHandedOff)
        .onSignal(PostStop.class, s -> {
          connection.close();
          return this;
        })
        .build();
  }

  private Behavior<Command> onAttach(Attach a) {
    MqttCamera camera = cameras.get(a.cameraId());
    attached.put(a.cameraId(), new Attached(a.target(), a.driver()));
    getContext().watchWith(a.driver(), new DriverStopped(a.cameraId(), a.driver()));
    timers.cancel(new CheckMoved(a.cameraId()));
    seenElsewhere.remove(a.cameraId());
    connection.subscribe(Map.of(camera.passages(), 1, camera.heartbeat(), 0));
    if (!connection.isConnected()) {
      a.target().tell(new Camera.DriverFailed(lastProblem.isEmpty() ? "MQTT not connected yet" : lastProblem));
    }
    return this;
  }

  private Behavior<Command> onDriverStopped(DriverStopped m) {
    Attached a = attached.get(m.cameraId());
    if (a != null && a.driver().equals(m.driver())) {
      attached.remove(m.cameraId());
      timers.startSingleTimer(new CheckMoved(m.cameraId()), new CheckMoved(m.cameraId()), letGo);
    }
    return this;
  }

  private Behavior<Command> onCheckMoved(CheckMoved c) {
    if (!attached.containsKey(c.cameraId())) {
      getContext().pipeToSelf(find(c.cameraId(), letGo), (target, err) -> new Moved(c.cameraId(),
          target != null && target.isPresent() && target.get().path().address().hasGlobalScope()));
    }
    return this;
  }

  /** Listed on another node at two checks {@code letGo} apart: its topics go from here. */
  private Behavior<Command> onMoved(Moved m) {
    if (attached.containsKey(m.cameraId())) {
      return this;
    }
    if (m.elsewhere() && !seenElsewhere.add(m.cameraId())) {
      seenElsewhere.remove(m.cameraId());
      MqttCamera camera = cameras.get(m.cameraId());
      connection.unsubscribe(camera.passages(), camera.heartbeat());
      return this;
    }
    if (!m.elsewhere()) {
      seenElsewhere.remove(m.cameraId());
    }
    timers.startSingleTimer(new CheckMoved(m.cameraId()), new CheckMoved(m.cameraId()), letGo);
    return this;
  }

  /**
   * The session may hold topics of cameras that ran here before a restart: they go once those cameras are listed
   * elsewhere. A drain lets go of all its topics before anything else, so the broker keeps nothing more for them.
   */
  private Behavior<Command> onConnected() {
    lastProblem = "";
    if (draining) {
      connection.unsubscribe(byTopic.keySet().toArray(String[]::new));
      getContext().getLog().info("MQTT [{}] draining the session of a node that left", connection.clientId());
      timers.startSingleTimer(Idle.INSTANCE, letGo);
      return this;
    }
    cameras.keySet().stream().filter(id -> !attached.containsKey(id)).forEach(id ->
        timers.startSingleTimer(new CheckMoved(id), new CheckMoved(id), letGo));
    return this;
  }

  private Behavior<Command> onIdle() {
    if (pending > 0) {
      timers.startSingleTimer(Idle.INSTANCE, letGo);
      return this;
    }
    getContext().getLog().info("MQTT [{}] drained", connection.clientId());
    return Behaviors.stopped();
  }

  private Behavior<Command> onLost(Lost m) {
    lastProblem = m.reason();
    attached.values().forEach(a -> a.target().tell(new Camera.DriverFailed(m.reason())));
    // a drain does not fight the node for its id; what it did not acknowledge stays in the session
    return draining ? Behaviors.stopped() : this;
  }

  private Behavior<Command> onArrived(Arrived m) {
    MqttConnection.Received r = m.received();
    MqttCamera camera = byTopic.get(r.topic());
    if (camera == null) {
      // not a camera of this connection (a leftover subscription): nothing would ever take it
      connection.ack(r);
      return this;
    }
    String id = camera.camera().id();
    if (draining) {
      timers.startSingleTimer(Idle.INSTANCE, letGo);
    }
    if (r.topic().equals(camera.heartbeat())) {
      Instant at = Instant.now();
      Attached a = attached.get(id);
      if (a != null) {
        a.target().tell(new Camera.Heartbeat(at));
      } else {
        find(id, Duration.ofSeconds(1)).thenAccept(target -> target.ifPresent(t -> t.tell(new Camera.Heartbeat(at))));
      }
      connection.ack(r);
      return this;
    }
    List<PassageFormat.Result> results = format.decode(camera.camera(), r.message().getPayload());
    List<PassageFormat.Valid> valid = results.stream().filter(x -> x instanceof PassageFormat.Valid)
        .map(x -> (PassageFormat.Valid) x).toList();
    int malformed = results.size() - valid.size();
    if (malformed > 0) {
      // Garbage is acknowledged too: redelivering it would not make it any better.
      listener.passages(id, CHANNEL, "malformed", malformed);
      getContext().getLog().warn("Camera [{}] sent {} malformed of {} records over MQTT, e.g. {}", id, malformed,
          results.size(), results.stream().filter(x -> x instanceof PassageFormat.Invalid).findFirst()
              .map(x -> ((PassageFormat.Invalid) x).errors()).orElseThrow());
    }
    if (valid.isEmpty()) {
      connection.ack(r);
      return this;
    }
    pending++;
    return onPending(new Pending(r, camera, valid, 0));
  }

  /** To the camera here, or else wherever in the cluster it runs now. */
  private Behavior<Command> onPending(Pending p) {
    if (!connection.isCurrent(p.received())) {
      pending--;
      return this; // its connection is gone: the broker sends it again on the new one
    }
    Attached a = attached.get(p.camera().camera().id());
    if (a != null) {
      return onFound(new Found(p, Optional.of(a.target())));
    }
    getContext().pipeToSelf(find(p.camera().camera().id(), p.camera().settings().ackTimeout()),
        (target, err) -> new Found(p, target == null ? Optional.empty() : target));
    return this;
  }

  /** The camera's actor wherever in the cluster it runs, as the receptionist lists it; empty while it runs nowhere. */
  private CompletionStage<Optional<ActorRef<Camera.Command>>> find(String cameraId, Duration timeout) {
    ServiceKey<Camera.Command> key = Camera.serviceKey(cameraId);
    return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(getContext().getSystem().receptionist(),
            replyTo -> Receptionist.find(key, replyTo), timeout, getContext().getSystem().scheduler())
        .thenApply(listing -> listing.getServiceInstances(key).stream()
            // a camera that is moving can briefly be listed twice: prefer the one here
            .min((x, y) -> Boolean.compare(x.path().address().hasGlobalScope(), y.path().address().hasGlobalScope())));
  }

  private Behavior<Command> onFound(Found f) {
    Pending p = f.pending();
    if (f.target().isEmpty()) {
      return retry(p, "camera runs nowhere now");
    }
    getContext().pipeToSelf(HandOff.toCamera(f.target().get(), p.valid(), p.camera().settings().ackTimeout(),
        getContext().getSystem().scheduler()), (receipts, err) -> new HandedOff(p, receipts, err));
    return this;
  }

  private Behavior<Command> onHandedOff(HandedOff h) {
    Pending p = h.pending();
    String id = p.camera().camera().id();
    if (h.failure() != null) {
      return retry(p, "hand-off to the camera failed: " + h.failure());
    }
    for (Camera.Receipt.Outcome outcome : Camera.Receipt.Outcome.values()) {
      int count = (int) h.receipts().stream().filter(r -> r.outcome() == outcome).count();
      if (count > 0) {
        listener.passages(id, CHANNEL, outcome == Camera.Receipt.Outcome.TAKEN ? "accepted"
            : outcome.name().toLowerCase(Locale.ROOT), count);
      }
    }
    if (h.receipts().stream().anyMatch(r -> r.outcome() == Camera.Receipt.Outcome.RETRY)) {
      return retry(p, "passages not decided yet");
    }
    connection.ack(p.received());
    pending--;
    return this;
  }

  /** Not acknowledged: the same message goes to the camera again after a backoff; the connection stays. */
  private Behavior<Command> retry(Pending p, String why) {
    Settings s = p.camera().settings();
    Duration backoff = s.retryMinBackoff().multipliedBy(1L << Math.min(p.attempt(), 16));
    Duration delay = backoff.compareTo(s.retryMaxBackoff()) > 0 ? s.retryMaxBackoff() : backoff;
    getContext().getLog().debug("Camera [{}] MQTT message {} not acknowledged ({}); again in {} ms",
        p.camera().camera().id(), p.received().message().getId(), why, delay.toMillis());
    getContext().scheduleOnce(delay, getContext().getSelf(),
        new Pending(p.received(), p.camera(), p.valid(), p.attempt() + 1));
    return this;
  }
}
