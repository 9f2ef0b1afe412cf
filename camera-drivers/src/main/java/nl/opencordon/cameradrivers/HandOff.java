package nl.opencordon.cameradrivers;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import nl.opencordon.actors.Asks;
import nl.opencordon.actors.camera.Camera;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Hands passages, with the pictures that came with them, to their camera actor (on whichever node it runs: the
 * pictures travel with the passage to the gate that decides whether they are evidence) and waits for the
 * camera's receipt on every one of them: a driver may
 * acknowledge a passage to the camera in the street only when its receipt says {@code TAKEN}, i.e. what the
 * passage led to is safe.
 */
public final class HandOff {
  private HandOff() {}

  /**
   * The camera's receipts, in the order of the passages. Fails with a
   * {@link java.util.concurrent.TimeoutException} when the camera did not answer them all in time; nothing may
   * be acknowledged then.
   */
  public static CompletionStage<List<Camera.Receipt>> toCamera(ActorRef<Camera.Command> camera,
                                                              List<PassageFormat.Valid> passages, Duration timeout,
                                                              Scheduler scheduler) {
    List<CompletableFuture<Camera.Receipt>> receipts = passages.stream()
        .map(v -> Asks.direct(AskPattern.<Camera.Command, Camera.Receipt>ask(camera,
            replyTo -> new Camera.RecordPassage(v.passage(), v.pictures(), replyTo), timeout, scheduler)))
        .toList();
    return CompletableFuture.allOf(receipts.toArray(CompletableFuture[]::new))
        .thenApply(v -> receipts.stream().map(CompletableFuture::join).toList());
  }
}
