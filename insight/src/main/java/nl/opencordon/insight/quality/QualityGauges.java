package nl.opencordon.insight.quality;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Executor;
import nl.opencordon.actors.CborSerializable;
import nl.opencordon.monitoring.ControllerMetrics;
import nl.opencordon.persistence.Jdbc;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Sets the quality gauges every {@code interval}: per camera the share of its cases of the last {@code window}
 * that officers dismissed as a misread plate (a dirty lens, a moved camera), per rule the share of objections
 * decided in the last {@code objection-window} that were upheld. The alerts in the monitoring module's rules
 * watch them rise.
 */
public final class QualityGauges extends AbstractBehavior<QualityGauges.Command> {
  public sealed interface Command extends CborSerializable {}

  private enum Refresh implements Command { INSTANCE }

  private record Read(Figures figures, Throwable failure) implements Command {}

  private record Figures(List<QualityRepository.CameraWindow> cameras, List<QualityRepository.RuleWindow> rules) {}

  private enum TimerKey { REFRESH }

  /**
   * @param window cases of this many days count towards a camera's misread share
   * @param objectionWindow objection outcomes recorded this long ago or later count towards a rule's share
   */
  public record Settings(Duration interval, Duration window, Duration objectionWindow, String misreadReason) {}

  public static Behavior<Command> create(QualityRepository repository, ControllerMetrics metrics, Settings settings,
                                         ZoneId zone, Clock clock, Executor blocking) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSelf().tell(Refresh.INSTANCE);
      return new QualityGauges(ctx, timers, repository, metrics, settings, zone, clock, blocking);
    }));
  }

  private final TimerScheduler<Command> timers;
  private final QualityRepository repository;
  private final ControllerMetrics metrics;
  private final Settings settings;
  private final ZoneId zone;
  private final Clock clock;
  private final Executor blocking;

  private QualityGauges(ActorContext<Command> ctx, TimerScheduler<Command> timers, QualityRepository repository,
                        ControllerMetrics metrics, Settings settings, ZoneId zone, Clock clock, Executor blocking) {
    super(ctx);
    this.timers = timers;
    this.repository = repository;
    this.metrics = metrics;
    this.settings = settings;
    this.zone = zone;
    this.clock = clock;
    this.blocking = blocking;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Refresh.INSTANCE, this::onRefresh)
        .onMessage(Read.class, this::onRead)
        .build();
  }

  private Behavior<Command> onRefresh() {
    LocalDate since = clock.instant().minus(settings.window()).atZone(zone).toLocalDate();
    getContext().pipeToSelf(Jdbc.async(blocking, () -> new Figures(
        repository.cameraWindow(since, settings.misreadReason()),
        repository.ruleWindow(clock.instant().minus(settings.objectionWindow())))), Read::new);
    return this;
  }

  private Behavior<Command> onRead(Read r) {
    if (r.failure() != null) {
      getContext().getLog().warn("Quality gauges not read: {}", r.failure().toString());
    } else {
      r.figures().cameras().forEach(c -> metrics.cameraQuality(c.cameraId(), c.cases(),
          c.cases() == 0 ? 0 : (double) c.misread() / c.cases()));
      r.figures().rules().forEach(x -> metrics.ruleQuality(x.ruleId(), x.objections(),
          x.objections() == 0 ? 0 : (double) x.upheld() / x.objections()));
    }
    timers.startSingleTimer(TimerKey.REFRESH, Refresh.INSTANCE, settings.interval());
    return this;
  }
}
