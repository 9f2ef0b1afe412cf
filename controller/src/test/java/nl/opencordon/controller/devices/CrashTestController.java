package nl.opencordon.controller.devices;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.controller.Controller;
import nl.opencordon.controller.TestControllers;
import nl.opencordon.controller.TestTraffic;
import nl.opencordon.displays.sim.SimulatedSigns;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.Fuel;
import nl.opencordon.domain.Plate;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.DatabaseSettings;

/**
 * The fault rig's city ({@link FaultRig#CITY}) as a controller in a JVM of its own, for {@link CrashRecoveryIT}
 * to kill: camera {@code push-1} pushes over HTTP, {@code mqtt-1} publishes to the MQTT broker, and in the
 * vehicle register one vehicle in ten ({@link #violator}) is a diesel Euro 4 van, which may not enter, and the
 * others are electric vans. Arguments: the JDBC
 * url of the schema, its user, the file to write the HTTP port to once the controller is up, the MQTT broker
 * and the MQTT client id prefix. It runs until it is killed.
 */
public final class CrashTestController {
  private CrashTestController() {}

  /** Whether the register has this vehicle as one that may not enter the zone: one in ten. */
  static boolean violator(Plate plate) {
    return Math.floorMod(plate.text().hashCode(), 10) == 0;
  }

  /** A controller JVM started by a test, serving HTTP on {@code port} since {@code up}. */
  record Running(Process process, int port, Instant up) {}

  /**
   * Starts the controller in a JVM of its own on an already migrated schema and returns once it serves HTTP; its
   * output is appended to {@code log}.
   */
  static Running start(DatabaseSettings schema, String brokerUrl, String clientIdPrefix, Path log) throws Exception {
    Path portFile = Files.createTempDirectory("crash-").resolve("port");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // C1 only: the JVM starts sooner, and a few thousand passages a second need no more.
    Process process = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path"),
        CrashTestController.class.getName(), schema.url(), schema.user(), portFile.toString(), brokerUrl,
        clientIdPrefix)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    Instant up = FaultRig.await(Duration.ofSeconds(90), "the controller JVM serving HTTP", () -> {
      if (!process.isAlive()) {
        throw new AssertionError("the controller JVM exited with " + process.exitValue() + "; see " + log);
      }
      return Files.exists(portFile);
    });
    return new Running(process, Integer.parseInt(Files.readString(portFile)), up);
  }

  public static void main(String[] args) throws Exception {
    Database database = Database.open(new DatabaseSettings(args[0], args[1], "", 4));
    SimulatedSigns signs = new SimulatedSigns();
    Controller controller = Controller.start(TestControllers.config("""
            anpr.camera-drivers.cameras { "push-1" { driver = http }, "mqtt-1" { driver = mqtt } }
            anpr.camera-drivers.http.api-keys { "push-1" = "%s" }
            anpr.camera-drivers.mqtt { broker = "%s", client-id = "%s" }
            anpr.enforcement.placeholder-evidence = off
            """.formatted(FaultRig.API_KEY, args[3], args[4])), database, TestControllers.city(FaultRig.CITY),
        new Controller.Adapters(plate -> CompletableFuture.completedFuture(Optional.of(violator(plate)
            ? TestTraffic.facts(plate, "N1", Set.of(Fuel.DIESEL), "4")
            : TestTraffic.facts(plate, "N1", Set.of(Fuel.ELECTRIC), "Z"))), new ExemptionRegistry(),
            CameraDriverFactory.NONE, d -> signs.driverFor(d.id())));
    Path portFile = Path.of(args[2]);
    Path written = Files.writeString(portFile.resolveSibling(portFile.getFileName() + ".tmp"),
        Integer.toString(controller.httpPort()));
    Files.move(written, portFile);
    new CountDownLatch(1).await();
  }
}
