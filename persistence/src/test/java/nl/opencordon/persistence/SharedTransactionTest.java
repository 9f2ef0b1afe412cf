package nl.opencordon.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Repositories that each commit their own work become one transaction of the caller's, on a real PostgreSQL. */
class SharedTransactionTest {
  private static Database db;
  private static SharedTransaction shared;

  @BeforeAll
  static void open() throws Exception {
    db = Database.open(TestDatabase.freshSchema());
    shared = new SharedTransaction(db.dataSource());
    try (Connection c = db.dataSource().getConnection()) {
      c.createStatement().execute("CREATE TABLE notes (text varchar PRIMARY KEY)");
    }
  }

  @AfterAll
  static void close() throws Exception {
    db.close();
  }

  /** Written as a repository writes: its own connection, transaction and commit. */
  private static void write(DataSource dataSource, String text) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.createStatement().executeUpdate("INSERT INTO notes VALUES ('" + text + "')");
      c.commit();
    }
  }

  private static int count(String text) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
         ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM notes WHERE text = '" + text + "'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void theCallerCommitsOrRollsBackTheWorkOfEveryRepositoryAtOnce() throws Exception {
    try (Connection tx = db.dataSource().getConnection()) {
      tx.setAutoCommit(false);
      shared.within(tx, () -> {
        write(shared, "a");
        write(shared, "b");
        return null;
      });
      assertEquals(0, count("a"), "the repository's commit is the caller's");
      tx.rollback();
      assertEquals(0, count("b"));

      shared.within(tx, () -> {
        write(shared, "c");
        return null;
      });
      assertEquals(false, tx.isClosed(), "the repository's close leaves the caller's connection open");
      tx.commit();
      assertEquals(1, count("c"));
    }
  }

  @Test
  void outsideASharedTransactionItIsThePool() throws Exception {
    write(shared, "d");
    assertEquals(1, count("d"));
    try (Connection tx = db.dataSource().getConnection(); Connection pooled = shared.getConnection()) {
      assertNotSame(tx, pooled);
      assertThrows(IllegalStateException.class, () -> shared.within(tx, () -> shared.within(tx, () -> null)));
    }
  }
}
