package nl.opencordon.cameradrivers.mqtt;

import nl.opencordon.actors.camera.Camera;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import java.util.function.Function;

/**
 * A camera that publishes to an MQTT broker, as its camera runs it: no connection of its own (the node's shared
 * one, {@link MqttCameras}, takes every MQTT camera's messages); it attaches the camera to it for as long as it
 * lives, so the camera is told at once when the connection is lost, and its messages go to it without a look-up.
 */
public final class MqttCameraDriver {
  private MqttCameraDriver() {}

  /** @param node this node's {@link MqttCameras} of the camera's broker, started on first use */
  public static Behavior<Void> create(String cameraId, ActorRef<Camera.Command> target,
                                      Function<ActorSystem<?>, ActorRef<MqttCameras.Command>> node) {
    return Behaviors.setup(ctx -> {
      node.apply(ctx.getSystem()).tell(new MqttCameras.Attach(cameraId, target, ctx.getSelf()));
      return Behaviors.empty();
    });
  }
}
