package nl.opencordon.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import nl.opencordon.domain.CityBuilder;
import nl.opencordon.persistence.DatabaseSettings;
import nl.opencordon.security.PasswordHash;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The city the product's acceptance tests (CordonRunIT: the archive, CordonImageIT: the image) run, whatever
 * starts the controller: its file, a stand-in for the RDW API serving the real records in testdata/rdw,
 * a camera publishing passages on the real Mosquitto, and the officer's queue the violating one must reach.
 *
 * <p>The city is a milieuzone with minimum diesel class 6 for cars and a moped rule from 2011 (Regime.Milieuzone):
 * TT601D, a diesel Euro 5 passenger car (M1, 2013), is refused (MZ-5); F794KP, a petrol moped first admitted
 * 2012-08-23, is allowed (MZ-9). In a ZE-zone both would be out of scope (neither is a van or truck).
 */
final class TestCity implements AutoCloseable {
  static final String MQTT_BROKER = System.getenv().getOrDefault("ANPR_TEST_MQTT_BROKER", "tcp://127.0.0.1:1883");
  static final ObjectMapper JSON = new ObjectMapper();
  /** The phases of the acceptance tests' milieuzones: enforced since 2020. */
  static final String PHASED_2020 =
      "phases {announcement = \"2020-01-01\", warning = \"2020-02-01\", enforcement = \"2020-03-01\"}";

  final String camera;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String topicPrefix = "it-" + run + "/cameras";
  private final String officerPassword = "officer-" + UUID.randomUUID();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final HttpServer rdw;

  TestCity() throws IOException {
    camera = "it-cam-" + run;
    rdw = CordonInstall.rdwServer(CordonInstall.rdwFixtures(), plate -> plate);
  }

  @Override
  public void close() {
    rdw.stop(0);
  }

  /** The city file: everything from it (the tests clear ANPR_* from the controller's environment). */
  String config(int httpPort, DatabaseSettings db, String legacyEvidenceDir, String exportDir) throws IOException {
    String officerHash = PasswordHash.of(officerPassword).encoded();
    String city = CityBuilder.named("Teststad")
        .zone("mz-centrum", "Milieuzone Centrum", CityBuilder.MILIEUZONE, PHASED_2020, "recidive-term = 14d")
        .gate("noord", "mz-centrum", "entry", 52.37, 4.89)
        .camera(camera, "noord", "TS-N01", "Teststraat", "zuid", "lane = 1")
        .hocon();
    return "anpr.city {\n" + city + "}\n" + """
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
          legacy-evidence-dir = "%12$s"
          export-dir = "%13$s"
        }
        pekko.remote.artery.canonical {hostname = "127.0.0.1", port = %14$d}
        """.formatted(camera, MQTT_BROKER, topicPrefix, run, db.url(), db.user(), db.password(),
        rdw.getAddress().getPort(), UUID.randomUUID() + "-" + UUID.randomUUID(), httpPort, officerHash,
        legacyEvidenceDir, exportDir, CordonInstall.freePort());
  }

  void publishPassages(List<String> plates) throws Exception {
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

  JsonNode awaitCase(URI base, String plate, Process process, Path log) throws Exception {
    try {
      return await("a case for " + plate).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> {
            assertTrue(process.isAlive(), () -> "the controller died; output:\n" + CordonInstall.tail(log));
            return StreamSupport.stream(queue(base).spliterator(), false)
                .filter(item -> item.path("plate").asText().replace("-", "").equals(plate)).findFirst();
          }, Optional::isPresent).get();
    } catch (ConditionTimeoutException e) {
      return fail("no case for " + plate + " in the officer's queue within 60 s; queue " + queue(base)
          + "\noutput:\n" + CordonInstall.tail(log));
    }
  }

  List<String> queuePlates(URI base) throws Exception {
    return StreamSupport.stream(queue(base).spliterator(), false)
        .map(i -> i.path("plate").asText().replace("-", "")).toList();
  }

  private JsonNode queue(URI base) throws Exception {
    HttpResponse<String> r = get(base.resolve("/api/enforcement/queue"), Optional.of("officer:" + officerPassword));
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  HttpResponse<String> get(URI uri, Optional<String> basic) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
    basic.ifPresent(userPassword -> b.header("Authorization",
        "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8))));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
