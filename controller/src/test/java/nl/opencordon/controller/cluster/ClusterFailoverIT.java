package nl.opencordon.controller.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.display.Display;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.controller.Controller;
import nl.opencordon.controller.TestControllers;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.Fuel;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.PlateHasher;
import nl.opencordon.domain.VehicleCategory;
import nl.opencordon.domain.VehicleFacts;
import nl.opencordon.displays.sim.SimulatedSigns;
import nl.opencordon.persistence.Database;
import nl.opencordon.security.ApiClient;
import com.fasterxml.jackson.databind.JsonNode;
import nl.opencordon.domain.Json;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.pattern.Patterns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three controller nodes on loopback share one PostgreSQL. Cluster Sharding spreads the gates (each with its
 * cameras and sign) and the zone's buckets over all three. The third node (the youngest, so not the one
 * running the shard coordinator) is killed: no leaving, no hand-off. The split brain resolver downs it, its
 * gates, cameras and signs start on the survivors with what operations set (switched off, moved), its
 * buckets from the journal, and every violation, before and after the kill, is decided exactly once.
 */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverIT {
  private static final String CITY = """
      name = "Clusterstad"
      zones = [{
        id = "ze", name = "ZE-zone", recidive-term = 14d, warning-interval = 28d
        regime = ${national-ze-regime}
        phases { enforcement = "2025-01-01" }
      }]
      gates = [
        {id = "in-a", zone = "ze", kind = entry, position = [52.09, 5.11]}
        {id = "in-b", zone = "ze", kind = entry, position = [52.08, 5.12]}
        {id = "in-c", zone = "ze", kind = entry, position = [52.07, 5.13]}
      ]
      cameras = [
        {id = "cam-a", gate = "in-a", site {location-code = "C-A", street = "Singel", direction = "zuid", position = [52.09, 5.11]}}
        {id = "cam-b", gate = "in-b", site {location-code = "C-B", street = "Gracht", direction = "noord", position = [52.08, 5.12]}}
        {id = "cam-c", gate = "in-c", site {location-code = "C-C", street = "Laan", direction = "west", position = [52.07, 5.13]}}
        {id = "mob-a", gate = "in-a", mobile = true, site {location-code = "M-A", street = "Singel", direction = "zuid", position = [52.09, 5.11]}}
        {id = "mob-b", gate = "in-b", mobile = true, site {location-code = "M-B", street = "Gracht", direction = "noord", position = [52.08, 5.12]}}
        {id = "mob-c", gate = "in-c", mobile = true, site {location-code = "M-C", street = "Laan", direction = "west", position = [52.07, 5.13]}}
      ]
      displays = [
        {id = "sign-a", gate = "in-a", position = [52.09, 5.11]}
        {id = "sign-b", gate = "in-b", position = [52.08, 5.12]}
        {id = "sign-c", gate = "in-c", position = [52.07, 5.13]}
      ]
      """;

  /** Fast failure detection and downing for a test; production keeps the defaults of cluster.conf. */
  private static final String CLUSTER = """
      pekko.cluster.sharding.retry-interval = 200ms
      pekko.cluster.failure-detector.heartbeat-interval = 300ms
      pekko.cluster.failure-detector.acceptable-heartbeat-pause = 1500ms
      pekko.cluster.split-brain-resolver.active-strategy = keep-majority
      pekko.cluster.split-brain-resolver.stable-after = 2s
      pekko.cluster.sharding.rebalance-interval = 1h
      # the gates spread over the nodes as they join, and a lost node's gates are started again, within a second
      pekko.cluster.sharded-daemon-process.sharding.rebalance-interval = 500ms
      pekko.cluster.sharded-daemon-process.sharding.retry-interval = 200ms
      pekko.cluster.sharded-daemon-process.keep-alive-interval = 1s
      anpr.actors.gate { zone-ask-timeout = 1s, zone-attempts = 60, zone-retry-delay = 100ms }
      anpr.camera-drivers.http.api-keys { "cam-a" = "cluster-key", "cam-b" = "cluster-key", "cam-c" = "cluster-key" }
      """;

  private static final PlateHasher HASHER = new PlateHasher("demo-only-secret-change-me-0123456789");
  private static final List<String> FIXED = List.of("cam-a", "cam-b", "cam-c");
  private final Map<Plate, VehicleFacts> register = new ConcurrentHashMap<>();
  private final SimulatedSigns signs = new SimulatedSigns();
  private final CityLayout layout = TestControllers.city(CITY);
  private final List<Controller> nodes = new ArrayList<>();
  private Database database;

  @BeforeAll
  void startThreeNodes() throws Exception {
    database = TestControllers.freshDatabase();
    Controller first = node("", "");
    assertEquals(Set.of("in-a", "in-b", "in-c"), first.devices().gates().keySet(), "alone, the first runs all");
    String seed = Cluster.get(first.system()).selfMember().address().toString();
    node(seed, "");
    // the node to be killed must not leave the cluster gracefully when its actor system stops
    node(seed, "pekko.coordinated-shutdown.run-by-actor-system-terminate = off\n");
    awaitMembers(first.system(), 3);
    awaitRegions(first.system(), 3);
    // sharding moves gates to the nodes that joined: one each
    TestProbe.create(first.system()).awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(100), () -> {
      for (Controller node : nodes) {
        assertEquals(1, node.devices().gates().size(), "gates on node " + node.httpPort());
        assertEquals(2, node.devices().cameras().size());
        assertEquals(1, node.devices().displays().size());
      }
      return null;
    });
  }

  @AfterAll
  void stop() throws Exception {
    for (Controller node : nodes) {
      node.close();
    }
    database.close();
  }

  private Controller node(String seed, String extra) throws Exception {
    String seeds = seed.isEmpty() ? "[]" : "[\"" + seed + "\"]";
    Controller node = Controller.start(TestControllers.config(CLUSTER + extra + "pekko.cluster.seed-nodes = "
            + seeds), database, layout,
        new Controller.Adapters(p -> CompletableFuture.completedFuture(Optional.ofNullable(register.get(p))),
            new ExemptionRegistry(), CameraDriverFactory.NONE, d -> signs.driverFor(d.id())));
    nodes.add(node);
    return node;
  }

  @Test
  @Order(1)
  void everyNodesControlRoomShowsTheDevicesOfEveryNode() throws Exception {
    for (Controller node : nodes) {
      ApiClient controlRoom = ApiClient.as(node.httpPort(), "controlroom");
      TestProbe.create(node.system()).awaitAssert(Duration.ofSeconds(15), () -> {
        JsonNode devices = Json.MAPPER.readTree(controlRoom.get("/api/control-room/devices").body());
        Set<String> ids = new HashSet<>();
        devices.forEach(d -> ids.add(d.get("id").asText()));
        assertEquals(Set.of("cam-a", "cam-b", "cam-c", "mob-a", "mob-b", "mob-c", "sign-a", "sign-b", "sign-c",
            "in-a", "in-b", "in-c"), ids, "node on port " + node.httpPort());
        // and the device lists of the API name every device of the city, not only this node's
        assertEquals(Set.of("cam-a", "cam-b", "cam-c", "mob-a", "mob-b", "mob-c"),
            listed(controlRoom, "/api/cameras", "cameraId"));
        assertEquals(Set.of("in-a", "in-b", "in-c"), listed(controlRoom, "/api/gates", "gateId"));
        assertEquals(Set.of("sign-a", "sign-b", "sign-c"), listed(controlRoom, "/api/displays", "displayId"));
        return null;
      });
    }
  }

  private static Set<String> listed(ApiClient client, String path, String field) throws Exception {
    Set<String> ids = new HashSet<>();
    Json.MAPPER.readTree(client.get(path).body()).forEach(d -> ids.add(d.get(field).asText()));
    return ids;
  }

  @Test
  @Order(2)
  void devicesAndBucketsOfAKilledNodeResumeOnTheSurvivorsAndEveryViolationIsDecidedOnce() throws Exception {
    Controller a = nodes.get(0);
    Controller b = nodes.get(1);
    Controller killed = nodes.get(2);
    String gate = killed.devices().gates().keySet().iterator().next();
    String suffix = gate.substring("in-".length());
    String fixed = "cam-" + suffix;
    String mobile = "mob-" + suffix;
    String sign = "sign-" + suffix;

    List<Plate> before = vans("KA", 60);
    Instant at = Instant.now();
    passAll(before, at);
    awaitDecided(60);
    assertEquals(60, caseRows());

    Set<String> onKilled = bucketsOn(killed.system());
    assertFalse(onKilled.isEmpty(), "the third node hosts no zone bucket, so killing it would prove nothing");
    List<Plate> ofKilled = before.stream().filter(p -> onKilled.contains(Zone.entityId("ze", HASHER.hash(p))))
        .toList();
    assertFalse(ofKilled.isEmpty());

    // Operations switch off the mobile camera on the doomed node and move it: both must hold where it goes.
    ApiClient operations = ApiClient.as(killed.httpPort(), "operations");
    assertEquals(200, operations.post("/api/cameras/" + mobile + "/site", """
        {"locationCode": "M-NEW", "street": "Nieuwegracht", "direction": "oost", "lat": 52.088, "lon": 5.125}""")
        .statusCode());
    assertEquals(200, operations.post("/api/cameras/" + mobile + "/enabled", "{\"enabled\": false}").statusCode());

    var killedAddress = Cluster.get(killed.system()).selfMember().address();
    Instant killedAt = Instant.now();
    kill(killed);
    // a crash, not a leave: the survivors find the node unreachable, then the split brain resolver downs it
    TestProbe.create(a.system()).awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(50), () -> {
      assertTrue(Cluster.get(a.system()).state().getUnreachable().stream()
          .anyMatch(m -> m.address().equals(killedAddress)));
      return null;
    });
    // Its gate, cameras and sign come up on a survivor: within the tender's 2 minutes, here within seconds.
    List<Controller> survivors = List.of(a, b);
    TestProbe.create(a.system()).awaitAssert(Duration.ofMinutes(2), Duration.ofMillis(50), () -> {
      assertTrue(survivors.stream().anyMatch(n -> n.devices().gates().containsKey(gate)
          && n.devices().cameras().keySet().containsAll(Set.of(fixed, mobile))
          && n.devices().displays().containsKey(sign)), gate + " runs on no survivor");
      return null;
    });
    Duration failover = Duration.between(killedAt, Instant.now());
    System.out.printf("Gate %s with its cameras and sign ran on a survivor %d ms after its node was killed%n",
        gate, failover.toMillis());
    assertTrue(failover.compareTo(Duration.ofMinutes(2)) < 0, failover::toString);
    awaitMembers(a.system(), 2);

    Controller host = survivors.stream().filter(n -> n.devices().gates().containsKey(gate)).findFirst().orElseThrow();
    Camera.Status moved = AskPattern.<Camera.Command, Camera.Status>ask(host.devices().cameras().get(mobile),
        Camera.GetStatus::new, Duration.ofSeconds(5), host.system().scheduler()).toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    assertFalse(moved.enabled(), "switched off before the kill, still off");
    assertEquals("M-NEW", moved.site().locationCode(), "moved before the kill, still at its new site");
    Display.Status shown = AskPattern.<Display.Command, Display.Status>ask(host.devices().displays().get(sign),
        Display.GetStatus::new, Duration.ofSeconds(5), host.system().scheduler()).toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    assertEquals(sign, shown.displayId());

    // The same vans again the same day, and new ones: only the new ones make cases.
    List<Plate> after = vans("KB", 30);
    List<Plate> again = new ArrayList<>(before);
    again.addAll(after);
    passAll(again, at.plusSeconds(60));

    Set<String> survived = new HashSet<>(bucketsOn(a.system()));
    survived.addAll(bucketsOn(b.system()));
    assertTrue(survived.containsAll(onKilled), "the killed node's buckets run on the survivors");
    assertEquals(90, caseRows(), "every violation decided once: no case lost, none twice");
    assertEquals(0, duplicateCases());
    assertEquals(90, journalEvents());

    // Any node takes HTTP pushes for any camera, also one that ran on the killed node: sent to the survivor
    // that does not run it now, it becomes one case.
    Controller elsewhere = host == a ? b : a;
    Plate pushed = vans("KC", 1).get(0);
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + elsewhere.httpPort() + "/api/cameras/" + fixed + "/passages"))
        .header("Content-Type", "application/json").header("X-Api-Key", "cluster-key")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"id": "http-%s", "timestamp": "%s", "plate": {"text": "%s", "country": "NL", "confidence": 0.96},
             "vehicle": {"category": "N1"}}""".formatted(pushed.text(), Instant.now(), pushed.display())))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    assertFalse(elsewhere.devices().cameras().containsKey(fixed));
    assertEquals(91, caseRows());
    assertEquals(1, count("SELECT count(*) FROM cases WHERE plate = '" + pushed.text() + "'"));

    // A device's actions work on any node as well: operations on that survivor switch the moved mobile camera
    // on again, and the camera, running on the other survivor, is on.
    assertEquals(200, ApiClient.as(elsewhere.httpPort(), "operations")
        .post("/api/cameras/" + mobile + "/enabled", "{\"enabled\": true}").statusCode());
    assertTrue(AskPattern.<Camera.Command, Camera.Status>ask(host.devices().cameras().get(mobile),
        Camera.GetStatus::new, Duration.ofSeconds(5), host.system().scheduler()).toCompletableFuture()
        .get(5, TimeUnit.SECONDS).enabled());
  }

  private List<Plate> vans(String prefix, int count) {
    List<Plate> plates = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Plate p = Plate.dutch(prefix + String.format("%03d", i) + "X");
      register.put(p, new VehicleFacts(p, "Bedrijfsauto", "N1", "gesloten opbouw", Set.of(Fuel.DIESEL),
          Optional.of("4"), LocalDate.of(2008, 3, 1), 2800, 1900, Set.of("BB")));
      plates.add(p);
    }
    return plates;
  }

  /**
   * Each van through one of the fixed cameras in turn, acknowledged by the camera actor: its outcome is safe
   * (the zone's decision persisted) once the receipt says so.
   */
  private void passAll(List<Plate> plates, Instant at) throws Exception {
    for (int i = 0; i < plates.size(); i++) {
      String camera = FIXED.get(i % FIXED.size());
      Controller node = runningOn(camera);
      Plate plate = plates.get(i);
      Passage p = new Passage(camera + "-" + plate.text() + "-" + at.toEpochMilli(), at, camera, "C", 1, null,
          new GeoPoint(52.09, 5.11), plate.display(), plate, HASHER.hash(plate), VehicleCategory.VAN, 0.95,
          List.of(), false, List.of("evidence://" + plate.text()), Optional.empty());
      Camera.Receipt receipt = AskPattern.<Camera.Command, Camera.Receipt>ask(node.devices().cameras().get(camera),
          r -> new Camera.RecordPassage(p, r), Duration.ofSeconds(20), node.system().scheduler())
          .toCompletableFuture().get(20, TimeUnit.SECONDS);
      assertEquals(Camera.Receipt.Outcome.TAKEN, receipt.outcome(), receipt::toString);
    }
  }

  /** The live node that runs the camera now. */
  private Controller runningOn(String camera) {
    return nodes.stream().filter(n -> !n.system().getWhenTerminated().toCompletableFuture().isDone())
        .filter(n -> n.devices().cameras().containsKey(camera)).findFirst().orElseThrow();
  }

  /** Until the gates together have had {@code count} sightings decided by the zone or handed to it as no-hits. */
  private void awaitDecided(long count) {
    TestProbe<Object> probe = TestProbe.create(nodes.get(0).system());
    probe.awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(200), () -> {
      long decided = 0;
      for (Controller node : nodes) {
        for (var gate : node.devices().gates().values()) {
          Gate.Status s = AskPattern.<Gate.Command, Gate.Status>ask(gate, Gate.GetStatus::new, Duration.ofSeconds(3),
              node.system().scheduler()).toCompletableFuture().get(3, TimeUnit.SECONDS);
          assertEquals(0, s.zoneFailures());
          decided += s.decided() + s.noHits();
        }
      }
      assertEquals(count, decided);
      return null;
    });
  }

  private Set<String> bucketsOn(ActorSystem<?> system) throws Exception {
    ShardRegion.CurrentShardRegionState state = AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
        ClusterSharding.get(system).shardState(), r -> new GetShardRegionState(Zone.ENTITY_TYPE_KEY, r),
        Duration.ofSeconds(5), system.scheduler()).toCompletableFuture().get(5, TimeUnit.SECONDS);
    Set<String> entities = new HashSet<>();
    state.getShards().forEach(shard -> entities.addAll(shard.getEntityIds()));
    return entities;
  }

  /** Stops a node as a crash would: no leaving the cluster, no hand-off of its shards. */
  private static void kill(Controller node) throws Exception {
    node.system().terminate();
    node.system().getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static void awaitMembers(ActorSystem<?> system, int up) {
    TestProbe<Object> probe = TestProbe.create(system);
    probe.awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(100), () -> {
      long members = 0;
      for (var m : Cluster.get(system).state().getMembers()) {
        if (m.status() == MemberStatus.up()) {
          members++;
        }
      }
      assertEquals(up, members);
      assertTrue(Cluster.get(system).state().getUnreachable().isEmpty());
      return null;
    });
  }

  /** Until the shard coordinator knows the zone regions of {@code count} nodes, so buckets go to all. */
  private static void awaitRegions(ActorSystem<?> system, int count) {
    var region = org.apache.pekko.cluster.sharding.ClusterSharding.get(system.classicSystem())
        .shardRegion(Zone.ENTITY_TYPE_KEY.name());
    TestProbe<Object> probe = TestProbe.create(system);
    probe.awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(200), () -> {
      var regions = (ShardRegion.CurrentRegions) Patterns.ask(region, ShardRegion.getCurrentRegionsInstance(),
          Duration.ofSeconds(3)).toCompletableFuture().get(3, TimeUnit.SECONDS);
      assertEquals(count, regions.getRegions().size());
      return null;
    });
  }

  private int caseRows() throws Exception {
    TestProbe<Object> probe = TestProbe.create(nodes.get(0).system());
    // the cases projections follow the journal asynchronously: wait until the read model has its cases
    probe.awaitAssert(Duration.ofSeconds(20), Duration.ofMillis(100), () -> {
      assertEquals(journalEvents(), count("SELECT count(*) FROM cases"));
      return null;
    });
    return count("SELECT count(*) FROM cases");
  }

  private int duplicateCases() throws Exception {
    return count("SELECT count(*) FROM (SELECT 1 FROM cases GROUP BY zone_id, plate_hash, local_day "
        + "HAVING count(*) > 1) d");
  }

  private int journalEvents() throws Exception {
    return count("SELECT count(*) FROM event_journal");
  }

  private int count(String sql) throws Exception {
    try (Connection c = database.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
