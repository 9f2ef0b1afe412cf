package nl.opencordon.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import nl.opencordon.persistence.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image (profile {@code image}, target/cordon-image-VERSION.oci.tar) started by a real OCI
 * runtime: umoci unpacks its layout into a bundle and runc runs it with what an orchestrator such as
 * deploy/kubernetes/cordon.yaml gives it: a read-only root, the image's own user, tmpfs (as an emptyDir) on the
 * two writable paths the image declares, /tmp and /var/lib/cordon, and the city file mounted read-only at
 * /etc/cordon/cordon.conf. Two changes for these machines: no {@code process.rlimits} (they refuse setrlimit to
 * a container) and the host's network, so that the controller reaches the test PostgreSQL, Mosquitto and the RDW
 * stand-in on 127.0.0.1 and the test reaches its free HTTP port.
 *
 * <p>Production ({@code run --config FILE}, the image's default command) must get ready and take a violation
 * to the officer's queue; {@code demo} must get ready on its embedded PostgreSQL, which refuses to run as root.
 */
class CordonImageIT {
  private static final String IMAGE_USER = "65532";
  private static Path bundle;
  private static Path runcState;
  /** config.json as umoci made it from the image's configuration; each test writes its own copy. */
  private static ObjectNode imageConfig;

  @TempDir
  static Path shared;
  @TempDir
  Path tmp;
  private final String container = "cordon-it-" + UUID.randomUUID().toString().substring(0, 8);
  private Process runc;

  @BeforeAll
  static void unpackTheImage() throws Exception {
    Assumptions.assumeTrue(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0),
        "umoci unpack and runc with a read-only root and the host's network need root");
    File image = new File(System.getProperty("cordon.image", "target/cordon-image-unknown.oci.tar"));
    assertTrue(image.isFile(), "no image at " + image + ": mvn -Pimage verify builds it (docs/kubernetes.md)");
    Path layout = Files.createDirectory(shared.resolve("layout"));
    run(List.of("tar", "xf", image.getAbsolutePath(), "-C", layout.toString()));
    bundle = shared.resolve("bundle");
    run(List.of("umoci", "unpack", "--image", layout + ":" + System.getProperty("cordon.version"), bundle.toString()));
    runcState = Files.createDirectory(shared.resolve("runc"));

    imageConfig = (ObjectNode) TestCity.JSON.readTree(bundle.resolve("config.json").toFile());
    JsonNode process = imageConfig.path("process");
    assertEquals(List.of("/usr/local/bin/cordon", "run", "--config", "/etc/cordon/cordon.conf"),
        texts(process.path("args")), "entry point cordon, production on the mounted file by default");
    assertEquals(IMAGE_USER, process.at("/user/uid").asText(), "the image's user");
    assertEquals("/var/lib/cordon", process.path("cwd").asText());
    Path sbom = bundle.resolve("rootfs/opt/cordon/sbom/cordon.cdx.json");
    assertTrue(Files.readString(sbom).contains("\"anpr-controller\""), "the SBOM of lib/ is in the image");
    assertTrue(Files.isRegularFile(bundle.resolve("rootfs/opt/cordon/NOTICE")));
  }

  @AfterEach
  void stopTheContainer() throws Exception {
    if (runc == null) {
      return;
    }
    runc("kill", container, "TERM"); // the controller shuts down in order
    if (!runc.waitFor(30, TimeUnit.SECONDS)) {
      runc("kill", container, "KILL");
      runc.waitFor(10, TimeUnit.SECONDS);
    }
    runc("delete", "--force", container);
  }

  @Test
  void productionRunsTheMountedCityAsItsUserOnAReadOnlyRoot() throws Exception {
    try (TestCity city = new TestCity()) {
      int httpPort = CordonInstall.freePort();
      Path file = tmp.resolve("cordon.conf");
      Files.writeString(file, city.config(httpPort, TestDatabase.freshSchema(), "/var/lib/cordon/evidence",
          "/var/lib/cordon/exports"));
      ObjectNode config = bundleConfig(List.of());
      ((ArrayNode) config.path("mounts")).addObject().put("destination", "/etc/cordon/cordon.conf")
          .put("type", "bind").put("source", file.toString())
          .putArray("options").add("bind").add("ro");
      Path log = start(config);
      URI base = URI.create("http://127.0.0.1:" + httpPort);
      System.out.printf("image, runc run: ready after %d ms%n", CordonInstall.awaitReady(runc, base, log).toMillis());

      String pid = TestCity.JSON.readTree(runc("state", container)).path("pid").asText();
      String status = Files.readString(Path.of("/proc", pid, "status"));
      assertTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+" + IMAGE_USER + "\\s.*")), status);
      assertTrue(Files.readAllLines(Path.of("/proc", pid, "mountinfo")).stream()
          .map(l -> l.split(" ")).anyMatch(f -> f[4].equals("/") && f[5].startsWith("ro")), "the root is read-only");

      city.publishPassages(List.of("F794KP", "TT601D"));
      JsonNode item = city.awaitCase(base, "TT601D", runc, log);
      assertEquals(city.camera, item.path("cameraId").asText(), item.toString());
      assertFalse(city.queuePlates(base).contains("F794KP"), "the allowed moped is not in the queue");
    }
  }

  @Test
  void demoRunsOnItsEmbeddedPostgresqlAsTheImagesUser() throws Exception {
    int httpPort = CordonInstall.freePort();
    ObjectNode config = bundleConfig(List.of("ANPR_HTTP_PORT=" + httpPort, "ANPR_CLUSTER_PORT=" + CordonInstall.freePort(),
        "JAVA_OPTS=-Xmx768m -Danpr.embedded-database.port=" + CordonInstall.freePort()));
    ((ArrayNode) config.at("/process/args")).removeAll().add("/usr/local/bin/cordon").add("demo");
    Path log = start(config);
    URI base = URI.create("http://127.0.0.1:" + httpPort);
    try (TestCity city = new TestCity()) {
      System.out.printf("image, runc run demo: ready after %d ms%n", CordonInstall.awaitReady(runc, base, log).toMillis());
      assertEquals(200, city.get(base.resolve("/health/alive"), Optional.empty()).statusCode());
    }
  }

  /**
   * The bundle's config.json as the image made it, with the changes of this class's comment; {@code env} is
   * added to the image's environment (JAVA_OPTS -Xmx768m unless given).
   */
  private ObjectNode bundleConfig(List<String> env) {
    ObjectNode config = imageConfig.deepCopy();
    ObjectNode process = (ObjectNode) config.path("process");
    process.remove("rlimits");
    process.put("terminal", false);
    ArrayNode environment = (ArrayNode) process.path("env");
    List<String> merged = new ArrayList<>(texts(environment));
    merged.removeIf(e -> e.startsWith("JAVA_OPTS="));
    if (env.stream().noneMatch(e -> e.startsWith("JAVA_OPTS="))) {
      merged.add("JAVA_OPTS=-Xmx768m");
    }
    merged.addAll(env);
    environment.removeAll();
    merged.forEach(environment::add);
    ((ObjectNode) config.path("root")).put("readonly", true);
    ArrayNode namespaces = (ArrayNode) config.at("/linux/namespaces");
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      if (namespaces.get(i).path("type").asText().equals("network")) {
        namespaces.remove(i);
      }
    }
    // umoci mounts the image's volumes as noexec tmpfs; an emptyDir allows exec, which the embedded PostgreSQL
    // and the native libraries unpacked under /tmp and the user's home need
    for (JsonNode mount : config.path("mounts")) {
      String destination = mount.path("destination").asText();
      if (destination.equals("/tmp") || destination.equals("/var/lib/cordon")) {
        ArrayNode options = ((ObjectNode) mount).putArray("options").add("rw").add("nosuid").add("nodev");
        if (destination.equals("/tmp")) {
          options.add("mode=1777");
        } else {
          options.add("mode=0755").add("uid=" + IMAGE_USER).add("gid=" + IMAGE_USER);
        }
      }
    }
    return config;
  }

  private Path start(ObjectNode config) throws IOException {
    TestCity.JSON.writerWithDefaultPrettyPrinter().writeValue(bundle.resolve("config.json").toFile(), config);
    Path log = tmp.resolve("container.log");
    runc = new ProcessBuilder("runc", "--root", runcState.toString(), "run", "--bundle", bundle.toString(), container)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return log;
  }

  private static String runc(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("runc", "--root", runcState.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).inheritIO().start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "finished: " + command);
    assertEquals(0, p.exitValue(), String.join(" ", command));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
