package nl.opencordon.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.typesafe.config.Config;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import nl.opencordon.persistence.Jdbc;

/**
 * Server-side sessions of browsers, kept in PostgreSQL ({@code sessions}) so that any node behind the load
 * balancer knows them. The browser holds only a random token in an HttpOnly, SameSite=Strict cookie; each
 * session has its own CSRF token that the pages send with every change. A node remembers a session it has read
 * for {@code local-cache} at most, so a sign-out or an idle timeout holds on every node within that time.
 * The user's roles are read from the configured users at each lookup: a user removed from the configuration
 * loses the session.
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

  /** Starts a session for a user whose password just passed. */
  public CompletionStage<Started> start(User user) {
    String token = random();
    String csrf = random();
    return Jdbc.async(blocking, () -> {
      repository.insert(Users.sha256(token), user.name(), csrf, settings.idleTimeout());
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

  /** Ends the session of a cookie's token (sign-out). */
  public CompletionStage<Boolean> end(String token) {
    String hash = Users.sha256(token);
    recent.invalidate(hash);
    return Jdbc.async(blocking, () -> {
      repository.delete(hash);
      return true;
    });
  }

  private Optional<Session> session(SessionRepository.Row row) {
    return users.byName(row.userName()).map(u -> new Session(u, row.csrfToken()));
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
