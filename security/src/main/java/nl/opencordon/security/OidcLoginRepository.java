package nl.opencordon.security;

import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * The table {@code oidc_logins}: sign-ins through the identity provider that are under way, keyed by the hash
 * of their state, so the IdP may send the browser back to any node. Each is taken once.
 */
final class OidcLoginRepository {
  /** What the sign-in's return must match (the browser's pre-login cookie, the nonce) and complete it with. */
  record Pending(String browserHash, String nonce, String codeVerifier, String returnTo) {}

  private final Jdbi jdbi;

  OidcLoginRepository(DataSource dataSource) {
    this.jdbi = Jdbi.create(dataSource);
  }

  /** Adds a sign-in, and drops those older than {@code timeout}. */
  void insert(String stateHash, Pending pending, Duration timeout) {
    jdbi.useHandle(h -> {
      h.execute("INSERT INTO oidc_logins (state_hash, browser_hash, nonce, code_verifier, return_to)"
          + " VALUES (?, ?, ?, ?, ?)", stateHash, pending.browserHash(), pending.nonce(), pending.codeVerifier(),
          pending.returnTo());
      h.execute("DELETE FROM oidc_logins WHERE created_at < now() - make_interval(secs => ?)", timeout.toSeconds());
    });
  }

  /** Removes the sign-in of this state and answers it when it is younger than {@code timeout}: once only. */
  Optional<Pending> take(String stateHash, Duration timeout) {
    return jdbi.withHandle(h -> h.select("DELETE FROM oidc_logins WHERE state_hash = ? RETURNING browser_hash,"
            + " nonce, code_verifier, return_to, created_at > now() - make_interval(secs => ?)", stateHash,
            timeout.toSeconds())
        .map((rs, ctx) -> rs.getBoolean(5)
            ? new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)) : null)
        .findOne());   // a null row (too old) is empty too
  }
}
