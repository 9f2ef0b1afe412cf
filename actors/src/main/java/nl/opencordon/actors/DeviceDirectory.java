package nl.opencordon.actors;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.display.Display;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.domain.CityLayout;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * Every device actor of the city wherever in the cluster it runs: this node's from the guardian's live view,
 * the others' from the receptionist's listings (cameras, gates and displays register under their service
 * keys). So any node takes a camera's HTTP pushes, a device's actions and a sign's live page.
 */
public final class DeviceDirectory {
  private DeviceDirectory() {}

  /**
   * @param local the devices this node runs, a live view: devices move between nodes
   * @return a live, read-only view of every device of {@code layout} that runs somewhere now
   */
  public static Guardian.Devices start(ActorSystem<?> system, CityLayout layout, Guardian.Devices local) {
    Map<String, ActorRef<Camera.Command>> cameras = new ConcurrentHashMap<>();
    Map<String, ActorRef<Gate.Command>> gates = new ConcurrentHashMap<>();
    Map<String, ActorRef<Display.Command>> displays = new ConcurrentHashMap<>();
    system.systemActorOf(Behaviors.<Receptionist.Listing>setup(ctx -> {
      Map<ServiceKey<?>, Consumer<Receptionist.Listing>> follow = new HashMap<>();
      layout.cameras().forEach(c -> follow(ctx, follow, Camera.serviceKey(c.id()), c.id(), cameras));
      layout.gates().forEach(g -> follow(ctx, follow, Gate.serviceKey(g.id()), g.id(), gates));
      layout.displays().forEach(d -> follow(ctx, follow, Display.serviceKey(d.id()), d.id(), displays));
      return Behaviors.receiveMessage(listing -> {
        follow.getOrDefault(listing.getKey(), l -> {}).accept(listing);
        return Behaviors.same();
      });
    }), "device-directory", Props.empty());
    return new Guardian.Devices(new Overlay<>(local.cameras(), cameras), new Overlay<>(local.gates(), gates),
        new Overlay<>(local.displays(), displays));
  }

  private static <T> void follow(ActorContext<Receptionist.Listing> ctx,
                                 Map<ServiceKey<?>, Consumer<Receptionist.Listing>> follow, ServiceKey<T> key,
                                 String id, Map<String, ActorRef<T>> into) {
    follow.put(key, listing -> listing.getServiceInstances(key).stream()
        // a device that is moving can briefly be listed twice: prefer the one here
        .min((x, y) -> Boolean.compare(x.path().address().hasGlobalScope(), y.path().address().hasGlobalScope()))
        .ifPresentOrElse(ref -> into.put(id, ref), () -> into.remove(id)));
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(key, ctx.getSelf()));
  }

  /** This node's devices first (listed at once, before the receptionist knows them), then the cluster's. */
  private static final class Overlay<V> extends AbstractMap<String, V> {
    private final Map<String, V> local;
    private final Map<String, V> cluster;

    Overlay(Map<String, V> local, Map<String, V> cluster) {
      this.local = local;
      this.cluster = cluster;
    }

    @Override
    public V get(Object id) {
      V here = local.get(id);
      return here != null ? here : cluster.get(id);
    }

    @Override
    public boolean containsKey(Object id) {
      return get(id) != null;
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
      Map<String, V> all = new HashMap<>(cluster);
      all.putAll(local);
      return Collections.unmodifiableMap(all).entrySet();
    }
  }
}
