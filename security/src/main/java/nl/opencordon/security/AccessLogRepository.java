package nl.opencordon.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The {@code access_log} table: one row per request that revealed personal data. Rows are only added. */
public final class AccessLogRepository {
  public record Entry(long id, Instant at, String userName, String roles, String action, String subject) {}

  private final DataSource dataSource;

  public AccessLogRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void insert(String userName, String roles, String action, String subject) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO access_log (user_name, roles, action, subject) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, userName);
      ps.setString(2, roles);
      ps.setString(3, action);
      ps.setString(4, subject);
      ps.executeUpdate();
    }
  }

  /** The newest entries first, optionally only those about one subject. */
  public List<Entry> list(String subject, int limit) throws SQLException {
    String sql = "SELECT * FROM access_log" + (subject == null ? "" : " WHERE subject = ?")
        + " ORDER BY id DESC LIMIT ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (subject != null) {
        ps.setString(i++, subject);
      }
      ps.setInt(i, limit);
      List<Entry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("user_name"),
              rs.getString("roles"), rs.getString("action"), rs.getString("subject")));
        }
      }
      return out;
    }
  }
}
