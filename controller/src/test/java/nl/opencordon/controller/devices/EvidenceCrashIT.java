package nl.opencordon.controller.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
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
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import nl.opencordon.domain.Plate;
import nl.opencordon.enforcement.store.StoredEvidence;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.DatabaseSettings;
import nl.opencordon.persistence.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "A 2xx means the picture is safe", against a real process: the controller runs as a JVM of its own
 * ({@link CrashTestController}, placeholder evidence off) and a camera pushes passages over HTTP, each with a
 * JPEG of its own, one vehicle in ten a violation. The moment a batch's 2xx arrives the controller is killed
 * with SIGKILL, twice, and restarted. Afterwards every acknowledged violation has exactly one case whose
 * picture, read back from PostgreSQL, has the SHA-256 of the JPEG its camera sent, and no picture of a compliant
 * vehicle was stored. Figures go to {@code target/evidence-crash.txt}.
 */
class EvidenceCrashIT {
  private static final int KILLS = 2;
  private static final int BATCH = 10;
  /** Batches acknowledged before each kill. */
  private static final int BATCHES_BEFORE_KILL = 15;
  private static final Duration WAIT = Duration.ofSeconds(90);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** SHA-256 of the JPEG sent with each acknowledged passage, by plate. */
  private final Map<String, String> acknowledged = new HashMap<>();
  private final List<String> compliantPassages = new ArrayList<>();
  private PrivateBroker broker;
  private DatabaseSettings schema;
  private Process controller;
  private int port;
  private int next;

  @BeforeEach
  void start() throws Exception {
    broker = PrivateBroker.start();
    schema = TestDatabase.freshSchema();
    Database.open(schema).close();
  }

  @AfterEach
  void stop() throws Exception {
    if (controller != null) {
      controller.destroyForcibly().waitFor();
    }
    broker.close();
  }

  @Test
  void everyAcknowledgedViolationKeepsThePictureItsCameraSentThroughSigkills() throws Exception {
    List<String> report = new ArrayList<>();
    startController();
    for (int kill = 1; kill <= KILLS; kill++) {
      for (int b = 0; b < BATCHES_BEFORE_KILL; b++) {
        FaultRig.await(WAIT, "a batch acknowledged", this::pushBatch);
      }
      // killed the moment the last 2xx arrived: nothing after the acknowledgement may be needed for the picture
      controller.destroyForcibly().waitFor();
      Instant killed = Instant.now();
      Instant up = startController();
      Instant complete = FaultRig.await(WAIT, "a case with its picture for every acknowledged violation",
          () -> picturesByPlate().keySet().containsAll(violations()));
      report.add(String.format("kill %d: %d passages acknowledged, %d of them violations; controller up %d ms after"
              + " the kill, every violation's case with its picture %d ms after that", kill, acknowledged.size(),
          violations().size(), Duration.between(killed, up).toMillis(), Duration.between(up, complete).toMillis()));
    }
    Map<String, List<String[]>> pictures = picturesByPlate();
    for (String plate : violations()) {
      List<String[]> ofPlate = pictures.get(plate);
      assertEquals(1, ofPlate.size(), () -> "one case with one picture for " + plate);
      String[] p = ofPlate.get(0);
      assertEquals(acknowledged.get(plate), p[0], () -> "recorded SHA-256 of " + plate);
      assertEquals(acknowledged.get(plate), p[1], () -> "SHA-256 of the stored picture of " + plate);
      assertEquals("image/jpeg", p[2]);
    }
    assertEquals(java.util.Set.copyOf(violations()), pictures.keySet(), "a case of a compliant vehicle");
    assertEquals(0, count("SELECT count(*) FROM evidence_objects WHERE passage_id = ANY(?)", compliantPassages),
        "a compliant vehicle's picture reached the database");
    report.add("total: " + acknowledged.size() + " acknowledged passages, " + violations().size()
        + " violations, each one case whose picture has the SHA-256 its camera sent; no compliant vehicle's picture"
        + " stored");
    Files.writeString(Path.of("target", "evidence-crash.txt"), String.join("\n", report) + "\n",
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    report.forEach(System.out::println);
  }

  /** Pushes a batch of new passages, each with a JPEG of its own; true when acknowledged. */
  private boolean pushBatch() {
    List<String> records = new ArrayList<>();
    Map<String, String> sent = new HashMap<>();
    List<String> compliant = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      int n = next++;
      Plate plate = FaultRig.plate(n);
      byte[] jpeg = jpeg(n);
      String id = "e-" + n;
      records.add("""
          {"id": "%s", "timestamp": "%s", "plate": {"text": "%s", "country": "NL", "confidence": 0.96},
           "vehicle": {"category": "N1"}, "images": [{"kind": "overview", "data": "%s"}]}"""
          .formatted(id, Instant.now(), plate.display(), Base64.getEncoder().encodeToString(jpeg)));
      sent.put(plate.text(), StoredEvidence.sha256(jpeg));
      if (!CrashTestController.violator(plate)) {
        compliant.add(id);
      }
    }
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                  + "/api/cameras/push-1/passages")).timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json").header("X-Api-Key", FaultRig.API_KEY)
              .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", records) + "]")).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        return false;
      }
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    acknowledged.putAll(sent);
    compliantPassages.addAll(compliant);
    return true;
  }

  /** A small real JPEG that differs for every passage: its number drawn into it. */
  private static byte[] jpeg(int n) {
    BufferedImage image = new BufferedImage(96, 48, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(0xF5C518));
    g.fillRect(4, 4, 88, 40);
    g.setColor(Color.BLACK);
    g.drawString(Integer.toString(n), 12, 30);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpg", out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private List<String> violations() {
    return acknowledged.keySet().stream().filter(p -> CrashTestController.violator(Plate.dutch(p))).sorted().toList();
  }

  /** Per plate, each picture of its cases: recorded SHA-256, SHA-256 of the stored bytes, media type. */
  private Map<String, List<String[]>> picturesByPlate() throws Exception {
    Map<String, List<String[]>> pictures = new HashMap<>();
    try (Connection c = DriverManager.getConnection(schema.url(), schema.user(), "");
         ResultSet rs = c.createStatement().executeQuery("""
             SELECT k.plate, e.sha256, encode(sha256(o.content), 'hex'), o.media_type FROM cases k
             JOIN case_evidence e ON e.case_id = k.case_id JOIN evidence_objects o ON o.ref = e.ref""")) {
      while (rs.next()) {
        pictures.computeIfAbsent(rs.getString(1), p -> new ArrayList<>())
            .add(new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
      }
    }
    return pictures;
  }

  private long count(String sql, List<String> values) throws Exception {
    try (Connection c = DriverManager.getConnection(schema.url(), schema.user(), "");
         var ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("varchar", values.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Starts the controller JVM and returns once it serves HTTP. */
  private Instant startController() throws Exception {
    CrashTestController.Running running = CrashTestController.start(schema, broker.url(),
        "evidence-" + UUID.randomUUID().toString().substring(0, 8), Path.of("target", "evidence-crash-controller.log"));
    controller = running.process();
    port = running.port();
    return running.up();
  }
}
