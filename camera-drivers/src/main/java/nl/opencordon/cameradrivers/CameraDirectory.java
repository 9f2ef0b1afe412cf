package nl.opencordon.cameradrivers;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import nl.opencordon.actors.camera.Camera;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * Where each camera actor runs now: on this node (the guardian's live view), or on another node of the cluster,
 * from the receptionist's listings ({@link Camera#serviceKey}), so that any node takes HTTP pushes for any
 * camera.
 */
public final class CameraDirectory {
  private final Map<String, ActorRef<Camera.Command>> local;
  private final Map<String, ActorRef<Camera.Command>> cameras = new ConcurrentHashMap<>();

  private CameraDirectory(Map<String, ActorRef<Camera.Command>> local) {
    this.local = local;
  }

  /**
   * @param cameraIds every camera of the city
   * @param local the cameras this node runs, a live view: cameras move between nodes
   */
  public static CameraDirectory start(ActorSystem<?> system, Collection<String> cameraIds,
                                      Map<String, ActorRef<Camera.Command>> local) {
    CameraDirectory directory = new CameraDirectory(local);
    system.systemActorOf(Behaviors.<Receptionist.Listing>setup(ctx -> {
      cameraIds.forEach(id -> ctx.getSystem().receptionist().tell(
          Receptionist.subscribe(Camera.serviceKey(id), ctx.getSelf())));
      return Behaviors.receiveMessage(listing -> {
        String id = listing.getKey().id().substring("camera-".length());
        Optional<ActorRef<Camera.Command>> running = listing.getServiceInstances(Camera.serviceKey(id)).stream()
            .min((x, y) -> Boolean.compare(x.path().address().hasGlobalScope(), y.path().address().hasGlobalScope()));
        running.ifPresentOrElse(ref -> directory.cameras.put(id, ref), () -> directory.cameras.remove(id));
        return Behaviors.same();
      });
    }), "camera-directory", Props.empty());
    return directory;
  }

  /** The camera's actor, wherever it runs; empty while it runs nowhere (starting, or its node is down). */
  public Optional<ActorRef<Camera.Command>> camera(String cameraId) {
    return Optional.ofNullable(local.getOrDefault(cameraId, cameras.get(cameraId)));
  }
}
