package nl.opencordon.controller.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import nl.opencordon.domain.Plate;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.DatabaseSettings;
import nl.opencordon.persistence.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * At least once, end to end, against real processes: the controller runs as a JVM of its own
 * ({@link CrashTestController}) under steady load (2,000 passages/s over HTTP in batches, one in ten a
 * violation, and passages published over MQTT to a private Mosquitto with persistence). It is killed with
 * SIGKILL at a random moment, five times; in the other test its PostgreSQL (a private one) crashes and restarts
 * under the load, three times. After each every passage that was acknowledged (HTTP 2xx; for MQTT, the broker's PUBACK to the
 * camera, since the broker holds what the controller did not acknowledge) has exactly one case in the cases
 * table, and no compliant vehicle has any. Batches that got no 2xx are resent afterwards, as a camera does,
 * and must not make a second case.
 * Figures go to {@code target/crash-recovery.txt}.
 */
class CrashRecoveryIT {
  private static final int KILLS = 5;
  private static final int DATABASE_CRASHES = 3;
  private static final int BATCH = 50;
  private static final int SENDERS = 4;
  /** Passages per second over HTTP, all senders together; one in ten is a violation. */
  private static final int HTTP_RATE = 2000;
  private static final int MQTT_FIRST = 2_000_000;
  private static final String LETTERS = "BDFGHJKLNPRSTVXZ";
  private static final Duration WAIT = Duration.ofSeconds(90);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final AtomicInteger nextPlate = new AtomicInteger();
  /** Plates of passages whose acknowledgement the camera got. */
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  /** Batches that got no 2xx, to send again after the restart. */
  private final ConcurrentLinkedQueue<Batch> unacknowledged = new ConcurrentLinkedQueue<>();
  private final Map<String, Plate> mqttPlates = new ConcurrentHashMap<>();
  private final List<String> report = new ArrayList<>();
  private final String clientIdPrefix = "crash-" + UUID.randomUUID().toString().substring(0, 8);
  private DatabaseSettings schema;
  private PrivateBroker broker;
  private PrivatePostgres postgres;
  private StreetCamera street;
  private Process controller;
  private int port;

  @BeforeEach
  void start() throws Exception {
    broker = PrivateBroker.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (street != null) {
      street.close();
    }
    if (controller != null) {
      controller.destroyForcibly().waitFor();
    }
    broker.close();
    if (postgres != null) {
      postgres.close();
    }
  }

  /** A database for the controller, migrated before any controller runs. */
  private void useDatabase(DatabaseSettings settings) {
    schema = settings;
    Database.open(schema).close();
  }

  @Test
  void everyAcknowledgedViolationHasExactlyOneCaseAfterEachKill() throws Exception {
    useDatabase(TestDatabase.freshSchema());
    long seed = System.nanoTime();
    Random random = new Random(seed);
    report.add("# crash recovery, seed " + seed + " (" + Instant.now() + "): HTTP " + HTTP_RATE
        + " passages/s in batches of " + BATCH + ", one in ten a violation, MQTT 10/s; killed with SIGKILL " + KILLS
        + " times");
    startController();
    startMqttTraffic();
    for (int kill = 1; kill <= KILLS; kill++) {
      Load load = loadUntilARandomMoment(random);
      Instant killed = Instant.now();
      controller.destroyForcibly().waitFor();
      load.stop();
      int acked = acknowledged.size();
      Instant up = startController();
      int resent = resendUnacknowledged();
      Instant complete = awaitOneCaseForEveryAcknowledgedPassage();
      report.add(String.format("kill %d: %d passages acknowledged so far, %d batches resent; controller up again "
              + "%d ms after the kill, every acknowledged passage a case %d ms after that", kill, acked, resent,
          Duration.between(killed, up).toMillis(), Duration.between(up, complete).toMillis()));
    }
    finish();
  }

  @Test
  void everyAcknowledgedViolationHasExactlyOneCaseAfterPostgresCrashes() throws Exception {
    postgres = PrivatePostgres.start();
    useDatabase(postgres.settings());
    long seed = System.nanoTime();
    Random random = new Random(seed);
    report.add("# PostgreSQL crash recovery, seed " + seed + " (" + Instant.now() + "): HTTP " + HTTP_RATE
        + " passages/s in batches of " + BATCH + ", one in ten a violation, MQTT 10/s; PostgreSQL crashed "
        + "(immediate shutdown) and restarted " + DATABASE_CRASHES + " times under the load");
    startController();
    startMqttTraffic();
    for (int crash = 1; crash <= DATABASE_CRASHES; crash++) {
      Load load = loadUntilARandomMoment(random);
      postgres.crash();
      int acked = acknowledged.size();
      Instant back = postgres.begin();
      // The load goes on: passages are acknowledged again once the controller reconnected.
      Instant again = FaultRig.await(WAIT, "passages acknowledged after the restart",
          () -> acknowledged.size() > acked + 4 * BATCH);
      load.stop();
      int resent = resendUnacknowledged();
      Instant complete = awaitOneCaseForEveryAcknowledgedPassage();
      report.add(String.format("crash %d: %d passages acknowledged before it, %d batches resent; acknowledging "
              + "again %d ms after PostgreSQL was back, every acknowledged passage a case %d ms after it was back",
          crash, acked, resent, Duration.between(back, again).toMillis(), Duration.between(back, complete).toMillis()));
    }
    finish();
  }

  /** Starts the load and returns at a random moment: some passages acknowledged, then 0-2 s more. */
  private Load loadUntilARandomMoment(Random random) throws Exception {
    Load load = new Load();
    int before = acknowledged.size();
    FaultRig.await(WAIT, "passages acknowledged under load", () -> acknowledged.size() > before + 4 * BATCH);
    TimeUnit.MILLISECONDS.sleep(random.nextInt(2000));
    return load;
  }

  private Instant awaitOneCaseForEveryAcknowledgedPassage() throws Exception {
    Set<String> expected = violations(expected());
    Instant complete = FaultRig.await(WAIT, "a case for every acknowledged passage",
        () -> casesPerPlate().keySet().containsAll(expected));
    assertExactlyOneCaseEach(expected);
    return complete;
  }

  private void finish() throws Exception {
    street.stopTraffic();
    awaitOneCaseForEveryAcknowledgedPassage();
    Set<String> acknowledgedPlates = expected();
    report.add("total: " + acknowledgedPlates.size() + " acknowledged passages, of which "
        + violations(acknowledgedPlates).size() + " violations, each exactly one case, and no case of another");
    Path file = Path.of("target", "crash-recovery.txt");
    Files.writeString(file, String.join("\n", report) + "\n\n", java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    report.forEach(System.out::println);
  }

  /** Plates of the HTTP passages answered 2xx and the MQTT ones the broker acknowledged. */
  private Set<String> expected() {
    Set<String> plates = new HashSet<>(acknowledged);
    street.acknowledged().forEach(record -> plates.add(mqttPlates.get(record).text()));
    return plates;
  }

  /** The plates of vehicles that may not enter, among {@code plates}. */
  private static Set<String> violations(Set<String> plates) {
    Set<String> violators = new HashSet<>(plates);
    violators.removeIf(p -> !CrashTestController.violator(Plate.dutch(p)));
    return violators;
  }

  /** Every acknowledged violation has one case, and no compliant vehicle has any (nor reached the table). */
  private void assertExactlyOneCaseEach(Set<String> plates) throws Exception {
    Map<String, Integer> cases = casesPerPlate();
    assertTrue(cases.keySet().containsAll(plates));
    cases.forEach((plate, n) -> {
      assertEquals(1, n, () -> "cases for plate " + plate);
      assertTrue(CrashTestController.violator(Plate.dutch(plate)), () -> "a case of compliant " + plate);
    });
  }

  /** A distinct plate per number (up to four million): XX-999-X. */
  private static Plate plate(int n) {
    return Plate.dutch("" + LETTERS.charAt(n % 16) + LETTERS.charAt(n / 16 % 16)
        + String.format("%03d", n / 256 % 1000) + LETTERS.charAt(n / 256_000 % 16));
  }

  /** Starts the controller JVM and returns once it serves HTTP. */
  private Instant startController() throws Exception {
    CrashTestController.Running running = CrashTestController.start(schema, broker.url(), clientIdPrefix,
        Path.of("target", "crash-controller.log"));
    controller = running.process();
    port = running.port();
    return running.up();
  }

  /** MQTT traffic starts once the controller's persistent session exists: a first passage made a case. */
  private void startMqttTraffic() throws Exception {
    street = new StreetCamera(broker.url(), "cordon/cameras", "mqtt-1");
    int probe = 3_000_000;
    while (!CrashTestController.violator(plate(probe))) {
      probe++;
    }
    Plate first = plate(probe);
    FaultRig.await(WAIT, "the controller subscribed to MQTT", () -> {
      street.publish(FaultRig.record("m-0", first));
      return casesPerPlate().containsKey(first.text());
    });
    street.traffic(n -> {
      Plate plate = plate(MQTT_FIRST + n);
      String record = FaultRig.record("m-" + n, plate);
      mqttPlates.put(record, plate);
      return record;
    });
  }

  /** Sends every batch that got no 2xx again, as a camera does, until each gets one. */
  private int resendUnacknowledged() throws Exception {
    List<Batch> batches = new ArrayList<>(unacknowledged);
    unacknowledged.clear();
    for (Batch batch : batches) {
      FaultRig.await(WAIT, "a resent batch acknowledged", () -> push(batch));
    }
    return batches.size();
  }

  /** A request body of passage records and the plates in them. */
  private record Batch(String body, List<String> plates) {}

  /** Pushes a batch; true when it was acknowledged, and then its plates are. */
  private boolean push(Batch batch) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                  + "/api/cameras/push-1/passages")).timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json").header("X-Api-Key", FaultRig.API_KEY)
              .POST(HttpRequest.BodyPublishers.ofString(batch.body())).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        return false;
      }
      acknowledged.addAll(batch.plates());
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Map<String, Integer> casesPerPlate() throws Exception {
    Map<String, Integer> cases = new HashMap<>();
    try (Connection c = DriverManager.getConnection(schema.url(), schema.user(), "");
         ResultSet rs = c.createStatement().executeQuery("SELECT plate, count(*) FROM cases GROUP BY plate")) {
      while (rs.next()) {
        cases.put(rs.getString(1), rs.getInt(2));
      }
    }
    return cases;
  }

  /** Senders that push batches of new violating passages at a steady rate until stopped. */
  private final class Load {
    private volatile boolean running = true;
    private final List<Thread> senders = new ArrayList<>();

    Load() {
      long interval = TimeUnit.SECONDS.toNanos(1) * BATCH * SENDERS / HTTP_RATE;
      for (int i = 0; i < SENDERS; i++) {
        Thread t = new Thread(() -> {
          long next = System.nanoTime();
          while (running) {
            Batch batch = batch();
            if (!push(batch)) {
              unacknowledged.add(batch);
            }
            next += interval;
            LockSupport.parkNanos(next - System.nanoTime());
          }
        }, "crash-load-" + i);
        t.start();
        senders.add(t);
      }
    }

    private Batch batch() {
      List<String> records = new ArrayList<>();
      List<String> plates = new ArrayList<>();
      for (int i = 0; i < BATCH; i++) {
        int n = nextPlate.getAndIncrement();
        if (n >= MQTT_FIRST) {
          throw new IllegalStateException("out of distinct plates for HTTP");
        }
        Plate plate = plate(n);
        records.add(FaultRig.record("h-" + n, plate));
        plates.add(plate.text());
      }
      return new Batch("[" + String.join(",", records) + "]", plates);
    }

    void stop() throws InterruptedException {
      running = false;
      for (Thread t : senders) {
        t.join();
      }
    }
  }
}
