package nl.opencordon.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The product as a municipality gets it: the archive of this build unpacked into an empty folder, and
 * {@code bin/cordon} started from there; closing stops what was started (SIGTERM, then SIGKILL).
 */
final class CordonInstall implements AutoCloseable {
  static final Duration READY_WITHIN = Duration.ofMinutes(3);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final Path home;
  final Path work;
  private final List<Process> started = new ArrayList<>();

  private CordonInstall(Path home, Path work) {
    this.home = home;
    this.work = work;
  }

  /** Unpacks the archive of this build (or {@code -Dcordon.archive}) under {@code tmp}. */
  static CordonInstall unpack(Path tmp) throws Exception {
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
    Path home = unpacked.resolve("cordon-" + System.getProperty("cordon.version"));
    assertTrue(Files.isExecutable(home.resolve("bin/cordon")), "bin/cordon is executable");
    return new CordonInstall(home, Files.createDirectory(tmp.resolve("work")));
  }

  /** bin/cordon with the given arguments, its output into a file (a full pipe would stall it). */
  Process start(List<String> args, Path log) throws IOException {
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

  /**
   * Until {@code GET /health/ready} is 200, returning how long that took; fails with the log's tail when the
   * process (bin/cordon, or runc running the image) exits or time runs out.
   */
  static Duration awaitReady(Process cordon, URI base, Path log) throws Exception {
    long t0 = System.nanoTime();
    try {
      await("GET /health/ready").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(200))
          // not listening yet
          .ignoreExceptionsMatching(e -> e instanceof ConnectException || e instanceof HttpTimeoutException)
          .until(() -> {
            assertTrue(cordon.isAlive(), () -> "the controller exited with " + cordon.exitValue()
                + " before it was ready; its output:\n" + tail(log));
            return HTTP.send(HttpRequest.newBuilder(base.resolve("/health/ready")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
          });
    } catch (ConditionTimeoutException e) {
      fail("GET /health/ready was not 200 within " + READY_WITHIN + "; output:\n" + tail(log));
    }
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : started) {
      p.destroy(); // SIGTERM: the controller shuts down in order
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * The RDW open-data API as RdwClient calls it, {@code GET /resource/<dataset>.json?kenteken=<plate>}: the
   * fixture {@code <dataset>_<fixturePlate>.json} (m9d7-ebf2 vehicles, 8ys7-d773 fuels, vezc-m2t6 carrosserie),
   * where {@code fixturePlate} is what {@code fixtureOf} gives for the plate asked, with that plate in it; "[]"
   * for plates without a fixture.
   */
  static HttpServer rdwServer(Path fixtures, UnaryOperator<String> fixtureOf) throws IOException {
    assertTrue(Files.isDirectory(fixtures), "RDW fixtures at " + fixtures.toAbsolutePath());
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/resource/", (HttpExchange ex) -> {
      String dataset = ex.getRequestURI().getPath().substring("/resource/".length()).replace(".json", "");
      String query = Optional.ofNullable(ex.getRequestURI().getQuery()).orElse("");
      String plate = query.startsWith("kenteken=") ? query.substring("kenteken=".length()) : "";
      String fixturePlate = plate.matches("[A-Z0-9]+") ? fixtureOf.apply(plate) : "";
      Path fixture = fixtures.resolve(dataset + "_" + fixturePlate + ".json");
      byte[] body = !fixturePlate.isEmpty() && Files.isRegularFile(fixture)
          ? Files.readString(fixture).replace(fixturePlate, plate).getBytes(StandardCharsets.UTF_8)
          : "[]".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return server;
  }

  static Path rdwFixtures() {
    return Path.of(System.getProperty("cordon.rdw-fixtures", "../testdata/rdw"));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }
}
