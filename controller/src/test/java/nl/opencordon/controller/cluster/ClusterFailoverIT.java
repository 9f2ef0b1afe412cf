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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.display.Display;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.controller.Controller;
import nl.opencordon.controller.TestControllers;
import nl.opencordon.domain.CityBuilder;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.Fuel;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.PlateHasher;
import nl.opencordon.domain.VehicleFacts;
import nl.opencordon.displays.sim.SimulatedSigns;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.DatabaseSettings;
import nl.opencordon.security.ApiClient;
import com.fasterxml.jackson.databind.JsonNode;
import nl.opencordon.domain.Json;
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
 * Three controller nodes share one PostgreSQL, with the shipped cluster settings (cluster.conf): two in this JVM,
 * the third a JVM of its own. Cluster Sharding spreads the gates (each with its cameras and sign) and the zone's
 * buckets over all three. The third node (the youngest, so not the one running the shard coordinator) is killed
 * with SIGKILL: no leaving, no hand-off. The split brain resolver downs it, its gates, cameras and signs start on
 * the survivors with what operations set (switched off, moved) within 20 s, its buckets from the journal; the
 * survivors' device lists name every device throughout, pushes for its camera meanwhile are answered 200 or 503
 * (resend), and every violation, before, during and after the kill, is decided exactly once.
 */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverIT {
  private static final String CITY = TestControllers.twoGates("Clusterstad", "recidive-term = 14d",
          CityBuilder.NATIONAL_ZE, CityBuilder.ENFORCED_2025)
      .gate("in-c", "ze", "entry", 52.07, 5.13)
      .camera("cam-c", "in-c", "C-C", "Laan", "west")
      .camera("mob-a", "in-a", "M-A", "Singel", "zuid", "mobile = true")
      .camera("mob-b", "in-b", "M-B", "Gracht", "noord", "mobile = true")
      .camera("mob-c", "in-c", "M-C", "Laan", "west", "mobile = true")
      .display("sign-a", "in-a").display("sign-b", "in-b").display("sign-c", "in-c")
      .hocon();

  /** The cameras' keys; every cluster timing is the shipped one of cluster.conf. */
  private static final String SETTINGS = """
      anpr.camera-drivers.http.api-keys { "cam-a" = "cluster-key", "cam-b" = "cluster-key", "cam-c" = "cluster-key" }
      """;

  /** The city's goal: a killed node's devices run on a survivor within this time (issue 23). */
  private static final Duration FAILOVER_GOAL = Duration.ofSeconds(20);
  private static final PlateHasher HASHER = new PlateHasher("demo-only-secret-change-me-0123456789");
  private static final List<String> FIXED = List.of("cam-a", "cam-b", "cam-c");
  private static final Set<String> CAMERAS = Set.of("cam-a", "cam-b", "cam-c", "mob-a", "mob-b", "mob-c");
  private final SimulatedSigns signs = new SimulatedSigns();
  private final List<Controller> survivors = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Database database;
  private Process third;
  private int thirdHttpPort;
  private String thirdAddress;

  @BeforeAll
  void startThreeNodes() throws Exception {
    database = TestControllers.freshDatabase();
    Controller first = node(database, "", signs);
    assertEquals(Set.of("in-a", "in-b", "in-c"), first.devices().gates().keySet(), "alone, the first runs all");
    survivors.add(first);
    String seed = Cluster.get(first.system()).selfMember().address().toString();
    survivors.add(node(database, seed, signs));
    startThird(seed);
    awaitMembers(first.system(), 3);
    awaitRegions(first.system(), 3);
    // sharding moves gates to the nodes that joined: one each, so the third runs the gate the others do not
    TestProbe.create(first.system()).awaitAssert(Duration.ofSeconds(60), Duration.ofMillis(100), () -> {
      for (Controller node : survivors) {
        assertEquals(1, node.devices().gates().size(), "gates on node " + node.httpPort());
        assertEquals(2, node.devices().cameras().size());
        assertEquals(1, node.devices().displays().size());
      }
      return null;
    });
  }

  @AfterAll
  void stop() throws Exception {
    if (third != null) {
      third.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    for (Controller node : survivors) {
      node.close();
    }
    database.close();
  }

  private static Controller node(Database database, String seed, SimulatedSigns signs) throws Exception {
    String seeds = seed.isEmpty() ? "[]" : "[\"" + seed + "\"]";
    return Controller.start(TestControllers.config(SETTINGS + "pekko.cluster.seed-nodes = " + seeds), database,
        TestControllers.city(CITY), new Controller.Adapters(
            p -> CompletableFuture.completedFuture(Optional.of(van(p))), new ExemptionRegistry(),
            CameraDriverFactory.NONE, d -> signs.driverFor(d.id())));
  }

  /** Every vehicle of this test is a diesel Euro 4 van: in a ZE-zone, a violation. */
  private static VehicleFacts van(Plate p) {
    return new VehicleFacts(p, "Bedrijfsauto", "N1", "gesloten opbouw", Set.of(Fuel.DIESEL), Optional.of("4"),
        LocalDate.of(2008, 3, 1), 2800, 1900, Set.of("BB"));
  }

  /**
   * The third node, a JVM of its own on this test's classpath (so that it can be killed with SIGKILL): main
   * arguments are the database URL and user, the seed node and a file to write its HTTP port and cluster address
   * to once it is ready.
   */
  public static final class ThirdNode {
    public static void main(String[] args) throws Exception {
      Database database = Database.open(new DatabaseSettings(args[0], args[1], "", 4));
      Controller node = node(database, args[2], new SimulatedSigns());
      Path ready = Path.of(args[3]);
      Files.writeString(ready.resolveSibling(ready.getFileName() + ".tmp"), node.httpPort() + " "
          + Cluster.get(node.system()).selfMember().address());
      Files.move(ready.resolveSibling(ready.getFileName() + ".tmp"), ready);
      node.system().getWhenTerminated().toCompletableFuture().get();
    }
  }

  private void startThird(String seed) throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "cluster-failover"));
    Path ready = dir.resolve("third-" + UUID.randomUUID());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    third = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        ThirdNode.class.getName(), database.settings().url(), database.settings().user(), seed, ready.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("third-node.log").toFile()).start();
    TestProbe.create(survivors.get(0).system()).awaitAssert(Duration.ofMinutes(2), Duration.ofMillis(200), () -> {
      assertTrue(third.isAlive(), "the third node exited; see target/cluster-failover/third-node.log");
      assertTrue(Files.exists(ready), "the third node is not ready yet");
      return null;
    });
    String[] portAndAddress = Files.readString(ready).split(" ");
    thirdHttpPort = Integer.parseInt(portAndAddress[0]);
    thirdAddress = portAndAddress[1];
  }

  private List<Integer> httpPorts() {
    List<Integer> ports = new ArrayList<>(survivors.stream().map(Controller::httpPort).toList());
    ports.add(thirdHttpPort);
    return ports;
  }

  @Test
  @Order(1)
  void everyNodesControlRoomShowsTheDevicesOfEveryNode() throws Exception {
    for (int port : httpPorts()) {
      ApiClient controlRoom = ApiClient.as(port, "controlroom");
      TestProbe.create(survivors.get(0).system()).awaitAssert(Duration.ofSeconds(15), () -> {
        JsonNode devices = Json.MAPPER.readTree(controlRoom.get("/api/control-room/devices").body());
        Set<String> ids = new HashSet<>();
        devices.forEach(d -> ids.add(d.get("id").asText()));
        assertEquals(Set.of("cam-a", "cam-b", "cam-c", "mob-a", "mob-b", "mob-c", "sign-a", "sign-b", "sign-c",
            "in-a", "in-b", "in-c"), ids, "node on port " + port);
        // and the device lists of the API name every device of the city, each running somewhere
        assertEquals(CAMERAS, running(controlRoom, "/api/cameras", "cameraId"));
        assertEquals(Set.of("in-a", "in-b", "in-c"), running(controlRoom, "/api/gates", "gateId"));
        assertEquals(Set.of("sign-a", "sign-b", "sign-c"), running(controlRoom, "/api/displays", "displayId"));
        return null;
      });
    }
  }

  /** The devices of a list that answered with their status (not listed as moving). */
  private static Set<String> running(ApiClient client, String path, String field) throws Exception {
    HttpResponse<String> response = client.get(path);
    assertEquals(200, response.statusCode(), response.body());
    Set<String> ids = new HashSet<>();
    Json.MAPPER.readTree(response.body()).forEach(d -> {
      if (!d.path("moving").asBoolean(false)) {
        ids.add(d.get(field).asText());
      }
    });
    return ids;
  }

  @Test
  @Order(2)
  void devicesAndBucketsOfAKilledNodeResumeOnTheSurvivorsAndEveryViolationIsDecidedOnce() throws Exception {
    Controller a = survivors.get(0);
    Controller b = survivors.get(1);
    Set<String> elsewhere = new HashSet<>(Set.of("in-a", "in-b", "in-c"));
    survivors.forEach(n -> elsewhere.removeAll(n.devices().gates().keySet()));
    String gate = elsewhere.iterator().next();
    String suffix = gate.substring("in-".length());
    String fixed = "cam-" + suffix;
    String mobile = "mob-" + suffix;
    String sign = "sign-" + suffix;

    List<Plate> before = vans("KA", 60);
    Instant at = Instant.now();
    passAll(before, at);
    assertEquals(60, caseRows());

    // the buckets of these vans that run on neither survivor run on the third node
    Set<String> onSurvivors = new HashSet<>(bucketsOn(a.system()));
    onSurvivors.addAll(bucketsOn(b.system()));
    Set<String> onKilled = new HashSet<>();
    before.forEach(p -> onKilled.add(Zone.entityId("ze", HASHER.hash(p))));
    onKilled.removeAll(onSurvivors);
    assertFalse(onKilled.isEmpty(), "the third node hosts no zone bucket, so killing it would prove nothing");

    // Operations switch off the mobile camera on the doomed node and move it: both must hold where it goes.
    ApiClient operations = ApiClient.as(thirdHttpPort, "operations");
    assertEquals(200, operations.post("/api/cameras/" + mobile + "/site", """
        {"locationCode": "M-NEW", "street": "Nieuwegracht", "direction": "oost", "lat": 52.088, "lon": 5.125}""")
        .statusCode());
    assertEquals(200, operations.post("/api/cameras/" + mobile + "/enabled", "{\"enabled\": false}").statusCode());

    // Meanwhile the control room reads the device lists of a survivor, and the killed node's fixed camera
    // pushes to a survivor, resending what is not acknowledged, as cameras do.
    ListWatch lists = new ListWatch(ApiClient.as(a.httpPort(), "controlroom"));
    CameraDuringFailover camera = new CameraDuringFailover(fixed, b.httpPort());
    lists.start();
    camera.start();

    Instant killedAt = Instant.now();
    third.destroyForcibly();   // SIGKILL
    assertTrue(third.waitFor(10, TimeUnit.SECONDS));
    assertEquals(137, third.exitValue(), "killed by SIGKILL");
    // a crash, not a leave: the survivors find the node unreachable, then the split brain resolver downs it
    TestProbe.create(a.system()).awaitAssert(Duration.ofSeconds(15), Duration.ofMillis(20), () -> {
      assertTrue(Cluster.get(a.system()).state().getUnreachable().stream()
          .anyMatch(m -> m.address().toString().equals(thirdAddress)));
      return null;
    });
    Duration unreachable = Duration.between(killedAt, Instant.now());
    TestProbe.create(a.system()).awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(20), () -> {
      assertTrue(StreamSupport.stream(Cluster.get(a.system()).state().getMembers().spliterator(), false)
          .noneMatch(m -> m.address().toString().equals(thirdAddress) && m.status() != MemberStatus.down()));
      return null;
    });
    Duration downed = Duration.between(killedAt, Instant.now());
    // Its gate, cameras and sign come up on a survivor within the city's 20 s.
    TestProbe.create(a.system()).awaitAssert(Duration.ofMinutes(2), Duration.ofMillis(20), () -> {
      assertTrue(survivors.stream().anyMatch(n -> n.devices().gates().containsKey(gate)
          && n.devices().cameras().keySet().containsAll(Set.of(fixed, mobile))
          && n.devices().displays().containsKey(sign)), gate + " runs on no survivor");
      return null;
    });
    Duration failover = Duration.between(killedAt, Instant.now());
    // and every node's device lists show them running
    TestProbe.create(a.system()).awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(20), () -> {
      for (Controller node : survivors) {
        assertEquals(CAMERAS, running(ApiClient.as(node.httpPort(), "controlroom"), "/api/cameras", "cameraId"));
      }
      return null;
    });
    Duration listed = Duration.between(killedAt, Instant.now());
    System.out.printf("Killed node: unreachable after %d ms, downed after %d ms, gate %s with its cameras and "
            + "sign running on a survivor after %d ms, listed as running on both survivors after %d ms%n",
        unreachable.toMillis(), downed.toMillis(), gate, failover.toMillis(), listed.toMillis());
    assertTrue(failover.compareTo(FAILOVER_GOAL) < 0, "failover took " + failover);
    awaitMembers(a.system(), 2);

    camera.finishAfter(3);
    lists.stop();
    assertEquals(List.of(), lists.failures(), "the device lists answered with every device throughout");
    assertTrue(lists.moving() > 0, "the lists showed the killed node's devices as moving at some point");
    assertEquals(Set.of(200, 503), camera.statuses(), "pushes during the failover: taken, or 503 to resend");
    System.out.printf("During the failover: %d device-list reads, %d with devices moving; %d passages pushed, "
        + "%d answers 503 (resent)%n", lists.reads(), lists.moving(), camera.acknowledged().size(), camera.retries());

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

    int duringFailover = camera.acknowledged().size();

    // The same vans again the same day, and new ones: only the new ones make cases.
    List<Plate> after = vans("KB", 30);
    List<Plate> again = new ArrayList<>(before);
    again.addAll(after);
    passAll(again, at.plusSeconds(60));

    Set<String> survived = new HashSet<>(bucketsOn(a.system()));
    survived.addAll(bucketsOn(b.system()));
    assertTrue(survived.containsAll(onKilled), "the killed node's buckets run on the survivors");
    assertEquals(90 + duringFailover, caseRows(), "every violation decided once: no case lost, none twice");
    assertEquals(0, duplicateCases());
    assertEquals(90 + duringFailover, journalEvents());
    // every passage acknowledged during the failover has its one case
    for (Plate p : camera.acknowledged()) {
      assertEquals(1, count("SELECT count(*) FROM cases WHERE plate = '" + p.text() + "'"), p.text());
    }

    // Any node takes HTTP pushes for any camera, also one that ran on the killed node: sent to the survivor
    // that does not run it now, it becomes one case.
    Controller other = host == a ? b : a;
    Plate pushed = vans("KC", 1).get(0);
    HttpResponse<String> response = push(other.httpPort(), fixed, pushed, Instant.now());
    assertEquals(200, response.statusCode(), response.body());
    assertFalse(other.devices().cameras().containsKey(fixed));
    assertEquals(91 + duringFailover, caseRows());
    assertEquals(1, count("SELECT count(*) FROM cases WHERE plate = '" + pushed.text() + "'"));

    // A device's actions work on any node as well: operations on that survivor switch the moved mobile camera
    // on again, and the camera, running on the other survivor, is on.
    assertEquals(200, ApiClient.as(other.httpPort(), "operations")
        .post("/api/cameras/" + mobile + "/enabled", "{\"enabled\": true}").statusCode());
    assertTrue(AskPattern.<Camera.Command, Camera.Status>ask(host.devices().cameras().get(mobile),
        Camera.GetStatus::new, Duration.ofSeconds(5), host.system().scheduler()).toCompletableFuture()
        .get(5, TimeUnit.SECONDS).enabled());
  }

  /** Reads a node's camera list over and over, noting any answer that is not every camera of the city. */
  private static final class ListWatch {
    private final ApiClient client;
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger moving = new AtomicInteger();
    private volatile boolean running = true;
    private final Thread thread;

    ListWatch(ApiClient client) {
      this.client = client;
      this.thread = new Thread(this::watch, "list-watch");
    }

    void start() {
      thread.start();
    }

    private void watch() {
      while (running) {
        try {
          HttpResponse<String> r = client.get("/api/cameras");
          Set<String> ids = new HashSet<>();
          boolean anyMoving = false;
          if (r.statusCode() == 200) {
            for (JsonNode d : Json.MAPPER.readTree(r.body())) {
              ids.add(d.get("cameraId").asText());
              anyMoving |= d.path("moving").asBoolean(false);
            }
          }
          if (r.statusCode() != 200 || !ids.equals(CAMERAS)) {
            failures.add(r.statusCode() + " " + r.body());
          }
          reads.incrementAndGet();
          if (anyMoving) {
            moving.incrementAndGet();
          }
        } catch (Exception e) {
          failures.add(e.toString());
        }
      }
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(10_000);
    }

    List<String> failures() {
      return new ArrayList<>(failures);
    }

    int reads() {
      return reads.get();
    }

    int moving() {
      return moving.get();
    }
  }

  /**
   * A camera pushing one new van after another to a node over HTTP, each resent (same id) until acknowledged,
   * as a camera does with a 503.
   */
  private final class CameraDuringFailover {
    private final String cameraId;
    private final int port;
    private final List<Plate> acknowledged = Collections.synchronizedList(new ArrayList<>());
    private final Set<Integer> statuses = ConcurrentHashMap.newKeySet();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger remaining = new AtomicInteger(Integer.MAX_VALUE);
    private final Thread thread;
    private volatile Throwable failure;

    CameraDuringFailover(String cameraId, int port) {
      this.cameraId = cameraId;
      this.port = port;
      this.thread = new Thread(this::push, "camera-" + cameraId);
    }

    void start() {
      thread.start();
    }

    private void push() {
      try {
        for (int i = 0; remaining.getAndDecrement() > 0; i++) {
          Plate plate = Plate.dutch("KM%03dX".formatted(i));
          Instant at = Instant.now();
          while (true) {
            HttpResponse<String> r = ClusterFailoverIT.this.push(port, cameraId, plate, at);
            statuses.add(r.statusCode());
            if (r.statusCode() != 503) {
              break;
            }
            retries.incrementAndGet();
            Thread.sleep(200);   // a camera waits a moment before it resends
          }
          acknowledged.add(plate);
        }
      } catch (Exception e) {
        failure = e;
      }
    }

    /** Pushes {@code count} more vans, then stops. */
    void finishAfter(int count) throws InterruptedException {
      remaining.set(count);
      thread.join(60_000);
      assertFalse(thread.isAlive());
      assertEquals(null, failure);
    }

    Set<Integer> statuses() {
      return new HashSet<>(statuses);
    }

    List<Plate> acknowledged() {
      return new ArrayList<>(acknowledged);
    }

    int retries() {
      return retries.get();
    }
  }

  private static List<Plate> vans(String prefix, int count) {
    List<Plate> plates = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      plates.add(Plate.dutch(prefix + String.format("%03d", i) + "X"));
    }
    return plates;
  }

  /**
   * Each van through one of the fixed cameras in turn, pushed over HTTP to the survivors in turn: a 200 says its
   * outcome is safe (the zone's decision persisted).
   */
  private void passAll(List<Plate> plates, Instant at) throws Exception {
    for (int i = 0; i < plates.size(); i++) {
      HttpResponse<String> r = push(survivors.get(i % 2).httpPort(), FIXED.get(i % FIXED.size()), plates.get(i), at);
      assertEquals(200, r.statusCode(), r.body());
    }
  }

  private HttpResponse<String> push(int port, String camera, Plate plate, Instant at) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + port + "/api/cameras/" + camera + "/passages"))
        .header("Content-Type", "application/json").header("X-Api-Key", "cluster-key")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"id": "%s-%s-%d", "timestamp": "%s", "plate": {"text": "%s", "country": "NL", "confidence": 0.96},
             "vehicle": {"category": "N1"}}""".formatted(camera, plate.text(), at.toEpochMilli(), at,
            plate.display())))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private Set<String> bucketsOn(ActorSystem<?> system) throws Exception {
    ShardRegion.CurrentShardRegionState state = AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
        ClusterSharding.get(system).shardState(), r -> new GetShardRegionState(Zone.ENTITY_TYPE_KEY, r),
        Duration.ofSeconds(5), system.scheduler()).toCompletableFuture().get(5, TimeUnit.SECONDS);
    Set<String> entities = new HashSet<>();
    state.getShards().forEach(shard -> entities.addAll(shard.getEntityIds()));
    return entities;
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
    TestProbe<Object> probe = TestProbe.create(survivors.get(0).system());
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
