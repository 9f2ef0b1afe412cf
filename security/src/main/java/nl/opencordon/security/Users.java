package nl.opencordon.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The users of {@code anpr.controller.users} ({@code name}, {@code roles}, {@code password-hash}). Checking a
 * password costs a PBKDF2 derivation, so callers run {@link #verify} on a pool of its own ({@link Logins}), and
 * a successful check is remembered for a few minutes: an API client's further calls then cost a map lookup.
 */
public final class Users {
  private record Account(User user, PasswordHash hash) {}

  // Unknown names are checked against this, so timing does not tell which names exist.
  private static final PasswordHash NOBODY = PasswordHash.of("nobody");

  private final Map<String, Account> accounts;
  private final Cache<String, User> verified;

  private Users(Map<String, Account> accounts, Duration remember) {
    this.accounts = Map.copyOf(accounts);
    this.verified = Caffeine.newBuilder().expireAfterWrite(remember).maximumSize(1_000).build();
  }

  /** Reads {@code anpr.controller.users}; a user without roles or with an unknown role is an error. */
  public static Users fromConfig(List<? extends Config> users, Duration remember) {
    Map<String, Account> accounts = new LinkedHashMap<>();
    for (Config u : users) {
      String name = u.getString("name");
      EnumSet<Role> roles = EnumSet.noneOf(Role.class);
      u.getStringList("roles").forEach(r -> roles.add(Role.valueOf(r)));
      if (roles.isEmpty()) {
        throw new IllegalArgumentException("user " + name + " has no roles");
      }
      if (accounts.put(name, new Account(new User(name, roles), PasswordHash.parse(u.getString("password-hash"))))
          != null) {
        throw new IllegalArgumentException("user " + name + " is configured twice");
      }
    }
    return new Users(accounts, remember);
  }

  /** The configured user of this name. */
  Optional<User> byName(String name) {
    return Optional.ofNullable(accounts.get(name)).map(Account::user);
  }

  /** The user when this name and password passed a check a short while ago: no derivation. */
  Optional<User> remembered(String name, String password) {
    return Optional.ofNullable(verified.getIfPresent(key(name, password)));
  }

  /** The user when name and password match, empty otherwise; blocks for a PBKDF2 derivation. */
  public Optional<User> verify(String name, String password) {
    Account account = accounts.get(name);
    boolean ok = (account == null ? NOBODY : account.hash()).matches(password) && account != null;
    if (ok) {
      verified.put(key(name, password), account.user());
    }
    return ok ? Optional.of(account.user()) : Optional.empty();
  }

  private static String key(String name, String password) {
    return name + '\0' + sha256(password);
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
