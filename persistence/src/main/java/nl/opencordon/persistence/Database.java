package nl.opencordon.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The controller's PostgreSQL: a connection pool, with the schema brought up to date by Flyway migrations
 * (db/migration) before anything else touches it.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final DatabaseSettings settings;

  private Database(DatabaseSettings settings, HikariDataSource dataSource) {
    this.settings = settings;
    this.dataSource = dataSource;
  }

  public static Database open(DatabaseSettings settings) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(settings.url());
    hc.setUsername(settings.user());
    hc.setPassword(settings.password());
    hc.setMaximumPoolSize(settings.poolSize());
    hc.setPoolName("anpr-read-models");
    HikariDataSource ds = new HikariDataSource(hc);
    try {
      Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new Database(settings, ds);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public DatabaseSettings settings() {
    return settings;
  }

  /** Why the database does not answer within the timeout, or empty when it does. Blocks: call it off actors. */
  public java.util.Optional<String> problem(java.time.Duration timeout) {
    try (java.sql.Connection c = dataSource.getConnection()) {
      return c.isValid((int) Math.max(1, timeout.toSeconds())) ? java.util.Optional.empty()
          : java.util.Optional.of("database does not answer");
    } catch (java.sql.SQLException e) {
      return java.util.Optional.of("database does not answer: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
