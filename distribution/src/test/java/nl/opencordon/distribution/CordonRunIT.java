package nl.opencordon.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  private CordonInstall install;
  private TestCity city;

  @BeforeEach
  void unpackAndServeRdw() throws Exception {
    install = CordonInstall.unpack(tmp);
    assertTrue(Files.isRegularFile(install.home.resolve("LICENSE"))
        && Files.isRegularFile(install.home.resolve("NOTICE")), "the licence and the notices travel with the product");
    city = new TestCity();
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    install.close();
    if (city != null) {
      city.close();
    }
  }

  @Test
  void runsACityFromTheArchiveAndRejectsABrokenOne() throws Exception {
    int httpPort = CordonInstall.freePort();
    Path work = install.work;
    Path config = work.resolve("it-city.conf");
    Files.writeString(config, city.config(httpPort, TestDatabase.freshSchema(),
        work.resolve("legacy-evidence").toString(), work.resolve("exports").toString()));

    Path log = work.resolve("cordon.log");
    Process cordon = install.start(List.of("run", "--config", config.toString()), log);
    URI base = URI.create("http://127.0.0.1:" + httpPort);
    System.out.printf("bin/cordon run: ready after %d ms%n", CordonInstall.awaitReady(cordon, base, log).toMillis());
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
    Path sbom = install.home.resolve("sbom/cordon.cdx.json");
    Assumptions.assumeTrue(Files.isRegularFile(sbom) || !NoticeTest.offlineBuild(), "offline build: no SBOM");
    Set<String> listed = new TreeSet<>();
    for (JsonNode c : TestCity.JSON.readTree(sbom.toFile()).path("components")) {
      Matcher classifier = Pattern.compile("[?&]classifier=([^&]+)").matcher(c.path("purl").asText());
      listed.add(c.path("name").asText() + "-" + c.path("version").asText()
          + (classifier.find() ? "-" + classifier.group(1) : "") + ".jar");
    }
    Set<String> jars;
    try (var lib = Files.list(install.home.resolve("lib"))) {
      jars = lib.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(jars, listed);
  }

  record CheckResult(int exitCode, String output) {}

  private CheckResult check(Path config) throws Exception {
    Path log = Files.createTempFile(install.work, "check-config", ".log");
    Process p = install.start(List.of("check-config", config.toString()), log);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "check-config finished");
    return new CheckResult(p.exitValue(), Files.readString(log));
  }
}
