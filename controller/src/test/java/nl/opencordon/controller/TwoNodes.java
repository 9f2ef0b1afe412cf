package nl.opencordon.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.persistence.Database;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Two controller nodes in one cluster on one fresh PostgreSQL schema, the second joining the first, each with its
 * own adapters: for what must hold across nodes.
 */
public record TwoNodes(List<Controller> nodes, Database database) implements AutoCloseable {
  /** The nodes' sharded daemon processes (the projections) spread over the nodes within a second or two. */
  public static final String QUICK_SPREAD = """
      pekko.cluster.sharded-daemon-process.sharding.rebalance-interval = 500ms
      pekko.cluster.sharded-daemon-process.sharding.retry-interval = 200ms
      pekko.cluster.sharded-daemon-process.keep-alive-interval = 1s
      """;

  /** {@code settings} over the test configuration of both nodes; {@code adapters} is asked once per node. */
  public static TwoNodes start(String settings, CityLayout city, Supplier<Controller.Adapters> adapters)
      throws Exception {
    Database database = TestControllers.freshDatabase();
    List<Controller> nodes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String seeds = nodes.isEmpty() ? "[]" : "[\"" + Cluster.get(nodes.get(0).system()).selfMember().address() + "\"]";
      nodes.add(Controller.start(TestControllers.config(settings + "\npekko.cluster.seed-nodes = " + seeds),
          database, city, adapters.get()));
    }
    return new TwoNodes(List.copyOf(nodes), database);
  }

  /** Waits (a minute at most) until each node runs one of the devices of a kind: {@code devices} of a node. */
  public void awaitOneEach(String kind, Function<Controller, Map<String, ?>> devices) {
    TestProbe.create(nodes.get(0).system()).awaitAssert(Duration.ofSeconds(60), Duration.ofMillis(200), () -> {
      for (Controller node : nodes) {
        assertEquals(1, devices.apply(node).size(), kind + " on node " + node.httpPort());
      }
      return null;
    });
  }

  @Override
  public void close() throws Exception {
    for (Controller node : nodes) {
      node.close();
    }
    database.close();
  }
}
