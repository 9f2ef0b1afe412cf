package nl.opencordon.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import nl.opencordon.domain.CityBuilder;
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
 * Issue 23's acceptance test: a city as a municipality runs it, three {@code bin/cordon run} nodes of the
 * unpacked archive in separate JVMs on one PostgreSQL and Mosquitto. Violating passages, each with a real JPEG
 * of its own, are pushed round-robin over HTTP to the three nodes (resent to the next node on anything but 200,
 * as a camera does) and published over MQTT; exemptions are added through each node's API and with
 * {@code bin/cordon exemptions-import}, and the exempted vehicles pass too. During the load one node is killed
 * with SIGKILL. Afterwards every acknowledged violation has exactly one case whose evidence SHA-256 is that of
 * the picture its camera sent, no exempted plate has a case, and statistics and the monthly report read the same
 * from every node that is left.
 */
class ClusterAcceptanceIT {
  private static final String MQTT_BROKER = System.getenv().getOrDefault("ANPR_TEST_MQTT_BROKER",
      "tcp://127.0.0.1:1883");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int HTTP_VIOLATIONS = 24;
  private static final int MQTT_VIOLATIONS = 12;
  private static final String PASSWORD = "acceptance-" + UUID.randomUUID();
  private static final String CAMERA_KEY = "key-" + UUID.randomUUID();
  private static final Duration EXEMPTIONS_EVERYWHERE_WITHIN = Duration.ofSeconds(10);

  @TempDir
  Path tmp;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String topicPrefix = "acc-" + run + "/cameras";
  private final Map<String, String> sentSha = new ConcurrentHashMap<>();
  private CordonInstall install;
  private HttpServer rdw;
  private DatabaseSettings db;

  @BeforeEach
  void unpack() throws Exception {
    install = CordonInstall.unpack(tmp);
    // every vehicle is a diesel Euro 5 passenger car (TT601D's records): a violation in this milieuzone
    rdw = CordonInstall.rdwServer(CordonInstall.rdwFixtures(), plate -> "TT601D");
    db = TestDatabase.freshSchema();
  }

  @AfterEach
  void stop() throws InterruptedException {
    install.close();
    if (rdw != null) {
      rdw.stop(0);
    }
  }

  record Node(int index, int httpPort, Process process, Path log) {
    URI base() {
      return URI.create("http://127.0.0.1:" + httpPort);
    }
  }

  @Test
  void threeNodesKeepEveryAcknowledgedViolationWithItsPictureAndHonourEveryExemption() throws Exception {
    int seedPort = CordonInstall.freePort();
    Path evidence = Files.createDirectory(install.work.resolve("evidence"));
    long t0 = System.nanoTime();
    // the first forms the cluster, then the other two join it
    List<Node> nodes = new ArrayList<>();
    nodes.add(start(0, seedPort, seedPort, evidence));
    CordonInstall.awaitReady(nodes.get(0).process(), nodes.get(0).base(), nodes.get(0).log());
    nodes.add(start(1, CordonInstall.freePort(), seedPort, evidence));
    nodes.add(start(2, CordonInstall.freePort(), seedPort, evidence));
    for (Node n : nodes) {
      CordonInstall.awaitReady(n.process(), n.base(), n.log());
    }
    awaitAll(nodes, Duration.ofSeconds(60), n -> assertEquals(3.0, metric(n, "anpr_cluster_members{status=\"up\"}")));

    // Exemptions: one through each node's API, and two with the CLI.
    List<String> exempted = List.of("EX001A", "EX002A", "EX003A", "EX004A", "EX005A");
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(nodes.get(i).base().resolve("/api/exemptions/acc-" + i))
          .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("""
              {"zoneId": "mz", "country": "NL", "plateFrom": "%1$s", "plateTo": "%1$s",
               "validFrom": "2020-01-01", "validUntil": "2099-12-31", "reason": "acceptance"}""".formatted(
              exempted.get(i)))), "operations");
      assertEquals(200, r.statusCode(), r.body());
    }
    Path csv = install.work.resolve("exemptions.csv");
    Files.writeString(csv, "id,zone,country,plate_from,plate_to,valid_from,valid_until,reason\n"
        + "acc-cli-1,mz,NL,EX004A,EX004A,2020-01-01,2099-12-31,acceptance\n"
        + "acc-cli-2,mz,NL,EX005A,EX005A,2020-01-01,2099-12-31,acceptance\n");
    Process cli = install.start(List.of("exemptions-import", "--config",
        install.work.resolve("node-0.conf").toString(), csv.toString()), install.work.resolve("import.log"));
    assertTrue(cli.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, cli.exitValue(), CordonInstall.tail(install.work.resolve("import.log")));
    Instant exemptionsStored = Instant.now();
    System.out.printf("Acceptance: three nodes up and five exemptions stored after %d ms%n",
        Duration.ofNanos(System.nanoTime() - t0).toMillis());

    // The load: HTTP round-robin over the nodes and MQTT at once; the third node is killed halfway.
    List<String> acknowledged = new ArrayList<>();
    Thread mqtt = new Thread(() -> publishMqtt(acknowledged), "mqtt-cameras");
    mqtt.start();
    Instant killedAt = null;
    List<String> plates = new ArrayList<>();
    for (int i = 0; i < HTTP_VIOLATIONS; i++) {
      plates.add("HV%03dB".formatted(i));
    }
    plates.addAll(exempted);
    for (int i = 0; i < plates.size(); i++) {
      if (i == HTTP_VIOLATIONS / 2) {
        nodes.get(2).process().destroyForcibly();   // SIGKILL
        assertTrue(nodes.get(2).process().waitFor(10, TimeUnit.SECONDS));
        killedAt = Instant.now();
      }
      String plate = plates.get(i);
      if (exempted.contains(plate)) {
        // the bound: every node's gates see an exemption within a few seconds, without a restart
        Duration since = Duration.between(exemptionsStored, Instant.now());
        Thread.sleep(Math.max(0, EXEMPTIONS_EVERYWHERE_WITHIN.minus(since).toMillis()));
      }
      pushUntilAcknowledged(nodes, i, "h-" + (i % 3 + 1), plate);
      if (!exempted.contains(plate)) {
        synchronized (acknowledged) {
          acknowledged.add(plate);
        }
      }
    }
    mqtt.join(120_000);
    List<Node> survivors = nodes.subList(0, 2);
    Instant start = killedAt;
    awaitAll(survivors, Duration.ofSeconds(60), n -> assertTrue(running(n), "devices still moving"));
    System.out.printf("Acceptance: killed node's devices listed as running on both survivors %d ms after the "
        + "SIGKILL; load done after %d ms%n", Duration.between(start, Instant.now()).toMillis(),
        Duration.ofNanos(System.nanoTime() - t0).toMillis());

    // Every acknowledged violation: exactly one case, whose evidence is the picture its camera sent.
    List<String> all;
    synchronized (acknowledged) {
      all = List.copyOf(acknowledged);
    }
    assertEquals(HTTP_VIOLATIONS + MQTT_VIOLATIONS, all.size());
    awaitAll(survivors.subList(0, 1), Duration.ofSeconds(90), n -> assertEquals(all.size(), casesOf(all).size()));
    Map<String, List<String>> evidenceSha = evidenceOf(all);
    List<String> wrong = new ArrayList<>();
    for (String plate : all) {
      if (!List.of(sentSha.get(plate)).equals(evidenceSha.get(plate))) {
        wrong.add(plate);
      }
    }
    System.out.printf("Acceptance: %d acknowledged violations, %d cases, %d with the picture their camera sent; "
        + "%d exempted plates with a case%n", all.size(), casesOf(all).size(), all.size() - wrong.size(),
        casesOf(exempted).size());
    assertEquals(Map.of(), casesOf(all).entrySet().stream().filter(e -> e.getValue() != 1)
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "one case each");
    assertEquals(List.of(), wrong, "evidence not what the camera sent");
    assertEquals(Map.of(), casesOf(exempted), "exempted plates with a case");

    // Statistics and the monthly report read the same from every node.
    String today = LocalDate.now(ZoneId.of("Europe/Amsterdam")).toString();
    String month = YearMonth.now(ZoneId.of("Europe/Amsterdam")).toString();
    assertEquals(200, send(HttpRequest.newBuilder(survivors.get(0).base().resolve("/api/insight/reports/" + month))
        .POST(HttpRequest.BodyPublishers.noBody()), "operations").statusCode());
    List<String> statistics = new ArrayList<>();
    List<String> reports = new ArrayList<>();
    for (Node n : survivors) {
      statistics.add(send(HttpRequest.newBuilder(n.base().resolve("/api/insight/statistics/hourly?from=" + today))
          .GET(), "operations").body());
      reports.add(send(HttpRequest.newBuilder(n.base().resolve("/api/insight/reports/" + month + ".csv")).GET(),
          "operations").body());
    }
    assertEquals(reports.get(0), reports.get(1), "the monthly report differs between nodes");
    assertEquals(statistics.get(0), statistics.get(1), "the statistics differ between nodes");
  }

  private Node start(int index, int artery, int seedPort, Path evidence) throws IOException {
    int httpPort = CordonInstall.freePort();
    Path config = install.work.resolve("node-" + index + ".conf");
    String hash = PasswordHash.of(PASSWORD).encoded();
    String city = CityBuilder.named("Clusterstad")
        .zone("mz", "Milieuzone", CityBuilder.MILIEUZONE, TestCity.PHASED_2020, "recidive-term = 14d")
        .gate("g-1", "mz", "entry", 52.37, 4.89)
        .gate("g-2", "mz", "entry", 52.36, 4.90)
        .gate("g-3", "mz", "entry", 52.35, 4.91)
        .camera("h-1", "g-1", "H-1", "Noordweg", "zuid")
        .camera("h-2", "g-2", "H-2", "Oostweg", "west")
        .camera("h-3", "g-3", "H-3", "Zuidweg", "noord")
        .camera("m-1", "g-1", "M-1", "Noordweg", "zuid", "lane = 2")
        .camera("m-2", "g-2", "M-2", "Oostweg", "west", "lane = 2")
        .camera("m-3", "g-3", "M-3", "Zuidweg", "noord", "lane = 2")
        .hocon();
    Files.writeString(config, "anpr.city {\n" + city + "}\n" + """
        anpr.camera-drivers {
          cameras {"m-1" {driver = mqtt}, "m-2" {driver = mqtt}, "m-3" {driver = mqtt}}
          mqtt {broker = "%1$s", topic-prefix = "%2$s", client-id-prefix = "cordon-acc-%3$s"}
          http.api-keys {"h-1" = "%4$s", "h-2" = "%4$s", "h-3" = "%4$s"}
        }
        anpr.persistence.db {url = "%5$s", user = "%6$s", password = "%7$s"}
        anpr.vehicle-register.rdw.base-url = "http://127.0.0.1:%8$d"
        anpr.controller {
          plate-hash-secret = "acceptance-secret-%3$s-0123456789abcdef"
          http {host = "127.0.0.1", port = %9$d}
          users = [{name = "operations", roles = [OPERATIONS, CONTROL_ROOM, OFFICER], password-hash = "%10$s"}]
        }
        anpr.enforcement {
          municipality = "Gemeente Clusterstad"
          evidence-dir = "%11$s"
          export-dir = "%12$s"
          lawful.require-site-approval = false
        }
        pekko.remote.artery.canonical {hostname = "127.0.0.1", port = %13$d}
        pekko.cluster.seed-nodes = ["pekko://cordon@127.0.0.1:%14$d"]
        """.formatted(MQTT_BROKER, topicPrefix, run, CAMERA_KEY, db.url(), db.user(), db.password(),
        rdw.getAddress().getPort(), httpPort, hash, evidence, install.work.resolve("exports-" + index), artery,
        seedPort));
    Path log = install.work.resolve("node-" + index + ".log");
    return new Node(index, httpPort, install.start(List.of("run", "--config", config.toString()), log), log);
  }

  /** Pushes one passage with its own JPEG, from node {@code first} on, to the next node until one answers 200. */
  private void pushUntilAcknowledged(List<Node> nodes, int first, String camera, String plate) throws Exception {
    byte[] jpeg = jpeg(plate);
    sentSha.put(plate, sha256(jpeg));
    String id = "acc-" + run + "-" + plate;
    String json = """
        {"id": "%s", "timestamp": "%s", "plate": {"text": "%s", "country": "NL", "confidence": 0.97},
         "images": [{"kind": "overview", "part": "overview"}]}""".formatted(id, OffsetDateTime.now(), plate);
    String boundary = "acc" + UUID.randomUUID().toString().replace("-", "");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"passages\"\r\n"
        + "Content-Type: application/json\r\n\r\n" + json + "\r\n--" + boundary
        + "\r\nContent-Disposition: form-data; name=\"overview\"; filename=\"overview.jpg\"\r\n"
        + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(jpeg);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    for (int attempt = first; System.nanoTime() < end; attempt++) {
      Node node = nodes.get(attempt % nodes.size());
      if (!node.process().isAlive()) {
        continue;
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(node.base().resolve(
                "/api/cameras/" + camera + "/passages")).timeout(Duration.ofSeconds(30))
            .header("X-Api-Key", CAMERA_KEY).header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        assertEquals(503, r.statusCode(), r.body());
      } catch (IOException e) {
        // the node is gone: the camera sends to the next one
      }
      Thread.sleep(200); // a camera waits a moment before it resends
    }
    throw new AssertionError("passage of " + plate + " not acknowledged within 90 s");
  }

  /** The MQTT cameras publish their violations, each with a JPEG; the broker's PUBACK acknowledges each. */
  private void publishMqtt(List<String> acknowledged) {
    try {
      MqttClient client = new MqttClient(MQTT_BROKER, "acc-cameras-" + run, new MemoryPersistence());
      client.connect();
      try {
        for (int i = 0; i < MQTT_VIOLATIONS; i++) {
          String plate = "MV%03dB".formatted(i);
          byte[] jpeg = jpeg(plate);
          sentSha.put(plate, sha256(jpeg));
          String passage = JSON.writeValueAsString(Map.of("id", "acc-" + run + "-" + plate,
              "timestamp", OffsetDateTime.now().toString(),
              "plate", Map.of("text", plate, "country", "NL", "confidence", 0.97),
              "images", List.of(Map.of("kind", "overview", "contentType", "image/jpeg",
                  "data", Base64.getEncoder().encodeToString(jpeg)))));
          client.publish(topicPrefix + "/m-" + (i % 3 + 1) + "/passages",
              passage.getBytes(StandardCharsets.UTF_8), 1, false);
          synchronized (acknowledged) {
            acknowledged.add(plate);
          }
          Thread.sleep(250); // cameras see vehicles one after another
        }
      } finally {
        client.disconnect();
        client.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A real JPEG of its own for every passage: the plate drawn on a grey frame. */
  private static byte[] jpeg(String plate) throws IOException {
    BufferedImage image = new BufferedImage(320, 120, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.DARK_GRAY);
    g.fillRect(0, 0, 320, 120);
    g.setColor(Color.YELLOW);
    g.fillRect(40, 35, 240, 50);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 32));
    g.drawString(plate, 60, 72);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, "jpg", out));
    return out.toByteArray();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** Cases per plate among {@code plates}. */
  private Map<String, Integer> casesOf(List<String> plates) throws Exception {
    Map<String, Integer> cases = new HashMap<>();
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
         PreparedStatement s = c.prepareStatement(
             "SELECT plate, count(*) FROM cases WHERE plate = ANY(?) GROUP BY plate")) {
      s.setArray(1, c.createArrayOf("text", plates.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          cases.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    return cases;
  }

  /** The SHA-256 of each case's evidence, in order, per plate. */
  private Map<String, List<String>> evidenceOf(List<String> plates) throws Exception {
    Map<String, List<String>> evidence = new HashMap<>();
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
         PreparedStatement s = c.prepareStatement("SELECT c.plate, e.sha256 FROM cases c JOIN case_evidence e "
             + "ON e.case_id = c.case_id WHERE c.plate = ANY(?) ORDER BY c.plate, e.position")) {
      s.setArray(1, c.createArrayOf("text", plates.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          evidence.computeIfAbsent(rs.getString(1), p -> new ArrayList<>()).add(rs.getString(2).trim());
        }
      }
    }
    return evidence;
  }

  /** Whether a node's camera list shows every camera running (none moving). */
  private boolean running(Node node) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(node.base().resolve("/api/cameras")).GET(), "operations");
    if (r.statusCode() != 200) {
      return false;
    }
    Set<String> running = new HashSet<>();
    for (JsonNode camera : JSON.readTree(r.body())) {
      if (!camera.path("moving").asBoolean(false)) {
        running.add(camera.get("cameraId").asText());
      }
    }
    return running.equals(Set.of("h-1", "h-2", "h-3", "m-1", "m-2", "m-3"));
  }

  private double metric(Node node, String sample) throws Exception {
    String scrape = send(HttpRequest.newBuilder(node.base().resolve("/metrics")).GET(), null).body();
    return scrape.lines().filter(l -> l.startsWith(sample + " ")).findFirst()
        .map(l -> Double.parseDouble(l.substring(sample.length() + 1).trim())).orElse(-1.0);
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String user) throws Exception {
    if (user != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @FunctionalInterface
  private interface Check {
    void on(Node node) throws Exception;
  }

  /** Until the check holds on every node, polling, with a deadline. */
  private static void awaitAll(List<Node> nodes, Duration within, Check check) {
    await().atMost(within).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
      for (Node n : nodes) {
        check.on(n);
      }
    });
  }
}
