package nl.opencordon.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The table {@code oidc_logins}: sign-ins through the identity provider that are under way, keyed by the hash
 * of their state, so the IdP may send the browser back to any node. Each is taken once.
 */
final class OidcLoginRepository {
  /** What the sign-in's return must match (the browser's pre-login cookie, the nonce) and complete it with. */
  record Pending(String browserHash, String nonce, String codeVerifier, String returnTo) {}

  private final DataSource dataSource;

  OidcLoginRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Adds a sign-in, and drops those older than {@code timeout}. */
  void insert(String stateHash, Pending pending, Duration timeout) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO oidc_logins"
          + " (state_hash, browser_hash, nonce, code_verifier, return_to) VALUES (?, ?, ?, ?, ?)")) {
        ps.setString(1, stateHash);
        ps.setString(2, pending.browserHash());
        ps.setString(3, pending.nonce());
        ps.setString(4, pending.codeVerifier());
        ps.setString(5, pending.returnTo());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM oidc_logins WHERE created_at < now() - make_interval(secs => ?)")) {
        ps.setLong(1, timeout.toSeconds());
        ps.executeUpdate();
      }
    }
  }

  /** Removes the sign-in of this state and answers it when it is younger than {@code timeout}: once only. */
  Optional<Pending> take(String stateHash, Duration timeout) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "DELETE FROM oidc_logins WHERE state_hash = ? RETURNING browser_hash, nonce, code_verifier, return_to,"
            + " created_at > now() - make_interval(secs => ?)")) {
      ps.setString(1, stateHash);
      ps.setLong(2, timeout.toSeconds());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(5)
            ? Optional.of(new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
            : Optional.empty();
      }
    }
  }
}
