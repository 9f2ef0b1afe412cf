package nl.opencordon.security;

import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** The table {@code sessions}: one row per signed-in browser, keyed by the hash of its cookie's token. */
final class SessionRepository {
  /**
   * A live session's user name and CSRF token; for a session signed in through the IdP also its roles (names of
   * {@link Role}, comma-separated) and ID token, both null for a local user.
   */
  record Row(String userName, String csrfToken, String roles, String idToken) {}

  private static final RowMapper<Row> ROW = (rs, ctx) ->
      new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));

  private final Jdbi jdbi;

  SessionRepository(DataSource dataSource) {
    this.jdbi = Jdbi.create(dataSource);
  }

  /** Adds a session, and drops those idle longer than {@code idle}. */
  void insert(String tokenHash, Row row, Duration idle) {
    jdbi.useHandle(h -> {
      h.execute("INSERT INTO sessions (token_hash, user_name, csrf_token, roles, id_token) VALUES (?, ?, ?, ?, ?)",
          tokenHash, row.userName(), row.csrfToken(), row.roles(), row.idToken());
      h.execute("DELETE FROM sessions WHERE last_seen < now() - make_interval(secs => ?)", idle.toSeconds());
    });
  }

  /** The session when it has not been idle longer than {@code idle}; marks it seen now. */
  Optional<Row> touch(String tokenHash, Duration idle) {
    return jdbi.withHandle(h -> h.select("UPDATE sessions SET last_seen = now() WHERE token_hash = ?"
            + " AND last_seen > now() - make_interval(secs => ?) RETURNING user_name, csrf_token, roles, id_token",
        tokenHash, idle.toSeconds()).map(ROW).findOne());
  }

  /** Ends a session; the ended one, if there was one. */
  Optional<Row> delete(String tokenHash) {
    return jdbi.withHandle(h -> h.select(
        "DELETE FROM sessions WHERE token_hash = ? RETURNING user_name, csrf_token, roles, id_token", tokenHash)
        .map(ROW).findOne());
  }
}
