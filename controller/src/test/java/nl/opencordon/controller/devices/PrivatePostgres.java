package nl.opencordon.controller.devices;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import nl.opencordon.persistence.DatabaseSettings;

/**
 * A PostgreSQL of the test's own (Debian's binaries under /usr/lib/postgresql), on a free port, so that a test
 * can crash and restart "the database" without touching the shared server at 5432. As root it runs the
 * binaries as the {@code postgres} user, since PostgreSQL refuses to run as root.
 */
final class PrivatePostgres implements AutoCloseable {
  private final Path dir;
  private final Path bin;
  private final int port;

  private PrivatePostgres(Path dir, Path bin, int port) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
  }

  static PrivatePostgres start() throws Exception {
    Path bin;
    try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      bin = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.naturalOrder()).orElseThrow(() -> new IllegalStateException("no PostgreSQL binaries"));
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("postgres-");
    PrivatePostgres pg = new PrivatePostgres(dir, bin, port);
    if (isRoot()) {
      run(List.of("chown", "postgres", dir.toString()));
    }
    pg.pg("initdb", "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "postgres");
    pg.begin();
    return pg;
  }

  DatabaseSettings settings() {
    return new DatabaseSettings("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "", 4);
  }

  /** Crashes the server (immediate shutdown: no checkpoint, as a power cut) and returns when it is gone. */
  void crash() throws Exception {
    pg("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
  }

  /** Starts the server again (it recovers from its WAL) and returns when it accepts connections. */
  Instant begin() throws Exception {
    pg("pg_ctl", "-D", dir.resolve("data").toString(), "-w", "-l", dir.resolve("log").toString(), "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
    return Instant.now();
  }

  private void pg(String program, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    if (isRoot()) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(args));
    run(command);
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException(command + " failed: " + output);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  @Override
  public void close() throws Exception {
    crash();
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
