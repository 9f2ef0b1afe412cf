package nl.opencordon.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.typesafe.config.Config;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import nl.opencordon.persistence.Jdbc;

/**
 * Server-side sessions of browsers, kept in PostgreSQL ({@code sessions}) so that any node behind the load
 * balancer knows them. The browser holds only a random token in an HttpOnly, SameSite=Strict cookie; each
 * session has its own CSRF token that the pages send with every change. A node remembers a session it has read
 * for {@code local-cache} at most, so a sign-out or an idle timeout holds on every node within that time.
 * A local user's roles are read from the configured users at each lookup: a user removed from the configuration
 * loses the session. A user signed in through the municipality's identity provider ({@link Oidc}) keeps the
 * roles its ID token gave for the session's life, which the idle timeout bounds.
 */
public final class Sessions {
  public static final String COOKIE = "cordon-session";

  /** A signed-in browser: who, and the token that must come with every change. */
  public record Session(User user, String csrfToken) {}

  /** A new session: the cookie's token and the session. */
  public record Started(String token, Session session) {}

  /** {@code anpr.security.session}. */
  public record Settings(Duration idleTimeout, boolean secureCookie, Duration localCache) {
    public static Settings fromConfig(Config session) {
      return new Settings(session.getDuration("idle-timeout"), session.getBoolean("secure-cookie"),
          session.getDuration("local-cache"));
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Users users;
  private final Settings settings;
  private final SessionRepository repository;
  private final Executor blocking;
  private final Cache<String, SessionRepository.Row> recent;

  public Sessions(Users users, Settings settings, DataSource dataSource, Executor blocking) {
    this.users = users;
    this.settings = settings;
    this.repository = new SessionRepository(dataSource);
    this.blocking = blocking;
    this.recent = Caffeine.newBuilder().expireAfterWrite(settings.localCache()).maximumSize(10_000).build();
  }

  public Settings settings() {
    return settings;
  }

  /** Starts a session for a configured user whose password just passed. */
  public CompletionStage<Started> start(User user) {
    return start(user, null, null);
  }

  /** Starts a session for a user the identity provider vouched for with this ID token, holding its roles. */
  public CompletionStage<Started> start(User user, String idToken) {
    return start(user, user.roles().stream().map(Role::name).sorted().collect(Collectors.joining(",")), idToken);
  }

  private CompletionStage<Started> start(User user, String roles, String idToken) {
    String token = random();
    String csrf = random();
    return Jdbc.async(blocking, () -> {
      repository.insert(Users.sha256(token), new SessionRepository.Row(user.name(), csrf, roles, idToken),
          settings.idleTimeout());
      return new Started(token, new Session(user, csrf));
    });
  }

  /** The live session of a cookie's token, if any; reading it counts as activity. */
  public CompletionStage<Optional<Session>> find(String token) {
    String hash = Users.sha256(token);
    SessionRepository.Row known = recent.getIfPresent(hash);
    if (known != null) {
      return CompletableFuture.completedFuture(session(known));
    }
    return Jdbc.async(blocking, () -> {
      Optional<SessionRepository.Row> row = repository.touch(hash, settings.idleTimeout());
      row.ifPresent(r -> recent.put(hash, r));
      return row.flatMap(this::session);
    });
  }

  /**
   * Ends the session of a cookie's token (sign-out); the ID token it was signed in with through the identity
   * provider, if so, for the provider's own sign-out.
   */
  public CompletionStage<Optional<String>> end(String token) {
    String hash = Users.sha256(token);
    recent.invalidate(hash);
    return Jdbc.async(blocking, () -> repository.delete(hash).map(SessionRepository.Row::idToken));
  }

  private Optional<Session> session(SessionRepository.Row row) {
    if (row.roles() != null) {
      Set<Role> roles = EnumSet.noneOf(Role.class);
      Arrays.stream(row.roles().split(",")).filter(r -> !r.isEmpty()).forEach(r -> roles.add(Role.valueOf(r)));
      return Optional.of(new Session(new User(row.userName(), roles), row.csrfToken()));
    }
    return users.byName(row.userName()).map(u -> new Session(u, row.csrfToken()));
  }

  static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
