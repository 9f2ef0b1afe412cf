package nl.opencordon.enforcement;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Runs a job (retention, the release of held cases) every {@code interval} as a cluster singleton: once in the
 * cluster however many nodes run, and on a survivor when its node dies. The job itself runs on the blocking
 * dispatcher; the next run is scheduled when it is done, so runs never overlap.
 */
final class ClusterJob {
  interface Command {}

  /** The work of one run. */
  @FunctionalInterface
  interface Job {
    void run() throws Exception;
  }

  private enum Run implements Command { INSTANCE }

  private record Ran(Throwable failure) implements Command {}

  private enum TimerKey { RUN }

  private ClusterJob() {}

  static void init(ActorSystem<?> system, String name, Job job, Duration interval, Executor blocking) {
    ClusterSingleton.get(system).init(SingletonActor.of(create(name, job, interval, blocking), name));
  }

  private static Behavior<Command> create(String name, Job job, Duration interval, Executor blocking) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startSingleTimer(TimerKey.RUN, Run.INSTANCE, interval);
      return Behaviors.receive(Command.class)
          .onMessageEquals(Run.INSTANCE, () -> {
            ctx.pipeToSelf(CompletableFuture.runAsync(() -> {
              try {
                job.run();
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            }, blocking), (done, err) -> new Ran(err));
            return Behaviors.same();
          })
          .onMessage(Ran.class, ran -> {
            if (ran.failure() != null) {
              ctx.getLog().error("Job [{}] failed; it runs again in {}", name, interval, ran.failure());
            }
            timers.startSingleTimer(TimerKey.RUN, Run.INSTANCE, interval);
            return Behaviors.same();
          })
          .build();
    }));
  }
}
