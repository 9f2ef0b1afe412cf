package nl.opencordon.actors.camera;

import java.util.Optional;
import nl.opencordon.domain.CityLayout;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * Port for the camera-drivers module: the connection to one physical or simulated camera, run as a child of
 * its {@link Camera} and restarted with backoff when it fails. The driver tells the camera
 * {@link Camera.RecordPassage} and {@link Camera.Heartbeat}.
 */
public interface CameraDriverFactory {

  /** The driver behaviour, or empty when the camera is fed from outside (HTTP push). */
  Optional<Behavior<?>> driverFor(CityLayout.Camera camera, ActorRef<Camera.Command> self);

  CameraDriverFactory NONE = (camera, self) -> Optional.empty();
}
