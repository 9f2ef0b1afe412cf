package nl.opencordon.controller.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import java.util.Set;
import nl.opencordon.domain.CityLayout;

/**
 * Which devices run on this node of the cluster. Zone state is sharded and moves between nodes by itself;
 * devices are placed: a camera talks to one node (its driver connects there), so each node runs the gates
 * named in {@code anpr.controller.cluster.gates} with their cameras and displays, and every gate is named on
 * exactly one node. {@code all} (the default) runs every device: a single node.
 */
public final class DevicePlacement {
  private DevicePlacement() {}

  /** The city as this node runs it: every zone, but only the devices placed here. */
  public static CityLayout localDevices(CityLayout layout, Config cluster) {
    if (cluster.getValue("gates").valueType() == ConfigValueType.STRING) {
      if (!cluster.getString("gates").equals("all")) {
        throw new IllegalArgumentException("anpr.controller.cluster.gates must be \"all\" or a list of gate ids");
      }
      return layout;
    }
    Set<String> gates = Set.copyOf(cluster.getStringList("gates"));
    List<String> unknown = gates.stream().filter(g -> layout.gates().stream().noneMatch(x -> x.id().equals(g)))
        .sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("anpr.controller.cluster.gates names gates the city does not have: "
          + unknown);
    }
    return new CityLayout(layout.name(), layout.zones(),
        layout.gates().stream().filter(g -> gates.contains(g.id())).toList(),
        layout.cameras().stream().filter(c -> gates.contains(c.gateId())).toList(),
        layout.displays().stream().filter(d -> gates.contains(d.gateId())).toList());
  }
}
