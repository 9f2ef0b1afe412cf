package nl.opencordon.embeddeddatabase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.DatabaseSettings;
import nl.opencordon.persistence.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server as whoever runs the tests (CI: root, so as system user cordon-postgres): a new cluster
 * is created and migrated, a restart on the same directory finds the data, and close() leaves no server;
 * a port held by another PostgreSQL is an error, never a connection to that server.
 */
class EmbeddedDatabaseIT {
  @TempDir
  Path tmp;

  @Test
  void keepsDataAcrossRestartsAndStopsTheServerOnClose() throws Exception {
    // as root the server's user must be able to enter the temp dir, which JUnit creates rwx------
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path dataDir = tmp.resolve("postgres");
    String marker = UUID.randomUUID().toString();

    Run first = withServer(dataDir, c -> {
      c.createStatement().execute("CREATE TABLE restart_probe (marker text)");
      c.createStatement().execute("INSERT INTO restart_probe VALUES ('" + marker + "')");
      assertTrue(count(c, "SELECT count(*) FROM flyway_schema_history WHERE success") > 0);
    });
    assertStopped(first);
    if ("root".equals(System.getProperty("user.name"))) {
      assertEquals(ServiceUserPostgres.USER, Files.getOwner(dataDir).getName());
    }

    Run second = withServer(dataDir, c -> {
      ResultSet rs = c.createStatement().executeQuery("SELECT marker FROM restart_probe");
      assertTrue(rs.next());
      assertEquals(marker, rs.getString(1));
    });
    assertStopped(second);
    System.out.printf("embedded PostgreSQL first start (cluster created): %d ms, restart on the same data: %d ms%n",
        first.startMillis(), second.startMillis());
  }

  @Test
  void failsRatherThanUseAnotherServerOnItsPort() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    URI testDb = URI.create(TestDatabase.BASE_URL.substring("jdbc:".length()));
    assumeTrue(List.of("127.0.0.1", "localhost").contains(testDb.getHost()), "test database is not local");
    assertThrows(RuntimeException.class, () -> EmbeddedDatabase.start(tmp.resolve("postgres"), testDb.getPort()));
  }

  private record Run(long pid, String url, long startMillis) {}

  private interface SqlWork {
    void accept(Connection c) throws SQLException;
  }

  /** Starts the server on dataDir, migrates it, does the work, closes it. */
  private static Run withServer(Path dataDir, SqlWork work) throws Exception {
    long t0 = System.nanoTime();
    try (EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDir, 0)) {
      long startMillis = (System.nanoTime() - t0) / 1_000_000;
      DatabaseSettings settings = embedded.settings(2);
      try (Database db = Database.open(settings); Connection c = db.dataSource().getConnection()) {
        work.accept(c);
      }
      return new Run(postmasterPid(dataDir), settings.url(), startMillis);
    }
  }

  private static long postmasterPid(Path dataDir) throws Exception {
    return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
  }

  private static void assertStopped(Run run) {
    Optional<ProcessHandle> process = ProcessHandle.of(run.pid());
    assertFalse(process.isPresent() && process.get().isAlive(), "postmaster " + run.pid() + " still runs");
    assertThrows(SQLException.class, () -> DriverManager.getConnection(run.url(), "postgres", "").close());
  }

  private static int count(Connection c, String sql) throws SQLException {
    ResultSet rs = c.createStatement().executeQuery(sql);
    rs.next();
    return rs.getInt(1);
  }
}
