package nl.opencordon.persistence;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A fresh, empty schema in a real PostgreSQL for one test class: the server at 127.0.0.1:5432 (database
 * "test", user postgres, as on CI) or the one named by ANPR_TEST_DB_URL. Schemas keep test classes apart
 * without creating databases.
 */
public final class TestDatabase {
  private TestDatabase() {}

  public static final String BASE_URL = System.getenv().getOrDefault("ANPR_TEST_DB_URL",
      "jdbc:postgresql://127.0.0.1:5432/test");
  public static final String USER = System.getenv().getOrDefault("ANPR_TEST_DB_USER", "postgres");

  /** Settings for a newly created schema; Flyway fills it when a {@link Database} is opened. */
  public static DatabaseSettings freshSchema() {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(BASE_URL, USER, "")) {
      c.createStatement().execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("tests need PostgreSQL at " + BASE_URL + " (set ANPR_TEST_DB_URL)", e);
    }
    String sep = BASE_URL.contains("?") ? "&" : "?";
    return new DatabaseSettings(BASE_URL + sep + "currentSchema=" + schema, USER, "", 4);
  }

  /** The first column of every row of {@code sql}, as text: what a test checks a table holds. */
  public static List<String> strings(DataSource db, String sql) throws SQLException {
    return column(db, sql, false);
  }

  /** A binary column's values as text (bytes as ISO-8859-1), to look for plates in them; nulls left out. */
  public static List<String> bytesAsText(DataSource db, String sql) throws SQLException {
    return column(db, sql, true);
  }

  private static List<String> column(DataSource db, String sql, boolean binary) throws SQLException {
    try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        if (!binary) {
          out.add(rs.getString(1));
        } else if (rs.getBytes(1) != null) {
          out.add(new String(rs.getBytes(1), StandardCharsets.ISO_8859_1));
        }
      }
      return out;
    }
  }
}
