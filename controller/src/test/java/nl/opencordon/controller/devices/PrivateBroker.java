package nl.opencordon.controller.devices;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto of the test's own on a free port, with persistence, so a test can stop and restart "the
 * broker" without touching the shared one at 1883. Stopped with SIGTERM, as a service restart does, so it
 * keeps its sessions and queued messages.
 */
final class PrivateBroker implements AutoCloseable {
  private final Path dir;
  private final int port;
  private Process process;

  private PrivateBroker(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  static PrivateBroker start() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("mosquitto-");
    Files.writeString(dir.resolve("mosquitto.conf"), """
        listener %d 127.0.0.1
        allow_anonymous true
        persistence true
        persistence_location %s/
        sys_interval 1
        user %s
        """.formatted(port, dir, System.getProperty("user.name")));
    PrivateBroker broker = new PrivateBroker(dir, port);
    broker.restart();
    return broker;
  }

  String url() {
    return "tcp://127.0.0.1:" + port;
  }

  /** Starts the broker and returns once it accepts connections. */
  Instant restart() throws Exception {
    String binary = Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
    process = new ProcessBuilder(binary, "-c", dir.resolve("mosquitto.conf").toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log").toFile()))
        .start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return Instant.now();
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException("mosquitto exited: " + Files.readString(dir.resolve("log")));
        }
        TimeUnit.MILLISECONDS.sleep(20); // polling the port, with a deadline
      }
    }
    throw new IllegalStateException("mosquitto did not open port " + port);
  }

  /** Stops the broker as a service restart does (SIGTERM), waiting until it is gone. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  @Override
  public void close() throws Exception {
    stop();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
