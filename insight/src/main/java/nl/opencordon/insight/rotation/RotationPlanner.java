package nl.opencordon.insight.rotation;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import nl.opencordon.actors.CborSerializable;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.insight.rotation.RotationRepository.State;
import nl.opencordon.insight.rotation.RotationRepository.Visit;
import nl.opencordon.controlroom.DeviceHistoryRepository;
import nl.opencordon.persistence.Jdbc;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.pattern.StatusReply;

/**
 * Carries out the rotation plan: when a planned visit starts, the camera moves to its site the way a move from
 * the control room does (the camera actor's site history, then {@code camera_site_moves}, which the camera
 * loads when it starts again), taking the site's second observation text with it. A site that is no longer approved is refused.
 */
public final class RotationPlanner extends AbstractBehavior<RotationPlanner.Command> {

  public sealed interface Command extends CborSerializable {}

  private enum Tick implements Command { INSTANCE }

  private record Due(List<Visit> visits, Throwable failure) implements Command {}

  private record Moved(Visit visit, StatusReply<Camera.Status> reply, Throwable failure) implements Command {}

  private record Settled(Visit visit, State state, String note, Throwable failure) implements Command {}

  private enum TimerKey { TICK }

  /** From {@code anpr.insight.rotation}. */
  public record Settings(Duration checkInterval, Duration askTimeout) {
    public static Settings fromConfig(com.typesafe.config.Config c, Duration askTimeout) {
      return new Settings(c.getDuration("check-interval"), askTimeout);
    }
  }

  public record Stores(RotationRepository visits, DeviceHistoryRepository history, Executor blocking) {}

  public static Behavior<Command> create(Map<String, ActorRef<Camera.Command>> cameras, Stores stores,
                                         SiteApprovals approvals, Settings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(TimerKey.TICK, Tick.INSTANCE, Duration.ZERO, settings.checkInterval());
      return new RotationPlanner(ctx, cameras, stores, approvals, settings);
    }));
  }

  private final Map<String, ActorRef<Camera.Command>> cameras;
  private final Stores stores;
  private final SiteApprovals approvals;
  private final Settings settings;
  /** Visits being carried out, so a tick does not start them twice. */
  private final Set<Long> busy = new HashSet<>();

  private RotationPlanner(ActorContext<Command> ctx, Map<String, ActorRef<Camera.Command>> cameras, Stores stores,
                          SiteApprovals approvals, Settings settings) {
    super(ctx);
    this.cameras = cameras; // the live view of this node's cameras: they move between nodes
    this.stores = stores;
    this.approvals = approvals;
    this.settings = settings;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessage(Due.class, this::onDue)
        .onMessage(Moved.class, this::onMoved)
        .onMessage(Settled.class, this::onSettled)
        .build();
  }

  private Behavior<Command> onTick() {
    Instant now = Instant.now();
    getContext().pipeToSelf(blocking(() -> stores.visits().due(now)), Due::new);
    return this;
  }

  private Behavior<Command> onDue(Due m) {
    if (m.failure() != null) {
      getContext().getLog().warn("Rotation plan not read: {}", m.failure().toString());
      return this;
    }
    for (Visit v : m.visits()) {
      if (!busy.add(v.id())) {
        continue;
      }
      ActorRef<Camera.Command> camera = cameras.get(v.cameraId());
      if (!approvals.approved(v.cameraId(), v.site().locationCode())) {
        settle(v, State.REFUSED, "site " + v.site().locationCode() + " is not approved for enforcement with camera "
            + v.cameraId());
      } else if (camera == null) {
        settle(v, State.REFUSED, "camera " + v.cameraId() + " is not in the city");
      } else {
        getContext().pipeToSelf(AskPattern.<Camera.Command, StatusReply<Camera.Status>>ask(camera,
                r -> new Camera.MoveToSite(v.site(), v.startsAt(), r), settings.askTimeout(),
                getContext().getSystem().scheduler()),
            (reply, err) -> new Moved(v, reply, err));
      }
    }
    return this;
  }

  private Behavior<Command> onMoved(Moved m) {
    Visit v = m.visit();
    if (m.failure() != null) {
      busy.remove(v.id()); // the camera did not answer: the next tick tries again
      getContext().getLog().warn("Camera [{}] did not answer the planned move: {}", v.cameraId(),
          m.failure().toString());
    } else if (m.reply().isError()) {
      settle(v, State.REFUSED, m.reply().getError().getMessage());
    } else {
      getContext().pipeToSelf(blocking(() -> {
        stores.history().insert(new DeviceHistoryRepository.SiteMove(v.cameraId(), v.site(), v.startsAt(),
            "rotation plan (" + v.plannedBy() + ")"));
        return stores.visits().settle(v.id(), State.MOVED, "");
      }), (ok, err) -> new Settled(v, State.MOVED, "", err));
    }
    return this;
  }

  private void settle(Visit v, State state, String note) {
    getContext().pipeToSelf(blocking(() -> stores.visits().settle(v.id(), state, note)),
        (ok, err) -> new Settled(v, state, note, err));
  }

  private Behavior<Command> onSettled(Settled m) {
    busy.remove(m.visit().id());
    if (m.failure() != null) {
      getContext().getLog().warn("Rotation visit [{}] not settled: {}", m.visit().id(), m.failure().toString());
    } else if (m.state() == State.MOVED) {
      getContext().getLog().info("Camera [{}] moved to site [{}] as planned", m.visit().cameraId(),
          m.visit().site().locationCode());
    } else {
      getContext().getLog().warn("Planned visit [{}] of camera [{}] refused: {}", m.visit().id(),
          m.visit().cameraId(), m.note());
    }
    return this;
  }

  private <T> java.util.concurrent.CompletionStage<T> blocking(Jdbc.Call<T> call) {
    return Jdbc.async(stores.blocking(), call);
  }
}
