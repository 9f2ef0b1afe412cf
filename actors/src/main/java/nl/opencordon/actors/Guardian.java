package nl.opencordon.actors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.camera.CameraStateStore;
import nl.opencordon.actors.display.Display;
import nl.opencordon.actors.display.SignDriver;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.domain.CityLayout;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;

/**
 * Root of the device actors. Each gate with its displays and cameras is one {@link GateUnit}, and Cluster
 * Sharding runs one unit per gate ({@link ShardedDaemonProcess}): spread over the nodes, moved when nodes join
 * or leave, and started again on a survivor when a node is lost. On a single node every unit runs here. Zone
 * entities live under Cluster Sharding too and are reached through the gates' {@link Gate.Dependencies#zones()}.
 */
public final class Guardian {
  private Guardian() {}

  public sealed interface Command extends CborSerializable {}

  /** Answered at once with the live view of the devices on this node. */
  public record GetDevices(ActorRef<Devices> replyTo) implements Command {}

  /**
   * Answered once every gate of the city, with its cameras and displays, has run on some node of the cluster
   * (on a single node: here). Answered at once from then on, also while a lost node's gates are moving.
   */
  public record AwaitRunning(ActorRef<Done> replyTo) implements Command {}

  /**
   * The device actors that run on this node now, for the API and the control room: a live, read-only view
   * that the guardian keeps up to date as gates start here or move away. On a single node, once
   * {@link AwaitRunning} is answered, it holds every device of the city.
   */
  public record Devices(Map<String, ActorRef<Camera.Command>> cameras, Map<String, ActorRef<Gate.Command>> gates,
                        Map<String, ActorRef<Display.Command>> displays) implements CborSerializable {}

  /** What the guardian plugs into the device actors. */
  public record Ports(Gate.Dependencies gateDependencies, CameraDriverFactory cameraDrivers,
                      Function<CityLayout.Display, SignDriver> signs, CameraStateStore cameraStates) {
    /** Cameras that keep no state: every one starts switched on, at its site in the city file. */
    public Ports(Gate.Dependencies gateDependencies, CameraDriverFactory cameraDrivers,
                 Function<CityLayout.Display, SignDriver> signs) {
      this(gateDependencies, cameraDrivers, signs, CameraStateStore.NONE);
    }
  }

  /** A gate's unit started (or restarted) on this node, with its devices. */
  record UnitStarted(String gateId, ActorRef<GateUnit.Command> unit, ActorRef<Gate.Command> gate,
                     Map<String, ActorRef<Camera.Command>> cameras, Map<String, ActorRef<Display.Command>> displays)
      implements Command {}

  private record UnitStopped(String gateId, ActorRef<GateUnit.Command> unit) implements Command {}

  private record UnitsListed(Receptionist.Listing listing) implements Command {}

  public static Behavior<Command> create(CityLayout layout, Ports ports, ActorSettings settings) {
    return Behaviors.setup(ctx -> {
      Map<String, ActorRef<Camera.Command>> cameras = new ConcurrentHashMap<>();
      Map<String, ActorRef<Gate.Command>> gates = new ConcurrentHashMap<>();
      Map<String, ActorRef<Display.Command>> displays = new ConcurrentHashMap<>();
      Devices devices = new Devices(Collections.unmodifiableMap(cameras), Collections.unmodifiableMap(gates),
          Collections.unmodifiableMap(displays));
      Map<String, ActorRef<GateUnit.Command>> units = new HashMap<>();
      Set<String> ran = new HashSet<>();
      List<ActorRef<Done>> awaiting = new ArrayList<>();
      List<CityLayout.Gate> all = layout.gates();
      if (!all.isEmpty()) {
        // Unit i is gate i of the city file: every node has the same city, so the same numbering.
        ShardedDaemonProcess.get(ctx.getSystem()).init(GateUnit.Command.class, "gate-units", all.size(),
            i -> Behaviors.supervise(GateUnit.create(layout, all.get(i), ports, settings, ctx.getSelf()))
                .onFailure(GateUnit.RESTART),
            ShardedDaemonProcessSettings.create(ctx.getSystem()), Optional.of(GateUnit.Stop.INSTANCE));
        ActorRef<Receptionist.Listing> listings = ctx.messageAdapter(Receptionist.Listing.class, UnitsListed::new);
        all.forEach(g -> ctx.getSystem().receptionist().tell(
            Receptionist.subscribe(GateUnit.serviceKey(g.id()), listings)));
      }
      ctx.getLog().info("City [{}]: {} zones, {} gates, {} cameras, {} displays, run by the cluster",
          layout.name(), layout.zones().size(), all.size(), layout.cameras().size(), layout.displays().size());
      return Behaviors.receive(Command.class)
          .onMessage(GetDevices.class, cmd -> {
            cmd.replyTo().tell(devices);
            return Behaviors.same();
          })
          .onMessage(AwaitRunning.class, cmd -> {
            if (ran.size() == all.size()) {
              cmd.replyTo().tell(Done.getInstance());
            } else {
              awaiting.add(cmd.replyTo());
            }
            return Behaviors.same();
          })
          .onMessage(UnitsListed.class, m -> {
            String gateId = m.listing().getKey().id().substring("gate-unit-".length());
            if (!m.listing().getServiceInstances(GateUnit.serviceKey(gateId)).isEmpty() && ran.add(gateId)
                && ran.size() == all.size()) {
              ctx.getLog().info("Every gate of city [{}] runs", layout.name());
              awaiting.forEach(r -> r.tell(Done.getInstance()));
              awaiting.clear();
            }
            return Behaviors.same();
          })
          .onMessage(UnitStarted.class, m -> {
            if (!m.unit().equals(units.put(m.gateId(), m.unit()))) {
              ctx.watchWith(m.unit(), new UnitStopped(m.gateId(), m.unit()));
            }
            gates.put(m.gateId(), m.gate());
            cameras.putAll(m.cameras());
            displays.putAll(m.displays());
            return Behaviors.same();
          })
          .onMessage(UnitStopped.class, m -> {
            if (units.remove(m.gateId(), m.unit())) {
              gates.remove(m.gateId());
              layout.cameras().stream().filter(c -> c.gateId().equals(m.gateId())).forEach(c -> cameras.remove(c.id()));
              layout.displays().stream().filter(d -> d.gateId().equals(m.gateId()))
                  .forEach(d -> displays.remove(d.id()));
              ctx.getLog().info("Gate [{}] no longer runs here", m.gateId());
            }
            return Behaviors.same();
          })
          .build();
    });
  }
}
