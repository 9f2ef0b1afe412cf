package nl.opencordon.controller;

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
import nl.opencordon.security.Role;
import nl.opencordon.security.User;
import nl.opencordon.security.Users;
import org.junit.jupiter.api.Test;

class DemoUsersTest {
  /** docs/pages.md promises the demo users log in with "demo-" + name. */
  @Test
  void theDemoUsersOfTheConfigurationHaveTheDocumentedPasswordsAndRoles() {
    List<? extends Config> configured = ConfigFactory.load("demo").getConfigList("anpr.controller.users");
    Users users = Users.fromConfig(configured, java.time.Duration.ofMinutes(1));
    assertEquals(Optional.of(new User("controlroom", Set.of(Role.CONTROL_ROOM))),
        users.verify("controlroom", "demo-controlroom"));
    for (String name : List.of("operations", "officer", "admin")) {
      assertTrue(users.verify(name, "demo-" + name).isPresent(), name);
    }
    assertEquals(Optional.empty(), users.verify("admin", "demo-officer"));
    assertEquals(Optional.empty(), users.verify("nobody", "demo-nobody"));
  }

}
