package nl.opencordon.actors.zone;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.DatabaseSettings;
import nl.opencordon.persistence.TestDatabase;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/** The zones' journal as the controller configures it ({@code persistence.conf}), on a fresh test schema. */
final class TestJournal implements AutoCloseable {
  final Database database;
  final Config config;

  TestJournal() {
    DatabaseSettings settings = TestDatabase.freshSchema();
    database = Database.open(settings);
    String db = "pekko-persistence-jdbc.shared-databases.slick.db.";
    config = ConfigFactory.parseMap(Map.of(db + "url", settings.url(), db + "user", settings.user(),
            db + "password", settings.password()))
        .withFallback(ConfigFactory.parseResources("persistence.conf"))
        .withFallback(ConfigFactory.load()).resolve();
  }

  /** A new actor system on this journal; the caller shuts it down. */
  ActorTestKit kit(String name) {
    return ActorTestKit.create(name, config);
  }

  /** Every event in the journal as text (bytes as ISO-8859-1), to look for plates in them. */
  List<String> payloads() throws SQLException {
    return TestDatabase.bytesAsText(database.dataSource(), "SELECT event_payload FROM event_journal");
  }

  @Override
  public void close() {
    database.close();
  }
}
