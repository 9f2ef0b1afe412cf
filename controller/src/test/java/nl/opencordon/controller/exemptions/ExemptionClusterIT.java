package nl.opencordon.controller.exemptions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import nl.opencordon.controller.Controller;
import nl.opencordon.controller.TestControllers;
import nl.opencordon.controller.TestTraffic;
import nl.opencordon.controller.TwoNodes;
import nl.opencordon.domain.CityBuilder;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.persistence.Eventually;
import nl.opencordon.security.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two controller nodes in one cluster on one PostgreSQL, each running one of the two gates: an exemption
 * stored through the API of one node reaches the gates of the other within seconds (its next passage there is
 * no violation), and its removal through the other node's API leaves the first node's gates too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExemptionClusterIT {
  private static final String CITY = TestControllers.twoGates("Tweestad", CityBuilder.MOPEDS_ONLY, CityBuilder.ENFORCED_2025).hocon();
  /** The gates spread over the nodes as they join (as in ClusterFailoverIT). */
  private static final String CLUSTER = "pekko.cluster.sharding.retry-interval = 200ms\n" + TwoNodes.QUICK_SPREAD;
  private static final Duration WITHIN = Duration.ofSeconds(5);

  private final CityLayout layout = TestControllers.city(CITY);
  private final TestTraffic traffic = new TestTraffic(layout);
  /** Each node's copy of the exemptions, which its gates ask. */
  private final List<ExemptionRegistry> gatesOf = new ArrayList<>();
  private TwoNodes cluster;
  private List<Controller> nodes;

  @BeforeAll
  void start() throws Exception {
    cluster = TwoNodes.start(CLUSTER, layout, () -> {
      ExemptionRegistry gates = new ExemptionRegistry();
      gatesOf.add(gates);
      return TestControllers.adapters(traffic.register(), gates);
    });
    nodes = cluster.nodes();
    cluster.awaitOneEach("gates", node -> node.devices().gates());
  }

  @AfterAll
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void anExemptionStoredOnOneNodeHoldsAtTheOtherNodesGateWithinSeconds() throws Exception {
    Controller a = nodes.get(0);
    Controller b = nodes.get(1);
    String gateOfB = b.devices().gates().keySet().iterator().next();
    String cameraOfB = b.devices().cameras().keySet().iterator().next();
    Plate van = traffic.van("VC-321-K");
    LocalDate today = LocalDate.now(Passage.LOCAL);

    ApiClient operationsOnA = ApiClient.as(a.httpPort(), "operations");
    assertEquals(200, operationsOnA.get("/api/exemptions").statusCode(), "first login (a PBKDF2 check) done before");
    long sent = System.nanoTime();
    HttpResponse<String> saved = operationsOnA.put("/api/exemptions/clu-1", """
        {"zoneId": "ze", "plateFrom": "VC-321-K", "validFrom": "%s", "validUntil": "%s", "reason": "evenement"}
        """.formatted(today.minusDays(1), today.plusDays(1)));
    assertEquals(200, saved.statusCode(), saved.body());
    long answered = System.nanoTime();
    Duration seen = until(() -> gatesOf.get(1).find("ze", van, Instant.now()).isPresent());
    // the record changed just before the answer
    System.out.printf("exemption stored through node A's API (answered in %d ms) seen by node B's gates %d ms "
        + "after the answer%n", Duration.ofNanos(answered - sent).toMillis(), seen.toMillis());

    long before = TestTraffic.gateStatus(b, gateOfB).violations();
    traffic.pass(b, cameraOfB, van, Instant.now());
    assertEquals(before, TestTraffic.gateStatus(b, gateOfB).violations(), "exempt at node B's gate: no violation");

    HttpResponse<String> removed = ApiClient.as(b.httpPort(), "operations").delete("/api/exemptions/clu-1");
    assertEquals(204, removed.statusCode(), removed.body());
    until(() -> gatesOf.get(0).find("ze", van, Instant.now()).isEmpty());
  }

  private static Duration until(BooleanSupplier condition) throws InterruptedException {
    return Eventually.within(WITHIN, "the other node's gates seeing the change", condition);
  }
}
