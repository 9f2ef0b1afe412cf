package nl.opencordon.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The table {@code login_failures}: failed password checks per key in fixed windows, shared by every node.
 * Successful checks write nothing.
 */
final class LoginFailureRepository {
  /** The failures of a key in its current window. */
  record Count(int failures, Instant windowStart) {}

  private final DataSource dataSource;

  LoginFailureRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The counts of the keys whose window has not yet passed. */
  Map<String, Count> current(Collection<String> keys, Duration window) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT key, failures, window_start FROM login_failures WHERE key = ANY (?)"
            + " AND window_start > now() - make_interval(secs => ?)")) {
      ps.setArray(1, c.createArrayOf("varchar", keys.toArray()));
      ps.setLong(2, window.toSeconds());
      Map<String, Count> out = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), new Count(rs.getInt(2), rs.getTimestamp(3).toInstant()));
        }
      }
      return out;
    }
  }

  /** Counts one failure for each key (a new window where the old one passed), and drops passed windows. */
  Map<String, Count> recordFailure(Collection<String> keys, Duration window) throws SQLException {
    Map<String, Count> out = new HashMap<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO login_failures AS f (key, window_start, failures) VALUES (?, now(), 1)
          ON CONFLICT (key) DO UPDATE SET
            failures = CASE WHEN f.window_start > now() - make_interval(secs => ?) THEN f.failures + 1 ELSE 1 END,
            window_start = CASE WHEN f.window_start > now() - make_interval(secs => ?) THEN f.window_start
                                ELSE now() END
          RETURNING failures, window_start""")) {
        for (String key : keys) {
          ps.setString(1, key);
          ps.setLong(2, window.toSeconds());
          ps.setLong(3, window.toSeconds());
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            out.put(key, new Count(rs.getInt(1), rs.getTimestamp(2).toInstant()));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM login_failures WHERE window_start < now() - make_interval(secs => ?)")) {
        ps.setLong(1, window.toSeconds());
        ps.executeUpdate();
      }
    }
    return out;
  }
}
