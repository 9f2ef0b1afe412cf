package nl.opencordon.security;

import java.util.Collection;
import java.util.Set;

/** An authenticated user: the name that goes into the access log and the roles that decide what it may do. */
public record User(String name, Set<Role> roles) {
  public User {
    roles = Set.copyOf(roles);
  }

  /** Whether the user holds one of the roles; an admin holds them all. */
  public boolean hasAnyOf(Collection<Role> anyOf) {
    return roles.contains(Role.ADMIN) || anyOf.stream().anyMatch(roles::contains);
  }
}
