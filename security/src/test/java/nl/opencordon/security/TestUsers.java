package nl.opencordon.security;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;

/** Users as a deployment configures them, for the tests of sign-ins and sessions. */
final class TestUsers {
  private TestUsers() {}

  /** One user "ops" in role OPERATIONS with {@code password}; a passed check is remembered for {@code remember}. */
  static Users ops(String password, Duration remember) {
    return Users.fromConfig(ConfigFactory.parseString("u = [{name = ops, roles = [OPERATIONS], password-hash = \""
        + PasswordHash.of(password).encoded() + "\"}]").getConfigList("u"), remember);
  }
}
