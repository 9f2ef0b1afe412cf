package nl.opencordon.insight.reports;

import java.time.Duration;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.concurrent.Executor;
import nl.opencordon.actors.CborSerializable;
import nl.opencordon.persistence.Jdbc;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Makes last month's management report on the first day of each month at {@code at}, and at start when it
 * is missing (the controller was down then). The control room keeps health transitions for 31 days, so the
 * report is best made early in the month.
 */
public final class ReportScheduler extends AbstractBehavior<ReportScheduler.Command> {

  public sealed interface Command extends CborSerializable {}

  private enum MakeDue implements Command { INSTANCE }

  private record Made(YearMonth month, Throwable failure) implements Command {}

  private enum TimerKey { MAKE }

  public static final String MADE_BY = "schedule";

  public static Behavior<Command> create(Reports reports, LocalTime at, Executor blocking) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSelf().tell(MakeDue.INSTANCE);
      return new ReportScheduler(ctx, timers, reports, at, blocking);
    }));
  }

  private final TimerScheduler<Command> timers;
  private final Reports reports;
  private final LocalTime at;
  private final Executor blocking;

  private ReportScheduler(ActorContext<Command> ctx, TimerScheduler<Command> timers, Reports reports, LocalTime at,
                          Executor blocking) {
    super(ctx);
    this.timers = timers;
    this.reports = reports;
    this.at = at;
    this.blocking = blocking;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(MakeDue.INSTANCE, this::onMakeDue)
        .onMessage(Made.class, this::onMade)
        .build();
  }

  private Behavior<Command> onMakeDue() {
    YearMonth month = reports.lastMonth();
    getContext().pipeToSelf(Jdbc.async(blocking, () -> {
      if (reports.stored().list().stream().noneMatch(m -> m.month().equals(month))) {
        reports.make(month, MADE_BY);
      }
      return month;
    }), Made::new);
    return this;
  }

  private Behavior<Command> onMade(Made m) {
    if (m.failure() != null) {
      getContext().getLog().warn("Management report not made: {}", m.failure().toString());
      timers.startSingleTimer(TimerKey.MAKE, MakeDue.INSTANCE, Duration.ofHours(1));
      return this;
    }
    Duration untilNext = reports.untilNextMonth(at);
    getContext().getLog().info("Management report of {} is there; the next one in {}", m.month(), untilNext);
    timers.startSingleTimer(TimerKey.MAKE, MakeDue.INSTANCE, untilNext);
    return this;
  }
}
