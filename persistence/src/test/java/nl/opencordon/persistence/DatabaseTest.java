package nl.opencordon.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class DatabaseTest {
  @Test
  void migrationsCreateJournalAndReadModelsInTheOwnSchema() throws Exception {
    DatabaseSettings settings = TestDatabase.freshSchema();
    try (Database db = Database.open(settings); Connection c = db.dataSource().getConnection()) {
      String schema = c.getSchema();
      ResultSet rs = c.createStatement().executeQuery(
          "SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema
              + "' AND table_name IN ('event_journal', 'snapshot', 'cases')");
      rs.next();
      assertEquals(3, rs.getInt(1));
    }
    // A second start finds the schema current and changes nothing.
    try (Database again = Database.open(settings)) {
      assertEquals(settings, again.settings());
    }
  }
}
