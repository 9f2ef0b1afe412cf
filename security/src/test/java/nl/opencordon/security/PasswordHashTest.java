package nl.opencordon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

  @Test
  void aHashMatchesItsPasswordOnlyAndSurvivesItsEncoding() {
    PasswordHash hash = PasswordHash.of("correct horse");
    PasswordHash read = PasswordHash.parse(hash.encoded());
    assertTrue(read.matches("correct horse"));
    assertFalse(read.matches("correct horse "));
    assertFalse(PasswordHash.of("correct horse").encoded().equals(hash.encoded()), "every hash has its own salt");
    assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("sha1$abc"));
  }

  @Test
  void anAdminHoldsEveryRole() {
    assertTrue(new User("a", Set.of(Role.ADMIN)).hasAnyOf(List.of(Role.OFFICER)));
    assertFalse(new User("c", Set.of(Role.CONTROL_ROOM)).hasAnyOf(List.of(Role.OFFICER, Role.OPERATIONS)));
  }
}
