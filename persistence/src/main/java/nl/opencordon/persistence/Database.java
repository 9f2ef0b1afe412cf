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

  @Override
  public void close() {
    dataSource.close();
  }
}
