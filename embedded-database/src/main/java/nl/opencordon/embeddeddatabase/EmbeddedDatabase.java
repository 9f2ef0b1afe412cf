package nl.opencordon.embeddeddatabase;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.opencordon.persistence.DatabaseSettings;

/**
 * A real PostgreSQL started from the binaries in the zonky Maven artifacts, for runs where no database is
 * configured. Its data directory is kept, so a restarted controller finds its zone state again.
 * PostgreSQL refuses to run as root: a controller running as root starts it as the system user
 * {@value ServiceUserPostgres#USER} instead (see {@link ServiceUserPostgres}); an ordinary user runs it itself.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private final Closeable server;
  private final String jdbcUrl;

  private EmbeddedDatabase(Closeable server, String jdbcUrl) {
    this.server = server;
    this.jdbcUrl = jdbcUrl;
  }

  /** Starts the server on {@code port} (0: any free port), creating the cluster when the directory has none. */
  public static EmbeddedDatabase start(Path dataDir, int port) {
    try {
      if ("root".equals(System.getProperty("user.name"))) {
        ServiceUserPostgres pg = ServiceUserPostgres.start(dataDir, port);
        return new EmbeddedDatabase(pg, pg.jdbcUrl());
      }
      Files.createDirectories(dataDir);
      // not clean: zonky would delete the directory on close; it runs initdb when there is no cluster yet
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setPort(port)
          .start();
      return new EmbeddedDatabase(pg, pg.getJdbcUrl("postgres", "postgres"));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDir, e);
    }
  }

  public DatabaseSettings settings(int poolSize) {
    return new DatabaseSettings(jdbcUrl, "postgres", "", poolSize);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
