package nl.opencordon.actors;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.display.Display;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.domain.CityLayout;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One gate with its displays and cameras: what runs together on one node and moves as a whole. The
 * {@link Guardian} has Cluster Sharding run one per gate, which starts it again on a survivor when its node
 * is lost. Each device is restarted with backoff here when it fails; drivers start as children of their
 * camera or display, so they connect from wherever the gate runs.
 */
final class GateUnit {
  private GateUnit() {}

  sealed interface Command extends CborSerializable {}

  /** From sharding, when the unit moves to another node (rebalance, or this node leaving). */
  enum Stop implements Command { INSTANCE }

  static final SupervisorStrategy RESTART =
      SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2);

  /** The key under which a running unit is registered with the cluster's receptionist. */
  static ServiceKey<Command> serviceKey(String gateId) {
    return ServiceKey.create(Command.class, "gate-unit-" + gateId);
  }

  static Behavior<Command> create(CityLayout layout, CityLayout.Gate gate, Guardian.Ports ports,
                                  ActorSettings settings, ActorRef<Guardian.Command> guardian) {
    return Behaviors.setup(ctx -> {
      Map<String, ActorRef<Display.Command>> displays = new LinkedHashMap<>();
      layout.displays().stream().filter(d -> d.gateId().equals(gate.id())).forEach(d -> displays.put(d.id(),
          spawn(ctx, Display.create(d.id(), ports.signs().apply(d), settings.display()), "display-" + d.id())));
      ActorRef<Gate.Command> gateRef = spawn(ctx, Gate.create(gate, layout.zone(gate.zoneId()),
          List.copyOf(displays.values()), ports.gateDependencies(), settings.gate()), "gate-" + gate.id());
      Map<String, ActorRef<Camera.Command>> cameras = new HashMap<>();
      layout.cameras().stream().filter(c -> c.gateId().equals(gate.id())).forEach(c -> cameras.put(c.id(),
          spawn(ctx, Camera.create(c, gateRef, ports.cameraDrivers(), ports.cameraStates(), settings.camera()),
              "camera-" + c.id())));
      guardian.tell(new Guardian.UnitStarted(gate.id(), ctx.getSelf(), gateRef, Map.copyOf(cameras),
          Map.copyOf(displays)));
      ctx.getSystem().receptionist().tell(Receptionist.register(serviceKey(gate.id()), ctx.getSelf()));
      ctx.getLog().info("Gate [{}] runs here with {} cameras and {} displays", gate.id(), cameras.size(),
          displays.size());
      return Behaviors.receive(Command.class).onMessageEquals(Stop.INSTANCE, Behaviors::stopped).build();
    });
  }

  private static <T> ActorRef<T> spawn(ActorContext<?> ctx, Behavior<T> behavior, String name) {
    return ctx.spawn(Behaviors.supervise(behavior).onFailure(RESTART), name);
  }
}
