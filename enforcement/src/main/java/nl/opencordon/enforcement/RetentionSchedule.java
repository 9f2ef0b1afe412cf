package nl.opencordon.enforcement;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Runs the retention job every {@code interval}, as a cluster singleton ({@link Enforcement#start}): once in the
 * cluster however many nodes run, and on a survivor when its node dies. The job itself runs on the blocking
 * dispatcher; the next run is scheduled when it is done, so runs never overlap.
 */
final class RetentionSchedule {
  interface Command {}

  private enum Run implements Command { INSTANCE }

  private record Ran(Throwable failure) implements Command {}

  private enum TimerKey { RUN }

  private RetentionSchedule() {}

  static Behavior<Command> create(RetentionJob job, Duration interval, Executor blocking) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startSingleTimer(TimerKey.RUN, Run.INSTANCE, interval);
      return Behaviors.receive(Command.class)
          .onMessageEquals(Run.INSTANCE, () -> {
            ctx.pipeToSelf(CompletableFuture.runAsync(() -> {
              try {
                job.runOnce();
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            }, blocking), (done, err) -> new Ran(err));
            return Behaviors.same();
          })
          .onMessage(Ran.class, ran -> {
            if (ran.failure() != null) {
              ctx.getLog().error("Retention run failed; it runs again in {}", interval, ran.failure());
            }
            timers.startSingleTimer(TimerKey.RUN, Run.INSTANCE, interval);
            return Behaviors.same();
          })
          .build();
    }));
  }
}
