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
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The zones' journal as the controller configures it ({@code persistence.conf}), on a fresh test schema for a
 * test class: {@code @RegisterExtension static final TestJournal journal = new TestJournal("name");}.
 */
final class TestJournal implements BeforeAllCallback, AfterAllCallback {
  private final String systemName;
  private Database database;
  private Config config;
  private ActorTestKit kit;

  /** {@code systemName}: the name of the class's actor system. */
  TestJournal(String systemName) {
    this.systemName = systemName;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    DatabaseSettings settings = TestDatabase.freshSchema();
    database = Database.open(settings);
    String db = "pekko-persistence-jdbc.shared-databases.slick.db.";
    config = ConfigFactory.parseMap(Map.of(db + "url", settings.url(), db + "user", settings.user(),
            db + "password", settings.password()))
        .withFallback(ConfigFactory.parseResources("persistence.conf"))
        .withFallback(ConfigFactory.load()).resolve();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (kit != null) {
      kit.shutdownTestKit();
    }
    database.close();
  }

  /** The class's actor system on this journal, started at its first use and stopped after the class. */
  ActorTestKit kit() {
    if (kit == null) {
      kit = newKit(systemName);
    }
    return kit;
  }

  /** Another actor system on this journal, for a test that stops one and starts the next; the caller stops it. */
  ActorTestKit newKit(String name) {
    return ActorTestKit.create(name, config);
  }

  Database database() {
    return database;
  }

  Config config() {
    return config;
  }

  /** Every event in the journal as text (bytes as ISO-8859-1), to look for plates in them. */
  List<String> payloads() throws SQLException {
    return TestDatabase.bytesAsText(database.dataSource(), "SELECT event_payload FROM event_journal");
  }
}
