package nl.opencordon.controller;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import nl.opencordon.domain.CityConfig;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.PlateHasher;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.DatabaseSettings;
import nl.opencordon.persistence.EmbeddedDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the controller with the demo city: simulated cameras, displays and a scan car. */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    Config config = ConfigFactory.load();
    CityLayout layout;
    try {
      layout = CityConfig.load(config.getConfig("anpr.city"));
    } catch (CityConfig.InvalidCityException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    layout.warnings().forEach(w -> log.warn("Rule date to check: {}", w));
    DatabaseSettings dbSettings = DatabaseSettings.fromConfig(config.getConfig("anpr.persistence.db"));
    EmbeddedDatabase embedded = null;
    if (dbSettings.embedded()) {
      if (isRoot() && reachable("127.0.0.1", 5432)) {
        dbSettings = dbSettings.withUrl("jdbc:postgresql://127.0.0.1:5432/postgres");
        log.warn("Running as root, where PostgreSQL refuses to run embedded: using the local PostgreSQL at {}",
            dbSettings.url());
      } else {
        Config emb = config.getConfig("anpr.persistence.embedded");
        log.info("No database configured (ANPR_DB_URL): starting embedded PostgreSQL in {}",
            emb.getString("data-dir"));
        embedded = EmbeddedDatabase.start(Path.of(emb.getString("data-dir")), emb.getInt("port"));
        dbSettings = embedded.settings(dbSettings.poolSize());
      }
    }
    Database database = Database.open(dbSettings);
    PlateHasher hasher = new PlateHasher(config.getString("anpr.controller.plate-hash-secret"));
    DemoCity demo = DemoCity.create(layout, hasher, config.getConfig("anpr.demo"));
    Controller controller = Controller.start(config, database, layout, demo.adapters());
    DemoReporter reporter = DemoReporter.start(controller, config.getDuration("anpr.demo.report-interval"));
    EmbeddedDatabase pg = embedded;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        reporter.close();
        controller.close();
        database.close();
        if (pg != null) {
          pg.close();
        }
      } catch (Exception e) {
        log.warn("Shutdown: {}", e.toString());
      }
    }, "shutdown"));
    String base = "http://" + config.getString("anpr.controller.http.host") + ":" + controller.httpPort();
    System.out.printf("""

        Cordon controller running: demo city %s
          zones %d, gates %d, cameras %d (simulated, %.1f passages/s each), displays %d
          database   %s
          control room  %s/
          API           %s/api/cameras  %s/api/cases  %s/api/city
          metrics       %s/metrics
        Ctrl-C stops it; zone state and cases survive a restart.

        """, layout.name(), layout.zones().size(), layout.gates().size(), layout.cameras().size(),
        config.getDouble("anpr.demo.passages-per-camera-per-second"), layout.displays().size(),
        dbSettings.url(), base, base, base, base, base);
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static boolean reachable(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
