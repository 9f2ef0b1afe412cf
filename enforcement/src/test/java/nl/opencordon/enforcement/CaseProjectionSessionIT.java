package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cases projection's session on a real PostgreSQL: what waits for a group's commit (the metrics of the
 * cases it wrote) runs once the commit succeeded, and never for a group rolled back, which is written again.
 */
class CaseProjectionSessionIT {
  private static Database database;

  @BeforeAll
  static void open() {
    database = Database.open(TestDatabase.freshSchema());
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Test
  void whatWaitsForTheCommitRunsOnceAfterItAndNeverAfterARollback() throws Exception {
    AtomicInteger counted = new AtomicInteger();
    CaseProjection.LazySession rolledBack = new CaseProjection.LazySession(database.dataSource());
    rolledBack.withConnection(c -> execute(c, "CREATE TABLE IF NOT EXISTS t (n int)"));
    rolledBack.commit();
    rolledBack.withConnection(c -> execute(c, "INSERT INTO t VALUES (1)"));
    rolledBack.afterCommit(counted::incrementAndGet);
    rolledBack.rollback();
    rolledBack.close();
    assertEquals(0, counted.get());

    CaseProjection.LazySession committed = new CaseProjection.LazySession(database.dataSource());
    committed.withConnection(c -> execute(c, "INSERT INTO t VALUES (2)"));
    committed.afterCommit(counted::incrementAndGet);
    assertEquals(0, counted.get(), "counted before the commit");
    committed.commit();
    assertEquals(1, counted.get());
    committed.commit();
    committed.close();
    assertEquals(1, counted.get(), "counted twice");
    try (Connection c = database.dataSource().getConnection();
         ResultSet rs = c.createStatement().executeQuery("SELECT array_agg(n) FROM t")) {
      rs.next();
      assertEquals("{2}", rs.getString(1), "only the committed group's row is there");
    }
  }

  private static Void execute(Connection c, String sql) {
    try {
      c.createStatement().execute(sql);
      return null;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
