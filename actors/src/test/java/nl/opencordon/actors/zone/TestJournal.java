package nl.opencordon.actors.zone;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import nl.opencordon.persistence.DatabaseSettings;

/** The zones' journal as the controller configures it ({@code persistence.conf}), on a test database. */
final class TestJournal {
  private TestJournal() {}

  static Config config(DatabaseSettings settings) {
    String db = "pekko-persistence-jdbc.shared-databases.slick.db.";
    return ConfigFactory.parseMap(Map.of(db + "url", settings.url(), db + "user", settings.user(),
            db + "password", settings.password()))
        .withFallback(ConfigFactory.parseResources("persistence.conf"))
        .withFallback(ConfigFactory.load()).resolve();
  }
}
