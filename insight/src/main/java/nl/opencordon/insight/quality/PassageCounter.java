package nl.opencordon.insight.quality;

import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import nl.opencordon.actors.CborSerializable;
import nl.opencordon.actors.gate.VehiclePassed;
import nl.opencordon.insight.quality.QualityRepository.PassageCell;
import nl.opencordon.persistence.Jdbc;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Counts the vehicles this node's gates see per zone, local day, vehicle category and emission class, for the
 * ministry's monitoring figures, and adds them to {@code zone_passage_counts} every {@code flush-interval}. Only
 * the counts are kept: the event's vehicle key is never looked at. Counts not yet written when the node stops
 * are lost (at most one interval's). {@link GetReady} answers once its subscription is sent, so the event stream
 * handles it before anything a gate publishes later.
 */
public final class PassageCounter extends AbstractBehavior<PassageCounter.Command> {
  public sealed interface Command extends CborSerializable {}

  /** Answered once the counter listens to the gates: what they publish from then on is counted. */
  public record GetReady(ActorRef<Done> replyTo) implements Command {}

  private record Passed(VehiclePassed event) implements Command {}

  private enum Flush implements Command { INSTANCE }

  private record Flushed(Map<PassageCell, Long> counts, Throwable failure) implements Command {}

  private enum TimerKey { FLUSH }

  public static Behavior<Command> create(QualityRepository repository, ZoneId zone, Duration interval,
                                         Executor blocking) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(VehiclePassed.class,
          ctx.messageAdapter(VehiclePassed.class, Passed::new)));
      timers.startSingleTimer(TimerKey.FLUSH, Flush.INSTANCE, interval);
      return new PassageCounter(ctx, timers, repository, zone, interval, blocking);
    }));
  }

  private final TimerScheduler<Command> timers;
  private final QualityRepository repository;
  private final ZoneId zone;
  private final Duration interval;
  private final Executor blocking;
  private Map<PassageCell, Long> counts = new HashMap<>();
  private boolean writing;

  private PassageCounter(ActorContext<Command> ctx, TimerScheduler<Command> timers, QualityRepository repository,
                         ZoneId zone, Duration interval, Executor blocking) {
    super(ctx);
    this.timers = timers;
    this.repository = repository;
    this.zone = zone;
    this.interval = interval;
    this.blocking = blocking;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Passed.class, this::onPassed)
        .onMessage(GetReady.class, m -> {
          m.replyTo().tell(Done.getInstance());
          return this;
        })
        .onMessageEquals(Flush.INSTANCE, this::onFlush)
        .onMessage(Flushed.class, this::onFlushed)
        .build();
  }

  private Behavior<Command> onPassed(Passed p) {
    VehiclePassed e = p.event();
    counts.merge(new PassageCell(e.at().atZone(zone).toLocalDate(), e.zoneId(), e.category().name(), e.euroClass()),
        1L, Long::sum);
    return this;
  }

  private Behavior<Command> onFlush() {
    if (counts.isEmpty() || writing) {
      timers.startSingleTimer(TimerKey.FLUSH, Flush.INSTANCE, interval);
      return this;
    }
    Map<PassageCell, Long> batch = counts;
    counts = new HashMap<>();
    writing = true;
    getContext().pipeToSelf(Jdbc.async(blocking, () -> {
      repository.addPassages(batch);
      return batch;
    }), (done, failure) -> new Flushed(batch, failure));
    return this;
  }

  private Behavior<Command> onFlushed(Flushed f) {
    writing = false;
    if (f.failure() != null) {
      // kept for the next try: the transaction wrote none of them
      getContext().getLog().warn("Passage counts not written, kept for the next try: {}", f.failure().toString());
      f.counts().forEach((cell, n) -> counts.merge(cell, n, Long::sum));
    }
    timers.startSingleTimer(TimerKey.FLUSH, Flush.INSTANCE, interval);
    return this;
  }
}
