package nl.opencordon.actors.display;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import nl.opencordon.actors.CborSerializable;
import nl.opencordon.actors.DeviceHealth;
import nl.opencordon.actors.DeviceHealthChanged;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.Verdict;
import org.apache.pekko.Done;
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
 * One roadside LED "kentekencheck" display: shows each passing vehicle's verdict for a few seconds. When
 * vehicles follow each other closely the verdicts queue and each gets the shorter minimum time (a follower
 * that arrives while a verdict lingers past its minimum replaces it at once); a verdict that waited longer
 * than its vehicle needs to pass is dropped. The sign is pinged and marked down when it stops answering, and
 * up again when it answers.
 */
public final class Display extends AbstractBehavior<Display.Command> {

  public sealed interface Command extends CborSerializable {}

  public record Show(Plate plate, Verdict verdict, Instant decidedAt) implements Command {}

  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  /** What the sign shows: the plate and one line of text; {@code allowed} picks the colour. */
  public record Message(String plate, String text, boolean allowed) implements CborSerializable {}

  public record Status(String displayId, DeviceHealth health, Optional<Message> showing, int queued, long shown,
                       long dropped, long failures, Optional<Instant> lastAnswer) implements CborSerializable {
    /** Stands for the plate where a list shows what signs show: the full plate only on the sign's own page. */
    public static final String MASKED_PLATE = "******";

    /** This status with the shown plate masked, for lists of devices that are not access-logged. */
    public Status withoutPlate() {
      return new Status(displayId, health, showing.map(m -> new Message(MASKED_PLATE, m.text(), m.allowed())), queued,
          shown, dropped, failures, lastAnswer);
    }
  }

  /** The shown verdict has had its minimum time. */
  private enum MinimumShown implements Command { INSTANCE }

  /** The shown verdict has had its full time with nobody behind it. */
  private enum Blank implements Command { INSTANCE }

  private enum Ping implements Command { INSTANCE }

  private record DriverAnswered(boolean ok, String detail) implements Command {}

  private enum TimerKey { MINIMUM, BLANK, PING }

  /** From {@code anpr.actors.display}. */
  public record Settings(Duration showTime, Duration minShowTime, Duration maxQueueAge, int maxQueue,
                         Duration driverTimeout, Duration pingInterval, int failuresForDown) {
    public static Settings fromConfig(com.typesafe.config.Config c) {
      return new Settings(c.getDuration("show-time"), c.getDuration("min-show-time"), c.getDuration("max-queue-age"),
          c.getInt("max-queue"), c.getDuration("driver-timeout"), c.getDuration("ping-interval"),
          c.getInt("failures-for-down"));
    }
  }

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-yyyy");

  /** Under which the display is listed with the cluster's receptionist, wherever it runs. */
  public static ServiceKey<Command> serviceKey(String displayId) {
    return ServiceKey.create(Command.class, "display-" + displayId);
  }

  public static Behavior<Command> create(String displayId, SignDriver driver, Settings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(serviceKey(displayId), ctx.getSelf()));
      timers.startTimerWithFixedDelay(TimerKey.PING, Ping.INSTANCE, settings.pingInterval());
      return new Display(ctx, timers, displayId, driver, settings);
    }));
  }

  /** The text for a verdict, in Dutch as the signs in the street use it. */
  public static Message messageFor(Plate plate, Verdict v) {
    String text = switch (v.outcome()) {
      case NOT_ALLOWED -> "GEEN TOEGANG";
      case EXEMPT -> "ONTHEFFING";
      case UNKNOWN -> "CONTROLE NIET MOGELIJK";
      case ALLOWED -> v.notAllowedFrom().map(d -> "TOEGESTAAN, VANAF " + DAY.format(d) + " NIET").orElse("TOEGESTAAN");
      case OUT_OF_SCOPE, NOT_ENFORCED -> "TOEGESTAAN";
    };
    return new Message(plate.display(), text, v.outcome() != Verdict.Outcome.NOT_ALLOWED);
  }

  private final TimerScheduler<Command> timers;
  private final String displayId;
  private final SignDriver driver;
  private final Settings settings;
  private final Deque<Show> queue = new ArrayDeque<>();
  private Message showing;
  private DeviceHealth health = DeviceHealth.UP;
  private int consecutiveFailures;
  private long shown;
  private long dropped;
  private long failures;
  private Instant lastAnswer;

  private Display(ActorContext<Command> ctx, TimerScheduler<Command> timers, String displayId, SignDriver driver,
                  Settings settings) {
    super(ctx);
    this.timers = timers;
    this.displayId = displayId;
    this.driver = driver;
    this.settings = settings;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Show.class, this::onShow)
        .onMessageEquals(MinimumShown.INSTANCE, this::onMinimumShown)
        .onMessageEquals(Blank.INSTANCE, this::onBlank)
        .onMessageEquals(Ping.INSTANCE, this::onPing)
        .onMessage(DriverAnswered.class, this::onDriverAnswered)
        .onMessage(GetStatus.class, this::onGetStatus)
        .build();
  }

  private Behavior<Command> onShow(Show cmd) {
    if (queue.size() >= settings.maxQueue()) {
      queue.removeFirst();
      dropped++;
    }
    queue.addLast(cmd);
    if (showing == null || timers.isTimerActive(TimerKey.BLANK)) {
      timers.cancel(TimerKey.BLANK);
      showNext();
    }
    return this;
  }

  private Behavior<Command> onMinimumShown() {
    if (queue.isEmpty()) {
      timers.startSingleTimer(TimerKey.BLANK, Blank.INSTANCE, settings.showTime().minus(settings.minShowTime()));
    } else {
      showNext();
    }
    return this;
  }

  private Behavior<Command> onBlank() {
    showing = null;
    return this;
  }

  private void showNext() {
    Instant horizon = Instant.now().minus(settings.maxQueueAge());
    while (!queue.isEmpty() && queue.peekFirst().decidedAt().isBefore(horizon)) {
      queue.removeFirst();
      dropped++;
    }
    Show next = queue.pollFirst();
    if (next == null) {
      showing = null;
      return;
    }
    showing = messageFor(next.plate(), next.verdict());
    shown++;
    call(driver.show(showing));
    timers.startSingleTimer(TimerKey.MINIMUM, MinimumShown.INSTANCE, settings.minShowTime());
  }

  private Behavior<Command> onPing() {
    call(driver.ping());
    return this;
  }

  private void call(java.util.concurrent.CompletionStage<Done> stage) {
    getContext().pipeToSelf(stage.toCompletableFuture().copy()
            .orTimeout(settings.driverTimeout().toMillis(), TimeUnit.MILLISECONDS),
        (ok, err) -> new DriverAnswered(err == null, err == null ? "ok" : String.valueOf(err)));
  }

  private Behavior<Command> onDriverAnswered(DriverAnswered m) {
    if (m.ok()) {
      consecutiveFailures = 0;
      lastAnswer = Instant.now();
      setHealth(DeviceHealth.UP, "answering");
    } else {
      failures++;
      consecutiveFailures++;
      setHealth(consecutiveFailures >= settings.failuresForDown() ? DeviceHealth.DOWN : DeviceHealth.DEGRADED,
          m.detail());
    }
    return this;
  }

  private void setHealth(DeviceHealth next, String detail) {
    if (next != health) {
      getContext().getLog().info("Display [{}] {} -> {} ({})", displayId, health, next, detail);
      getContext().getSystem().eventStream().tell(new EventStream.Publish<>(
          new DeviceHealthChanged("display", displayId, health, next, Instant.now(), detail)));
      health = next;
    }
  }

  private Behavior<Command> onGetStatus(GetStatus cmd) {
    cmd.replyTo().tell(new Status(displayId, health, Optional.ofNullable(showing), queue.size(), shown, dropped,
        failures, Optional.ofNullable(lastAnswer)));
    return this;
  }
}
