package nl.opencordon.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import nl.opencordon.persistence.DatabaseSettings;
import nl.opencordon.persistence.TestDatabase;
import nl.opencordon.security.PasswordHash;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as a municipality gets it: the archive of this build, unpacked into an empty folder, started
 * with {@code bin/cordon run --config FILE} on a city file of its own, against the test PostgreSQL (a fresh
 * schema), the real Mosquitto (127.0.0.1:1883) and a stand-in for the RDW API serving the real records in
 * ../shared/data/rdw. A camera publishes two passages over MQTT; the violating one must reach the officer's
 * queue. Then {@code bin/cordon check-config} must reject a broken city file, naming what is wrong.
 *
 * <p>The city is a milieuzone with minimum diesel class 6 for cars and a moped rule from 2011 (Regime.Milieuzone):
 * TT601D, a diesel Euro 5 passenger car (M1, 2013), is refused (MZ-5); F794KP, a petrol moped first admitted
 * 2012-08-23, is allowed (MZ-9). In a ZE-zone both would be out of scope (neither is a van or truck).
 */
class CordonRunIT {
  static final String MQTT_BROKER = System.getenv().getOrDefault("ANPR_TEST_MQTT_BROKER", "tcp://127.0.0.1:1883");
  static final String OFFICER_PASSWORD = "officer-" + UUID.randomUUID();
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String camera = "it-cam-" + run;
  private final String topicPrefix = "it-" + run + "/cameras";
  private CordonInstall install;
  private HttpServer rdw;
  private Path work;

  @BeforeEach
  void unpackAndServeRdw() throws Exception {
    install = CordonInstall.unpack(tmp);
    assertTrue(Files.isRegularFile(install.home.resolve("LICENSE"))
        && Files.isRegularFile(install.home.resolve("NOTICE")), "the licence and the notices travel with the product");
    work = install.work;
    rdw = CordonInstall.rdwServer(CordonInstall.rdwFixtures(), plate -> plate);
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    install.close();
    if (rdw != null) {
      rdw.stop(0);
    }
  }

  @Test
  void runsACityFromTheArchiveAndRejectsABrokenOne() throws Exception {
    int httpPort = CordonInstall.freePort();
    Path config = work.resolve("it-city.conf");
    Files.writeString(config, cityConfig(httpPort, TestDatabase.freshSchema()));

    long t0 = System.nanoTime();
    Process cordon = install.start(List.of("run", "--config", config.toString()), work.resolve("cordon.log"));
    URI base = URI.create("http://127.0.0.1:" + httpPort);
    CordonInstall.awaitReady(cordon, base, work.resolve("cordon.log"));
    System.out.printf("bin/cordon run: ready after %d ms%n", Duration.ofNanos(System.nanoTime() - t0).toMillis());
    assertEquals(200, get(base.resolve("/health/alive"), Optional.empty()).statusCode());

    publishPassages(List.of("F794KP", "TT601D"));
    JsonNode item = awaitCase(base, "TT601D", cordon, work.resolve("cordon.log"));
    assertEquals(camera, item.path("cameraId").asText(), item.toString());
    assertEquals("mz-centrum", item.path("zoneId").asText(), item.toString());
    assertFalse(queuePlates(base).contains("F794KP"), "the allowed moped is not in the queue");

    // check-config: the good file passes, a broken one fails with the paths of its problems
    CheckResult good = check(config);
    assertEquals(0, good.exitCode(), good.output());
    Path broken = work.resolve("broken-city.conf");
    Files.writeString(broken, Files.readString(config)
        + "\nanpr.controller.plate-hash-secret = \"too-short\"\n"
        + "anpr.city.gates = [{id = \"noord\", zone = \"no-such-zone\", kind = entry, position = [52.37, 4.89]}]\n");
    CheckResult result = check(broken);
    assertEquals(1, result.exitCode(), result.output());
    assertTrue(result.output().contains("anpr.controller.plate-hash-secret"), result.output());
    assertTrue(result.output().contains("gates[0]"), result.output());
  }

  private String cityConfig(int httpPort, DatabaseSettings db) throws IOException {
    String officerHash = PasswordHash.of(OFFICER_PASSWORD).encoded();
    return """
        anpr.city {
          name = "Teststad"
          zones = [{
            id = "mz-centrum"
            name = "Milieuzone Centrum"
            regime {type = milieuzone, min-diesel-light-class = 6, min-diesel-heavy-class = 6,
                    moped-first-admission-from = "2011-01-01"}
            phases {announcement = "2020-01-01", warning = "2020-02-01", enforcement = "2020-03-01"}
            recidive-term = 14d
            warning-interval = 28d
          }]
          gates = [{id = "noord", zone = "mz-centrum", kind = entry, position = [52.37, 4.89]}]
          cameras = [{id = "%1$s", gate = "noord", lane = 1,
                      site {location-code = "TS-N01", street = "Teststraat", direction = "zuid", position = [52.37, 4.89]}}]
        }
        anpr.camera-drivers {
          cameras {"%1$s" {driver = mqtt}}
          mqtt {broker = "%2$s", topic-prefix = "%3$s", client-id-prefix = "cordon-it-%4$s"}
        }
        anpr.persistence.db {url = "%5$s", user = "%6$s", password = "%7$s"}
        anpr.vehicle-register.rdw.base-url = "http://127.0.0.1:%8$d"
        anpr.controller {
          plate-hash-secret = "%9$s"
          http {host = "127.0.0.1", port = %10$d}
          users = [{name = "officer", roles = [OFFICER], password-hash = "%11$s"}]
        }
        anpr.enforcement {
          municipality = "Gemeente Teststad"
          evidence-dir = "%12$s"
          export-dir = "%13$s"
        }
        pekko.remote.artery.canonical {hostname = "127.0.0.1", port = %14$d}
        """.formatted(camera, MQTT_BROKER, topicPrefix, run, db.url(), db.user(), db.password(),
        rdw.getAddress().getPort(), UUID.randomUUID() + "-" + UUID.randomUUID(), httpPort, officerHash,
        work.resolve("evidence"), work.resolve("exports"), CordonInstall.freePort());
  }

  record CheckResult(int exitCode, String output) {}

  private CheckResult check(Path config) throws Exception {
    Path log = Files.createTempFile(work, "check-config", ".log");
    Process p = install.start(List.of("check-config", config.toString()), log);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "check-config finished");
    return new CheckResult(p.exitValue(), Files.readString(log));
  }

  private void publishPassages(List<String> plates) throws Exception {
    MqttClient client = new MqttClient(MQTT_BROKER, "it-camera-" + run, new MemoryPersistence());
    client.connect();
    try {
      for (String plate : plates) {
        String passage = JSON.writeValueAsString(Map.of(
            "id", "it-" + run + "-" + plate,
            "timestamp", OffsetDateTime.now().toString(),
            "plate", Map.of("text", plate, "country", "NL", "confidence", 0.97)));
        client.publish(topicPrefix + "/" + camera + "/passages", passage.getBytes(StandardCharsets.UTF_8), 1, false);
      }
    } finally {
      client.disconnect();
      client.close();
    }
  }

  private JsonNode awaitCase(URI base, String plate, Process cordon, Path log) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      assertTrue(cordon.isAlive(), () -> "bin/cordon run died; output:\n" + CordonInstall.tail(log));
      for (JsonNode item : queue(base)) {
        if (item.path("plate").asText().replace("-", "").equals(plate)) {
          return item;
        }
      }
      Thread.sleep(250); // polling interval, with a deadline
    }
    return fail("no case for " + plate + " in the officer's queue within 60 s; queue " + queue(base)
        + "\noutput:\n" + CordonInstall.tail(log));
  }

  private List<String> queuePlates(URI base) throws Exception {
    return StreamSupport.stream(queue(base).spliterator(), false)
        .map(i -> i.path("plate").asText().replace("-", "")).toList();
  }

  private JsonNode queue(URI base) throws Exception {
    HttpResponse<String> r = get(base.resolve("/api/enforcement/queue"),
        Optional.of("officer:" + OFFICER_PASSWORD));
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> get(URI uri, Optional<String> basic) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
    basic.ifPresent(userPassword -> b.header("Authorization",
        "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8))));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
