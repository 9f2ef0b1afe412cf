package nl.opencordon.actors;

import com.typesafe.config.Config;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.display.Display;
import nl.opencordon.actors.gate.Gate;

/** The settings of all device actors, read once from {@code anpr.actors}. */
public record ActorSettings(Camera.Settings camera, Gate.Settings gate, Display.Settings display) {
  public static ActorSettings fromConfig(Config anprActors) {
    return new ActorSettings(Camera.Settings.fromConfig(anprActors.getConfig("camera")),
        Gate.Settings.fromConfig(anprActors.getConfig("gate")),
        Display.Settings.fromConfig(anprActors.getConfig("display")));
  }
}
