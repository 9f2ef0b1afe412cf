package nl.opencordon.actors.camera;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Port: where a camera keeps what operations switched (on or off) and the sites it was moved to, so that both
 * hold after a restart and on whichever node runs the camera. The camera loads them itself when it starts and
 * stores a switch before it applies it. Implementations must not block the caller.
 */
public interface CameraStateStore {
  /** Keeps nothing: every camera starts switched on, at its site in the city file. */
  CameraStateStore NONE = new CameraStateStore() {
    @Override
    public CompletionStage<Optional<Boolean>> enabled(String cameraId) {
      return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public CompletionStage<Done> saveEnabled(String cameraId, boolean enabled) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }

    @Override
    public CompletionStage<List<Camera.SiteAssignment>> siteMoves(String cameraId) {
      return CompletableFuture.completedFuture(List.of());
    }
  };

  /** Whether the camera was switched on or off; empty when operations never switched it. */
  CompletionStage<Optional<Boolean>> enabled(String cameraId);

  CompletionStage<Done> saveEnabled(String cameraId, boolean enabled);

  /** The sites operations moved the camera to, oldest first; empty when it never moved from its city-file site. */
  CompletionStage<List<Camera.SiteAssignment>> siteMoves(String cameraId);
}
