package nl.opencordon.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL started from the binaries in the zonky Maven artifacts, for runs where no database is
 * configured. Its data directory is kept, so a restarted controller finds its zone state again.
 * PostgreSQL refuses to run as root: run the controller as an ordinary user, or configure ANPR_DB_URL.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedDatabase start(Path dataDir, int port) {
    if ("root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException("embedded PostgreSQL cannot run as root; run as an ordinary user or set "
          + "ANPR_DB_URL (e.g. jdbc:postgresql://127.0.0.1:5432/postgres)");
    }
    try {
      Files.createDirectories(dataDir);
      boolean fresh = !Files.exists(dataDir.resolve("PG_VERSION"));
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(fresh)
          .setPort(port)
          .start();
      return new EmbeddedDatabase(pg);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDir, e);
    }
  }

  public DatabaseSettings settings(int poolSize) {
    return new DatabaseSettings(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", poolSize);
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
