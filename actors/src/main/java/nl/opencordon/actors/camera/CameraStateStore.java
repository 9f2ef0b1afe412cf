package nl.opencordon.actors.camera;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Port: where a camera keeps what operations switched (on or off), so that it holds after a restart and on
 * whichever node runs the camera. The camera loads it itself when it starts and stores a change before it
 * applies it. Implementations must not block the caller.
 */
public interface CameraStateStore {
  /** Keeps nothing: every camera starts switched on, as in the city file. */
  CameraStateStore NONE = new CameraStateStore() {
    @Override
    public CompletionStage<Optional<Boolean>> enabled(String cameraId) {
      return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public CompletionStage<Done> saveEnabled(String cameraId, boolean enabled) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
  };

  /** Whether the camera was switched on or off; empty when operations never switched it. */
  CompletionStage<Optional<Boolean>> enabled(String cameraId);

  CompletionStage<Done> saveEnabled(String cameraId, boolean enabled);
}
