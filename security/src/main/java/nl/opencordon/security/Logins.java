package nl.opencordon.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.typesafe.config.Config;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password checks that a flood of wrong passwords cannot turn against the node. Each check (a PBKDF2
 * derivation) runs on a small pool of its own that refuses work when every thread is busy and its short queue
 * is full, so readiness, JDBC and the actors never wait behind a flood. Failures are counted per client address and
 * per user name in PostgreSQL ({@code login_failures}), so the limits hold across the cluster; a key over its
 * limit is refused for the rest of its window, even with the right password, and without a derivation. A node
 * remembers the keys it saw refused, so a flood that goes on costs neither a derivation nor a query.
 */
public final class Logins {
  private static final Logger log = LoggerFactory.getLogger(Logins.class);

  /** The outcome of a password check. */
  public sealed interface Check {}

  public record Passed(User user) implements Check {}

  public enum Failed implements Check { INSTANCE }

  /** Every password-check thread is busy: try again shortly (503). */
  public record Busy(Duration retryAfter) implements Check {}

  /** Too many failures for this address or user name (429). */
  public record Throttled(Duration retryAfter) implements Check {}

  /**
   * {@code anpr.security}: the pool and the limits.
   *
   * @param forwardedFor whether the client address is the last entry of {@code X-Forwarded-For} (behind a load
   *                     balancer that appends it) rather than the peer
   */
  public record Settings(int threads, Duration window, int failuresPerAddress, int failuresPerUser,
                         boolean forwardedFor) {
    public static Settings fromConfig(Config security) {
      return new Settings(security.getInt("password-checks.threads"),
          security.getDuration("login-throttle.window"), security.getInt("login-throttle.failures-per-address"),
          security.getInt("login-throttle.failures-per-user"),
          security.getBoolean("login-throttle.trust-forwarded-for"));
    }
  }

  private static final Duration BUSY_RETRY = Duration.ofSeconds(1);
  private static final String ADDRESS = "address:";

  private final Users users;
  private final Settings settings;
  private final LoginFailureRepository failures;
  private final ThreadPoolExecutor pool;
  private final Cache<String, Instant> refusedUntil;

  public Logins(Users users, Settings settings, DataSource dataSource) {
    this.users = users;
    this.settings = settings;
    this.failures = new LoginFailureRepository(dataSource);
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(settings.threads(), settings.threads(), 0, TimeUnit.SECONDS,
        // two waiting checks per thread: a check that comes while the last one is still being answered waits a
        // moment instead of getting 503 (seen under load), a flood still finds the queue full
        new ArrayBlockingQueue<>(2 * settings.threads()), r -> {
          Thread t = new Thread(r, "password-check-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.refusedUntil = Caffeine.newBuilder().expireAfterWrite(settings.window()).maximumSize(100_000).build();
  }

  public Settings settings() {
    return settings;
  }

  /** Checks a password of {@code name}, asked from {@code address}. */
  public CompletionStage<Check> check(String name, String password, String address) {
    Optional<User> remembered = users.remembered(name, password);
    if (remembered.isPresent()) {
      return CompletableFuture.completedFuture(new Passed(remembered.get()));
    }
    List<String> keys = List.of(ADDRESS + address, "user:" + Users.sha256(name));
    Optional<Duration> wait = refused(keys);
    if (wait.isPresent()) {
      return CompletableFuture.completedFuture(new Throttled(wait.get()));
    }
    try {
      return CompletableFuture.supplyAsync(() -> checkNow(name, password, keys), pool);
    } catch (RejectedExecutionException full) {
      return CompletableFuture.completedFuture(new Busy(BUSY_RETRY));
    }
  }

  private Check checkNow(String name, String password, List<String> keys) {
    try {
      Optional<Duration> wait = overLimit(failures.current(keys, settings.window()));
      if (wait.isPresent()) {
        return new Throttled(wait.get());
      }
      Optional<User> user = users.verify(name, password);
      if (user.isPresent()) {
        return new Passed(user.get());
      }
      overLimit(failures.recordFailure(keys, settings.window()));
      return Failed.INSTANCE;
    } catch (JdbiException e) {
      // fail closed: without the counters a check could not be limited
      log.warn("Login failures could not be read or written: {}", e.getMessage());
      return new Busy(BUSY_RETRY);
    }
  }

  /** Remembers the keys over their limit; the longest wait among them. */
  private Optional<Duration> overLimit(Map<String, LoginFailureRepository.Count> counts) {
    counts.forEach((key, count) -> {
      int limit = key.startsWith(ADDRESS) ? settings.failuresPerAddress() : settings.failuresPerUser();
      if (count.failures() >= limit) {
        refusedUntil.put(key, count.windowStart().plus(settings.window()));
      }
    });
    return refused(counts.keySet());
  }

  private Optional<Duration> refused(java.util.Collection<String> keys) {
    Instant now = Instant.now();
    return keys.stream().map(refusedUntil::getIfPresent).filter(u -> u != null && u.isAfter(now))
        .max(Instant::compareTo).map(u -> Duration.between(now, u));
  }
}
