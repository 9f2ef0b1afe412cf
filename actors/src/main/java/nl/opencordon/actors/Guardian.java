package nl.opencordon.actors;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.camera.CameraStateStore;
import nl.opencordon.actors.display.Display;
import nl.opencordon.actors.display.SignDriver;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.domain.CityLayout;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Root of the device actors: one display per roadside sign, one gate per gate, one camera per camera, each
 * restarted with backoff by this guardian when it fails. Zone entities live under Cluster Sharding and are
 * reached through the gates' {@link Gate.Dependencies#zones()}.
 */
public final class Guardian {
  private Guardian() {}

  public sealed interface Command extends CborSerializable {}

  public record GetDevices(ActorRef<Devices> replyTo) implements Command {}

  /** The live device actors, for the API and the control room. */
  public record Devices(Map<String, ActorRef<Camera.Command>> cameras, Map<String, ActorRef<Gate.Command>> gates,
                        Map<String, ActorRef<Display.Command>> displays) implements CborSerializable {}

  /** What the guardian plugs into the device actors. */
  public record Ports(Gate.Dependencies gateDependencies, CameraDriverFactory cameraDrivers,
                      Function<CityLayout.Display, SignDriver> signs, CameraStateStore cameraStates) {
    /** Cameras that keep no state: every one starts switched on. */
    public Ports(Gate.Dependencies gateDependencies, CameraDriverFactory cameraDrivers,
                 Function<CityLayout.Display, SignDriver> signs) {
      this(gateDependencies, cameraDrivers, signs, CameraStateStore.NONE);
    }
  }

  private static final SupervisorStrategy RESTART =
      SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2);

  public static Behavior<Command> create(CityLayout layout, Ports ports, ActorSettings settings) {
    return Behaviors.setup(ctx -> {
      Map<String, ActorRef<Display.Command>> displays = new HashMap<>();
      for (CityLayout.Display d : layout.displays()) {
        displays.put(d.id(), spawn(ctx, Display.create(d.id(), ports.signs().apply(d), settings.display()),
            "display-" + d.id()));
      }
      Map<String, ActorRef<Gate.Command>> gates = new HashMap<>();
      for (CityLayout.Gate g : layout.gates()) {
        List<ActorRef<Display.Command>> atGate = layout.displays().stream()
            .filter(d -> d.gateId().equals(g.id())).map(d -> displays.get(d.id())).toList();
        gates.put(g.id(), spawn(ctx, Gate.create(g, layout.zone(g.zoneId()), atGate, ports.gateDependencies(),
            settings.gate()), "gate-" + g.id()));
      }
      Map<String, ActorRef<Camera.Command>> cameras = new HashMap<>();
      for (CityLayout.Camera c : layout.cameras()) {
        cameras.put(c.id(), spawn(ctx, Camera.create(c, gates.get(c.gateId()), ports.cameraDrivers(),
            ports.cameraStates(), settings.camera()), "camera-" + c.id()));
      }
      ctx.getLog().info("City [{}]: {} zones, {} gates, {} cameras, {} displays started", layout.name(),
          layout.zones().size(), gates.size(), cameras.size(), displays.size());
      Devices devices = new Devices(Map.copyOf(cameras), Map.copyOf(gates), Map.copyOf(displays));
      return Behaviors.receive(Command.class)
          .onMessage(GetDevices.class, cmd -> {
            cmd.replyTo().tell(devices);
            return Behaviors.same();
          })
          .build();
    });
  }

  private static <T> ActorRef<T> spawn(ActorContext<?> ctx, Behavior<T> behavior, String name) {
    return ctx.spawn(Behaviors.supervise(behavior).onFailure(RESTART), name);
  }
}
