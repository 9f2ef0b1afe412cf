package nl.opencordon.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** The table {@code sessions}: one row per signed-in browser, keyed by the hash of its cookie's token. */
final class SessionRepository {
  /**
   * A live session's user name and CSRF token; for a session signed in through the IdP also its roles (names of
   * {@link Role}, comma-separated), ID token, and the ID token's {@code sub} and {@code sid} (null when the IdP
   * sent none), all null for a local user.
   */
  record Row(String userName, String csrfToken, String roles, String idToken, String idpSubject, String idpSession,
             Instant checkedAt) {}

  /** A recheck this caller took on: the session's sealed refresh token, null when the IdP gave none. */
  record Claimed(String sealedRefreshToken) {}

  private static final String COLUMNS = "user_name, csrf_token, roles, id_token, idp_subject, idp_session, checked_at";
  private static final RowMapper<Row> ROW = (rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3),
      rs.getString(4), rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant());

  private final Jdbi jdbi;

  SessionRepository(DataSource dataSource) {
    this.jdbi = Jdbi.create(dataSource);
  }

  /**
   * Adds a session (its {@code checkedAt} is now), with the IdP's refresh token sealed, and drops those idle
   * longer than {@code idle}.
   */
  void insert(String tokenHash, Row row, String sealedRefreshToken, Duration idle) {
    jdbi.useHandle(h -> {
      h.execute("INSERT INTO sessions (token_hash, user_name, csrf_token, roles, id_token, idp_subject, idp_session,"
          + " refresh_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", tokenHash, row.userName(), row.csrfToken(), row.roles(),
          row.idToken(), row.idpSubject(), row.idpSession(), sealedRefreshToken);
      h.execute("DELETE FROM sessions WHERE last_seen < now() - make_interval(secs => ?)", idle.toSeconds());
    });
  }

  /** The session when it has not been idle longer than {@code idle}; marks it seen now. */
  Optional<Row> touch(String tokenHash, Duration idle) {
    return jdbi.withHandle(h -> h.select("UPDATE sessions SET last_seen = now() WHERE token_hash = ?"
            + " AND last_seen > now() - make_interval(secs => ?) RETURNING " + COLUMNS,
        tokenHash, idle.toSeconds()).map(ROW).findOne());
  }

  /** Ends a session; the ended one, if there was one. */
  Optional<Row> delete(String tokenHash) {
    return jdbi.withHandle(h -> h.select(
        "DELETE FROM sessions WHERE token_hash = ? RETURNING " + COLUMNS, tokenHash).map(ROW).findOne());
  }

  /**
   * Takes on the recheck of a session last checked longer than {@code interval} ago, marking it checked now: only
   * one request of one node gets it, the others go on with the session as it is meanwhile.
   */
  Optional<Claimed> claimRecheck(String tokenHash, Duration interval) {
    return jdbi.withHandle(h -> h.select("UPDATE sessions SET checked_at = now() WHERE token_hash = ?"
            + " AND checked_at < now() - make_interval(secs => ?) RETURNING refresh_token", tokenHash,
            interval.toMillis() / 1000.0)
        .map((rs, ctx) -> new Claimed(rs.getString(1))).findOne());
  }

  /** The IdP vouched again: the session's roles and tokens now. */
  void rechecked(String tokenHash, String roles, String idToken, String sealedRefreshToken) {
    jdbi.useHandle(h -> h.execute("UPDATE sessions SET roles = ?, id_token = ?, refresh_token = ? WHERE token_hash = ?",
        roles, idToken, sealedRefreshToken, tokenHash));
  }

  /** The IdP could not be asked: try again once {@code retry} has passed, not a whole interval later. */
  void recheckAgain(String tokenHash, Duration interval, Duration retry) {
    jdbi.useHandle(h -> h.execute("UPDATE sessions SET checked_at = now() - make_interval(secs => ?)"
        + " WHERE token_hash = ?", Math.max(0, interval.minus(retry).toMillis() / 1000.0), tokenHash));
  }

  /**
   * Ends the sessions signed in through the IdP with this {@code sid} (when not null) and {@code sub} (when not
   * null), that began before {@code begunBefore}; the hashes of the ended ones. Never a local user's session, and
   * never all: one of the two is required.
   */
  List<String> deleteAtProvider(String subject, String sid, Instant begunBefore) {
    if (subject == null && sid == null) {
      throw new IllegalArgumentException("a sub or a sid is required");
    }
    return jdbi.withHandle(h -> h.createQuery("DELETE FROM sessions WHERE idp_subject IS NOT NULL AND created_at < :before"
            + " AND (CAST(:sid AS VARCHAR) IS NULL OR idp_session = :sid)"
            + " AND (CAST(:sub AS VARCHAR) IS NULL OR idp_subject = :sub) RETURNING token_hash")
        .bind("before", begunBefore).bind("sid", sid).bind("sub", subject).mapTo(String.class).list());
  }
}
