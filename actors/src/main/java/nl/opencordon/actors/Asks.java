package nl.opencordon.actors;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;

/**
 * Answers of Pekko's Java {@code AskPattern} as plain futures. The stage Pekko returns wraps a Scala future
 * and runs every callback ({@code whenComplete}, {@code handle}, {@code pipeToSelf}) on the common pool,
 * which on a machine with two cores or fewer is no pool: it starts a new thread per callback. A plain
 * future runs them on the thread that completes the answer. {@code ActorContext.ask} has the same cost, so
 * actors ask through {@link #pipe} and {@link #pipeWithStatus} instead (ArchitectureTest keeps it so).
 */
public final class Asks {
  private Asks() {}

  public static <T> CompletableFuture<T> direct(CompletionStage<T> answer) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    answer.whenCompleteAsync((value, err) -> {
      if (err == null) {
        plain.complete(value);
      } else {
        plain.completeExceptionally(err);
      }
    }, Runnable::run);
    return plain;
  }

  /** {@code ActorContext.ask} without a thread per answer: the answer or failure comes back as a message. */
  public static <Req, Res, T> void pipe(ActorContext<T> ctx, RecipientRef<Req> target, Duration timeout,
                                        Function<ActorRef<Res>, Req> request,
                                        BiFunction<Res, Throwable, T> toMessage) {
    ctx.pipeToSelf(direct(AskPattern.ask(target, request::apply, timeout, ctx.getSystem().scheduler())),
        toMessage::apply);
  }

  /** {@code ActorContext.askWithStatus} without a thread per answer: an error reply comes back as the failure. */
  public static <Req, Res, T> void pipeWithStatus(ActorContext<T> ctx, RecipientRef<Req> target, Duration timeout,
                                                  Function<ActorRef<StatusReply<Res>>, Req> request,
                                                  BiFunction<Res, Throwable, T> toMessage) {
    ctx.pipeToSelf(direct(AskPattern.askWithStatus(target, request::apply, timeout, ctx.getSystem().scheduler())),
        toMessage::apply);
  }
}
