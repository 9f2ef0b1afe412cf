package nl.opencordon.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nl.opencordon.persistence.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as a municipality gets it: the archive of this build, unpacked into an empty folder, started
 * with {@code bin/cordon run --config FILE} on the file of {@link TestCity}, against the test PostgreSQL (a fresh
 * schema), the real Mosquitto (127.0.0.1:1883) and a stand-in for the RDW API. A camera publishes two passages
 * over MQTT; the violating one must reach the officer's queue. Then {@code bin/cordon check-config} must reject
 * a broken city file, naming what is wrong.
 */
class CordonRunIT {
  @TempDir
  Path tmp;
  private final List<Process> started = new ArrayList<>();
  private TestCity city;
  private Path home;
  private Path work;

  @BeforeEach
  void unpackAndServeRdw() throws Exception {
    File archive = new File(System.getProperty("cordon.archive", "target/cordon-unknown.tar.gz"));
    assertTrue(archive.isFile(), "no archive at " + archive + ": run `mvn verify` (the archive is made in package)");
    Path unpacked = Files.createDirectory(tmp.resolve("unpacked"));
    Process tar = new ProcessBuilder("tar", "xzf", archive.getAbsolutePath(), "-C", unpacked.toString())
        .inheritIO().start();
    assertEquals(0, tar.waitFor(), "tar xzf " + archive);
    try (var top = Files.list(unpacked)) {
      assertEquals(List.of("cordon-" + System.getProperty("cordon.version")),
          top.map(p -> p.getFileName().toString()).toList(), "one top folder");
    }
    home = unpacked.resolve("cordon-" + System.getProperty("cordon.version"));
    assertTrue(Files.isExecutable(home.resolve("bin/cordon")), "bin/cordon is executable");
    assertTrue(Files.isRegularFile(home.resolve("LICENSE")) && Files.isRegularFile(home.resolve("NOTICE")),
        "the licence and the notices travel with the product");
    work = Files.createDirectory(tmp.resolve("work"));
    city = new TestCity();
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (Process p : started) {
      p.destroy(); // SIGTERM: the controller shuts down in order
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (city != null) {
      city.close();
    }
  }

  @Test
  void runsACityFromTheArchiveAndRejectsABrokenOne() throws Exception {
    int httpPort = TestCity.freePort();
    Path config = work.resolve("it-city.conf");
    Files.writeString(config, city.config(httpPort, TestDatabase.freshSchema(),
        work.resolve("legacy-evidence").toString(), work.resolve("exports").toString()));

    Path log = work.resolve("cordon.log");
    Process cordon = start(List.of("run", "--config", config.toString()), log);
    URI base = URI.create("http://127.0.0.1:" + httpPort);
    System.out.printf("bin/cordon run: ready after %d ms%n", city.awaitReady(cordon, base, log).toMillis());
    assertEquals(200, city.get(base.resolve("/health/alive"), Optional.empty()).statusCode());

    city.publishPassages(List.of("F794KP", "TT601D"));
    JsonNode item = city.awaitCase(base, "TT601D", cordon, log);
    assertEquals(city.camera, item.path("cameraId").asText(), item.toString());
    assertEquals("mz-centrum", item.path("zoneId").asText(), item.toString());
    assertFalse(city.queuePlates(base).contains("F794KP"), "the allowed moped is not in the queue");

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

  @Test
  void theSbomListsExactlyTheJarsInLib() throws Exception {
    Path sbom = home.resolve("sbom/cordon.cdx.json");
    Assumptions.assumeTrue(Files.isRegularFile(sbom) || !NoticeTest.offlineBuild(), "offline build: no SBOM");
    Set<String> listed = new TreeSet<>();
    for (JsonNode c : TestCity.JSON.readTree(sbom.toFile()).path("components")) {
      Matcher classifier = Pattern.compile("[?&]classifier=([^&]+)").matcher(c.path("purl").asText());
      listed.add(c.path("name").asText() + "-" + c.path("version").asText()
          + (classifier.find() ? "-" + classifier.group(1) : "") + ".jar");
    }
    Set<String> jars;
    try (var lib = Files.list(home.resolve("lib"))) {
      jars = lib.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(jars, listed);
  }

  /** bin/cordon with the given arguments, its output into a file (a full pipe would stall it). */
  private Process start(List<String> args, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/cordon").toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("ANPR_")); // the file says it all
    env.put("JAVA_OPTS", "-Xmx768m");
    Process p = pb.start();
    started.add(p);
    return p;
  }

  record CheckResult(int exitCode, String output) {}

  private CheckResult check(Path config) throws Exception {
    Path log = Files.createTempFile(work, "check-config", ".log");
    Process p = start(List.of("check-config", config.toString()), log);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "check-config finished");
    return new CheckResult(p.exitValue(), Files.readString(log));
  }
}
