package nl.opencordon.cameradrivers;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.domain.Passage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;

/**
 * Hands passages to their camera actor and waits until the camera acknowledged every one of them: only then
 * may a driver acknowledge them to the camera in the street.
 */
public final class HandOff {
  private HandOff() {}

  /**
   * Per passage, in order: empty when the camera took it (or recognised a resend), else the camera's reason
   * for refusing it. Fails with a {@link java.util.concurrent.TimeoutException} when the camera did not
   * answer in time; nothing may be acknowledged then.
   */
  public static CompletionStage<List<Optional<String>>> toCamera(ActorRef<Camera.Command> camera,
                                                                 List<Passage> passages, Duration timeout,
                                                                 Scheduler scheduler) {
    List<CompletableFuture<Optional<String>>> acks = passages.stream()
        .map(p -> AskPattern.<Camera.Command, org.apache.pekko.Done>askWithStatus(camera,
                replyTo -> new Camera.RecordPassage(p, replyTo), timeout, scheduler)
            .handle((done, err) -> refusal(err)).toCompletableFuture())
        .toList();
    return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
        .thenApply(v -> acks.stream().map(CompletableFuture::join).toList());
  }

  private static Optional<String> refusal(Throwable err) {
    Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (cause == null) {
      return Optional.empty();
    }
    if (cause instanceof StatusReply.ErrorMessage refused) {
      return Optional.of(refused.getMessage());
    }
    throw new CompletionException(cause);
  }
}
