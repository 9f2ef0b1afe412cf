package nl.opencordon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import nl.opencordon.persistence.FreshDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sign-ins under way in PostgreSQL: each is taken once, and not after its timeout. */
class OidcLoginsIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  @RegisterExtension
  final FreshDatabase database = FreshDatabase.perTest();

  @Test
  void aSignInIsTakenOnceAndNotAfterItsTimeout() throws Exception {
    OidcLoginRepository repository = new OidcLoginRepository(database.dataSource());
    OidcLoginRepository.Pending pending = new OidcLoginRepository.Pending("browser", "nonce", "verifier", "/");
    repository.insert("state", pending, TIMEOUT);
    assertEquals(Optional.of(pending), repository.take("state", TIMEOUT));
    assertEquals(Optional.empty(), repository.take("state", TIMEOUT), "a replayed return from the IdP");

    repository.insert("old", pending, TIMEOUT);
    try (Connection c = database.dataSource().getConnection()) {
      c.createStatement().executeUpdate("UPDATE oidc_logins SET created_at = now() - interval '11 minutes'");
    }
    assertEquals(Optional.empty(), repository.take("old", TIMEOUT), "too old");
  }
}
