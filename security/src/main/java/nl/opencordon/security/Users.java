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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The users of {@code anpr.controller.users} ({@code name}, {@code roles}, {@code password-hash}). Checking a
 * password costs a PBKDF2 derivation, so it runs on the blocking executor, and a successful check is
 * remembered for a few minutes: the page's live stream and its calls then cost a map lookup.
 */
public final class Users {
  private record Account(User user, PasswordHash hash) {}

  // Unknown names are checked against this, so timing does not tell which names exist.
  private static final PasswordHash NOBODY = PasswordHash.of("nobody");

  private final Map<String, Account> accounts;
  private final Executor blocking;
  private final Cache<String, User> verified;

  private Users(Map<String, Account> accounts, Executor blocking, Duration remember) {
    this.accounts = Map.copyOf(accounts);
    this.blocking = blocking;
    this.verified = Caffeine.newBuilder().expireAfterWrite(remember).maximumSize(1_000).build();
  }

  /** Reads {@code anpr.controller.users}; a user without roles or with an unknown role is an error. */
  public static Users fromConfig(List<? extends Config> users, Duration remember, Executor blocking) {
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
    return new Users(accounts, blocking, remember);
  }

  /** The user when name and password match, empty otherwise. */
  public CompletionStage<Optional<User>> authenticate(String name, String password) {
    String key = name + '\0' + sha256(password);
    User known = verified.getIfPresent(key);
    if (known != null) {
      return CompletableFuture.completedFuture(Optional.of(known));
    }
    return CompletableFuture.supplyAsync(() -> {
      Account account = accounts.get(name);
      boolean ok = (account == null ? NOBODY : account.hash()).matches(password) && account != null;
      if (ok) {
        verified.put(key, account.user());
      }
      return ok ? Optional.of(account.user()) : Optional.<User>empty();
    }, blocking);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
