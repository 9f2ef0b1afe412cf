package nl.opencordon.controller;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.DatabaseSettings;
import nl.opencordon.embeddeddatabase.EmbeddedDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running controller process: its database (configured, or embedded where the caller allows it), the
 * controller on it, and an orderly stop on SIGTERM or Ctrl-C. Used by {@code cordon run} and {@code cordon demo}.
 */
public final class Node implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Node.class);

  /** Makes the outside world once the database is open; what it returns is closed with the node. */
  @FunctionalInterface
  public interface World {
    Controller.Adapters adapters(Database database, List<AutoCloseable> toClose) throws Exception;
  }

  private final Controller controller;
  private final Database database;
  private final List<AutoCloseable> resources;

  private Node(Controller controller, Database database, List<AutoCloseable> resources) {
    this.controller = controller;
    this.database = database;
    this.resources = resources;
  }

  /**
   * @param allowEmbedded whether an unset database url starts the embedded PostgreSQL (the demo) rather than
   *     being an error
   */
  public static Node start(Config config, CityLayout layout, boolean allowEmbedded, World world) throws Exception {
    layout.warnings().forEach(w -> log.warn("Rule date to check: {}", w));
    List<AutoCloseable> resources = new ArrayList<>();
    DatabaseSettings settings = DatabaseSettings.fromConfig(config.getConfig("anpr.persistence.db"));
    if (settings.embedded()) {
      if (!allowEmbedded) {
        throw new IllegalStateException("anpr.persistence.db.url is not set (ANPR_DB_URL)");
      }
      Config emb = config.getConfig("anpr.embedded-database");
      log.info("No database configured (ANPR_DB_URL): starting embedded PostgreSQL in {}", emb.getString("data-dir"));
      EmbeddedDatabase embedded = EmbeddedDatabase.start(Path.of(emb.getString("data-dir")), emb.getInt("port"));
      resources.add(embedded);
      settings = embedded.settings(settings.poolSize());
    }
    Database database = Database.open(settings);
    resources.add(database);
    try {
      Controller.Adapters adapters = world.adapters(database, resources);
      Controller controller = Controller.start(config, database, layout, adapters);
      Node node = new Node(controller, database, resources);
      Runtime.getRuntime().addShutdownHook(new Thread(node::closeQuietly, "shutdown"));
      return node;
    } catch (Exception e) {
      closeAll(resources);
      throw e;
    }
  }

  public Controller controller() {
    return controller;
  }

  public String databaseUrl() {
    return database.settings().url();
  }

  private void closeQuietly() {
    try {
      close();
    } catch (Exception e) {
      log.warn("Shutdown: {}", e.toString());
    }
  }

  @Override
  public synchronized void close() throws Exception {
    if (resources.isEmpty()) {
      return;
    }
    controller.close();
    closeAll(resources);
  }

  /** The last opened first: the embedded server outlives the connection pool on it. */
  private static void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        log.warn("Shutdown: {}", e.toString());
      }
    }
    resources.clear();
  }
}
