package nl.opencordon.controller.devices;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import nl.opencordon.actors.DeviceHealth;
import nl.opencordon.actors.DeviceHealthChanged;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.display.Display;
import nl.opencordon.controller.Controller;
import nl.opencordon.controller.TestControllers;
import nl.opencordon.displays.sim.SimulatedSigns;
import nl.opencordon.domain.CityBuilder;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.Fuel;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.VehicleFacts;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.DatabaseSettings;
import nl.opencordon.persistence.TestDatabase;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A controller on a real PostgreSQL with one entry gate: an HTTP push camera, an MQTT camera, a simulated
 * LED sign and a vehicle register the test controls; plus the health changes as they happen and the
 * recovery times measured, written to {@code target/recovery-times.txt}.
 */
final class FaultRig implements AutoCloseable {
  static final String API_KEY = "fault-test-key";
  static final String CITY = CityBuilder.named("Storingsstad")
      .zone("ze", "ZE-zone", CityBuilder.NATIONAL_ZE, CityBuilder.PHASED_2025)
      .gate("in", "ze", "entry", 52.09, 5.11)
      .camera("push-1", "in", "F-01", "Weerdsingel", "zuid", "lane = 1")
      .camera("mqtt-1", "in", "F-02", "Weerdsingel", "zuid", "lane = 2")
      .display("in-led", "in")
      .hocon();
  private static final String LETTERS = "BDFGHJKLNPRSTVXZ";

  final Controller controller;
  final Database database;
  final SimulatedSigns signs = new SimulatedSigns();
  /** Per plate, how long the register takes to answer; absent: at once. */
  final Map<Plate, Duration> slowPlates = new ConcurrentHashMap<>();
  final String applicationName = "anpr-faults-" + UUID.randomUUID().toString().substring(0, 8);
  private final Map<Plate, VehicleFacts> register = new ConcurrentHashMap<>();
  private final Queue<DeviceHealthChanged> health = new ConcurrentLinkedQueue<>();
  private final Map<String, List<Duration>> recoveries = new java.util.LinkedHashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();

  /** @param overrides extra configuration, e.g. the MQTT camera's broker */
  FaultRig(String overrides) throws Exception {
    DatabaseSettings schema = TestDatabase.freshSchema();
    // Named connections, so the test can cut exactly this controller's ones.
    database = Database.open(schema.withUrl(schema.url() + "&ApplicationName=" + applicationName));
    controller = Controller.start(TestControllers.config(overrides + """

            anpr.camera-drivers.cameras { "push-1" { driver = http } }
            anpr.camera-drivers.http.api-keys { "push-1" = "%s" }
            anpr.camera-drivers.mqtt.client-id-prefix = "%s"
            anpr.actors.camera.silent-after = 1s
            anpr.actors.camera.health-check-interval = 50ms
            anpr.actors.display { ping-interval = 1s, driver-timeout = 1s, min-show-time = 200ms, show-time = 1s }
            """.formatted(API_KEY, applicationName)), database, TestControllers.city(CITY),
        new Controller.Adapters(this::lookup, new ExemptionRegistry(), CameraDriverFactory.NONE,
            d -> signs.driverFor(d.id())));
    ActorRef<DeviceHealthChanged> recorder = controller.system().systemActorOf(
        Behaviors.receive(DeviceHealthChanged.class).onMessage(DeviceHealthChanged.class, e -> {
          health.add(e);
          return Behaviors.same();
        }).build(), "health-recorder", Props.empty());
    controller.system().eventStream().tell(new EventStream.Subscribe<>(DeviceHealthChanged.class, recorder));
  }

  private CompletableFuture<Optional<VehicleFacts>> lookup(Plate plate) {
    Optional<VehicleFacts> facts = Optional.ofNullable(register.get(plate));
    Duration delay = slowPlates.get(plate);
    return delay == null ? CompletableFuture.completedFuture(facts) : CompletableFuture.supplyAsync(() -> facts,
        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** A distinct plate per number: XX-99-XX. */
  static Plate plate(int n) {
    return Plate.dutch("" + LETTERS.charAt(n % 16) + LETTERS.charAt(n / 16 % 16) + String.format("%02d", n / 256 % 100)
        + "ZX");
  }

  /** A diesel van of 2008: not allowed in a zero-emission zone, so its passage makes a case. */
  Plate violator(int n) {
    Plate p = plate(n);
    register.put(p, new VehicleFacts(p, "Bedrijfsauto", "N1", "gesloten opbouw", Set.of(Fuel.DIESEL),
        Optional.of("4"), LocalDate.of(2008, 3, 1), 2800, 1900, Set.of("BB")));
    return p;
  }

  /** A passage record in the push format, seen now. */
  static String record(String id, Plate plate) {
    return """
        {"id": "%s", "timestamp": "%s", "plate": {"text": "%s", "country": "NL", "confidence": 0.96},
         "vehicle": {"category": "N1"}}""".formatted(id, Instant.now(), plate.display());
  }

  HttpResponse<String> push(String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controller.httpPort()
                + "/api/cameras/push-1/passages"))
            .header("Content-Type", "application/json").header("X-Api-Key", API_KEY)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  Camera.Status camera(String id) throws Exception {
    return AskPattern.<Camera.Command, Camera.Status>ask(controller.devices().cameras().get(id),
        Camera.GetStatus::new, Duration.ofSeconds(5), controller.system().scheduler()).toCompletableFuture().get();
  }

  Display.Status display(String id) throws Exception {
    return AskPattern.<Display.Command, Display.Status>ask(controller.devices().displays().get(id),
        Display.GetStatus::new, Duration.ofSeconds(5), controller.system().scheduler()).toCompletableFuture().get();
  }

  nl.opencordon.actors.gate.Gate.Status gate(String id) throws Exception {
    return AskPattern.<nl.opencordon.actors.gate.Gate.Command, nl.opencordon.actors.gate.Gate.Status>ask(
        controller.devices().gates().get(id), nl.opencordon.actors.gate.Gate.GetStatus::new, Duration.ofSeconds(5),
        controller.system().scheduler()).toCompletableFuture().get();
  }

  /** Passages a camera accepted (resends not counted). */
  int accepted(String cameraId) throws Exception {
    return camera(cameraId).last10Minutes().total();
  }

  /** Waits for a device to change to {@code to} at or after {@code since}; returns when it did. */
  Instant awaitHealth(String deviceId, DeviceHealth to, Instant since, Duration max) throws Exception {
    Instant[] at = {null};
    await(max, deviceId + " to become " + to, () -> {
      for (DeviceHealthChanged e : health) {
        if (e.deviceId().equals(deviceId) && e.to() == to && !e.at().isBefore(since)) {
          at[0] = e.at();
          return true;
        }
      }
      return false;
    });
    return at[0];
  }

  /** A condition to wait for; one that throws counts as not yet, as a read model reconnecting does. */
  interface Condition {
    boolean holds() throws Exception;
  }

  /** Polls {@code condition} every 10 ms until it holds; fails after {@code max}. Returns when it held. */
  static Instant await(Duration max, String what, Condition condition) throws Exception {
    Instant deadline = Instant.now().plus(max);
    Exception last = null;
    while (true) {
      try {
        if (condition.holds()) {
          return Instant.now();
        }
      } catch (Exception e) {
        last = e;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within " + max + ": " + what, last);
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  /** Case ids in the read model for a plate. */
  List<String> cases(Plate plate) throws Exception {
    return controller.cases().list(null, 10_000).stream().filter(c -> c.plate().equals(plate.text()))
        .map(c -> c.caseId()).toList();
  }

  /** Cuts every PostgreSQL connection of this controller (journal and read models); returns how many. */
  int dropDatabaseConnections() throws Exception {
    try (Connection c = java.sql.DriverManager.getConnection(TestDatabase.BASE_URL, TestDatabase.USER, "");
         ResultSet rs = c.createStatement().executeQuery(
             "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '"
                 + applicationName + "'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  void recovered(String fault, Instant faultEnd, Instant recovered) {
    recoveries.computeIfAbsent(fault, f -> new ArrayList<>()).add(Duration.between(faultEnd, recovered));
  }

  /** Prints the recovery times and appends them to target/recovery-times.txt. */
  void report(String title) throws Exception {
    StringBuilder out = new StringBuilder("# " + title + " (" + Instant.now() + ")\n");
    recoveries.forEach((fault, times) -> {
      List<Long> ms = times.stream().map(Duration::toMillis).sorted().toList();
      long median = ms.size() % 2 == 1 ? ms.get(ms.size() / 2) : (ms.get(ms.size() / 2 - 1) + ms.get(ms.size() / 2)) / 2;
      out.append(String.format("%-72s n=%d median=%5d ms worst=%5d ms all=%s%n", fault, ms.size(), median,
          ms.get(ms.size() - 1), ms));
    });
    System.out.print(out);
    Path file = Path.of("target", "recovery-times.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, out + "\n", java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  @Override
  public void close() throws Exception {
    controller.close();
    database.close();
  }
}
