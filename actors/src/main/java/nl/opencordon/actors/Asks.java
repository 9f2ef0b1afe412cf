package nl.opencordon.actors;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers of Pekko's Java {@code AskPattern} as plain futures. The stage Pekko returns wraps a Scala future
 * and runs every callback ({@code whenComplete}, {@code handle}, {@code pipeToSelf}) on the common pool,
 * which on a machine with two cores or fewer is no pool: it starts a new thread per callback. A plain
 * future runs them on the thread that completes the answer.
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
}
