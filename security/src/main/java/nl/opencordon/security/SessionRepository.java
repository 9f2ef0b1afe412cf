package nl.opencordon.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/** The table {@code sessions}: one row per signed-in browser, keyed by the hash of its cookie's token. */
final class SessionRepository {
  /**
   * A live session's user name and CSRF token; for a session signed in through the IdP also its roles (names of
   * {@link Role}, comma-separated) and ID token, both null for a local user.
   */
  record Row(String userName, String csrfToken, String roles, String idToken) {}

  private final DataSource dataSource;

  SessionRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Adds a session, and drops those idle longer than {@code idle}. */
  void insert(String tokenHash, Row row, Duration idle) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO sessions (token_hash, user_name, csrf_token, roles, id_token) VALUES (?, ?, ?, ?, ?)")) {
        ps.setString(1, tokenHash);
        ps.setString(2, row.userName());
        ps.setString(3, row.csrfToken());
        ps.setString(4, row.roles());
        ps.setString(5, row.idToken());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM sessions WHERE last_seen < now() - make_interval(secs => ?)")) {
        ps.setLong(1, idle.toSeconds());
        ps.executeUpdate();
      }
    }
  }

  /** The session when it has not been idle longer than {@code idle}; marks it seen now. */
  Optional<Row> touch(String tokenHash, Duration idle) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE sessions SET last_seen = now() WHERE token_hash = ? AND last_seen > now() - make_interval(secs => ?)"
            + " RETURNING user_name, csrf_token, roles, id_token")) {
      ps.setString(1, tokenHash);
      ps.setLong(2, idle.toSeconds());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  /** Ends a session; the ended one, if there was one. */
  Optional<Row> delete(String tokenHash) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "DELETE FROM sessions WHERE token_hash = ? RETURNING user_name, csrf_token, roles, id_token")) {
      ps.setString(1, tokenHash);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  private static Row row(ResultSet rs) throws SQLException {
    return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
  }
}
