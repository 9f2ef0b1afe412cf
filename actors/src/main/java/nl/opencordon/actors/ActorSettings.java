package nl.opencordon.actors;

import com.typesafe.config.Config;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.display.Display;
import nl.opencordon.actors.gate.Gate;

/** The settings of all device actors, read once from {@code anpr.actors}. */
public record ActorSettings(Camera.Settings camera, Gate.Settings gate, Display.Settings display) {
  public static ActorSettings fromConfig(Config anprActors) {
    return new ActorSettings(Camera.Settings.fromConfig(anprActors.getConfig("camera")),
        // one threshold: a read the camera counts as low confidence is one the gate makes no case of
        Gate.Settings.fromConfig(anprActors.getConfig("gate"), anprActors.getDouble("camera.confidence-threshold")),
        Display.Settings.fromConfig(anprActors.getConfig("display")));
  }
}
