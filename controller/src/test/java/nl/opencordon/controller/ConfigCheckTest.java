package nl.opencordon.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckTest {
  @TempDir
  Path dir;

  private static String goodCity() throws IOException, URISyntaxException {
    return Files.readString(Path.of(ConfigCheckTest.class.getResource("/check-config/good-city.conf").toURI()));
  }

  private ConfigCheck.Result check(String hocon) throws IOException {
    Path file = dir.resolve("city.conf");
    Files.writeString(file, hocon);
    return ConfigCheck.check(file);
  }

  @Test
  void aCompleteCityPassesWithAWarningPerPlaceholderOffenceCode() throws Exception {
    ConfigCheck.Result result = check(goodCity());
    assertEquals(List.of(), result.problems());
    assertEquals("Testdorp", result.layout().orElseThrow().name());
    assertEquals("cluster", result.config().orElseThrow().getString("pekko.actor.provider"),
        "the controller's application.conf is under the file");
    assertTrue(result.warnings().stream().anyMatch(w -> w.startsWith("anpr.enforcement.offence-codes.zero-emission")),
        result.warnings().toString());
  }

  @Test
  void everyProblemIsReportedWithItsPath() throws Exception {
    ConfigCheck.Result result = check(goodCity()
        + "\nanpr.city.gates = [{id = \"noord\", zone = \"elders\", kind = entry, position = [52.1, 5.1]}]"
        + "\nanpr.controller.users = []"
        + "\nanpr.controller.plate-hash-secret = \"short\""
        + "\nanpr.enforcement.municipality = \"\"");
    List<String> problems = result.problems();
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("anpr.city.gates[0]") && p.contains("elders")), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("anpr.controller.users")), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("anpr.controller.plate-hash-secret")), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("anpr.enforcement.municipality")), problems.toString());
    assertTrue(result.config().isEmpty());
  }

  /** Issue 25: check-config (and so run) accepted the shipped placeholder and demo secrets. */
  @Test
  void shippedSecretsAndShortOrEmptyPushKeysAreProblems() throws Exception {
    List<String> problems = check(goodCity()
        + "\nanpr.controller.plate-hash-secret = \"change-me-to-a-long-random-secret-of-at-least-32-characters\""
        + "\nanpr.persistence.db.password = \"change-me\""
        + "\nanpr.camera-drivers.http.api-keys { \"n-2\" = \"demo-push-key-video-1\" }").problems();
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("anpr.controller.plate-hash-secret: the shipped")),
        problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("anpr.persistence.db.password")), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("anpr.camera-drivers.http.api-keys.\"n-2\"")),
        problems.toString());
    assertTrue(check(goodCity() + "\nanpr.controller.plate-hash-secret = \"demo-only-secret-change-me-0123456789\""
        + "\nanpr.camera-drivers.http.api-keys { \"n-2\" = \"\" }").problems().containsAll(List.of(
        "anpr.controller.plate-hash-secret: the shipped example or demo secret is public; set a random secret of your"
            + " own (or ANPR_PLATE_HASH_SECRET)",
        "anpr.camera-drivers.http.api-keys.\"n-2\": a push key must be a random secret of at least 32 characters"
            + " (it is empty)")));
  }

  /** An MQTT device id is a topic level: "+" or "#" would subscribe to every camera's passages. */
  @Test
  void anMqttCameraIdWithAWildcardIsAProblem() throws Exception {
    List<String> problems = check(goodCity().replace("\"n-1\"", "\"n+1\"")).problems();
    assertTrue(problems.contains("anpr.camera-drivers.cameras.\"n+1\": an MQTT camera's id must not hold '+', '#' or '/'"),
        problems.toString());
  }

  @Test
  void devicesWithoutDriverOrWithAnUnknownOneAreProblems() throws Exception {
    List<String> problems = check(goodCity().replaceAll("(?m)^anpr.roadside-displays.*$", "")
        + "\nanpr.camera-drivers.cameras.\"n-1\".driver = ftp"
        + "\nanpr.camera-drivers.cameras.\"ghost\" { driver = http }").problems();
    assertTrue(problems.contains("anpr.camera-drivers.cameras.\"n-1\".driver: unknown driver 'ftp' (http, mqtt or video)"),
        problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("anpr.camera-drivers.cameras.\"ghost\"")), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("anpr.roadside-displays.signs.\"led\"")), problems.toString());
  }

  /** The grace, the recidive term, ordered phases and the warning period are the law's, not the city's. */
  @Test
  void whatTheLawFixesIsAProblemWithItsPath() throws Exception {
    String[][] attempts = {
        {"recidive-term = 14d", "recidive-term = 3d", "anpr.city.zones[0]: recidive-term 3d"},
        {"phases { enforcement = \"2025-01-01\" }", "phases { enforcement = \"2025-01-01\" }\n"
            + "    enforcement-windows = [{ from = \"07:00\", to = \"19:00\", grace = 0m }]",
            "anpr.city.zones[0]: enforcement-windows[0]: grace 0 minutes"},
        {"phases { enforcement = \"2025-01-01\" }", "phases { warning = \"2025-01-01\", enforcement = \"2024-12-01\" }",
            "anpr.city.zones[0]: phases: enforcement 2024-12-01 is not after warning 2025-01-01"},
        {"phases { enforcement = \"2025-01-01\" }", "phases { warning = \"2024-12-15\", enforcement = \"2025-01-01\" }",
            "anpr.city.zones[0]: phases: the warning period from 2024-12-15"}};
    for (String[] attempt : attempts) {
      String city = goodCity();
      assertTrue(city.contains(attempt[0]), attempt[0]);
      List<String> problems = check(city.replace(attempt[0], attempt[1])).problems();
      // the zone's own problem comes first; the gates of a zone that did not load follow it
      assertTrue(problems.get(0).startsWith(attempt[2]), problems.toString());
      assertEquals(1, problems.stream().filter(p -> p.startsWith("anpr.city.zones")).count(), problems.toString());
    }
  }

  @Test
  void aFileThatDoesNotParseIsOneProblemNamingItsLine() throws Exception {
    List<String> problems = check("anpr.city { name = ").problems();
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).contains("city.conf: 1"), problems.toString());
  }
}
