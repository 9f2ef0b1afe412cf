package nl.opencordon.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import nl.opencordon.persistence.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-side sessions of browsers, kept in PostgreSQL ({@code sessions}) so that any node behind the load
 * balancer knows them. The browser holds only a random token in an HttpOnly, SameSite=Strict cookie; each
 * session has its own CSRF token that the pages send with every change. A node remembers a session it has read
 * for {@code local-cache} at most, so a sign-out or an idle timeout holds on every node within that time.
 * A local user's roles are read from the configured users at each lookup: a user removed from the configuration
 * loses the session. A user signed in through the municipality's identity provider ({@link Oidc}) keeps the
 * roles its ID token gave until the session is {@link Rechecks#interval} old or checked: then the first request
 * asks the provider again with the session's refresh token and takes the roles of the fresh ID token; the session
 * ends when the provider refuses, the user has no role left, or it gave no refresh token. The refresh token is
 * kept sealed (AES-256-GCM, JWE {@code dir}) with a key derived from the cookie's token, which the table does not
 * hold. The provider also ends sessions with a back-channel logout ({@link #endAtProvider}).
 */
public final class Sessions {
  public static final String COOKIE = "cordon-session";

  /** A signed-in browser: who, and the token that must come with every change. */
  public record Session(User user, String csrfToken) {}

  /** A new session: the cookie's token and the session. */
  public record Started(String token, Session session) {}

  /**
   * What the identity provider's ID token ties a session to: the token itself (for the provider's sign-out), its
   * {@code sub} and its {@code sid} (null when the provider sends none), which a back-channel logout names.
   */
  public record FromProvider(String idToken, String subject, String sid, String refreshToken) {}

  /** Who asks the identity provider again about a session's user ({@link Oidc}), and how often. */
  public interface Rechecks {
    /** A session's roles are at most this old. */
    Duration interval();

    /** The provider's answer for a session's refresh token and subject; fails when it cannot be asked. */
    CompletionStage<Oidc.Recheck> recheck(String refreshToken, String subject);
  }

  /** {@code anpr.security.session}. */
  public record Settings(Duration idleTimeout, boolean secureCookie, Duration localCache) {
    public static Settings fromConfig(Config session) {
      return new Settings(session.getDuration("idle-timeout"), session.getBoolean("secure-cookie"),
          session.getDuration("local-cache"));
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  /** After a recheck the provider did not answer, the next is tried this much later. */
  static final Duration RECHECK_RETRY = Duration.ofMinutes(1);
  private static final Logger log = LoggerFactory.getLogger(Sessions.class);

  private final Users users;
  private final Settings settings;
  private final SessionRepository repository;
  private final Executor blocking;
  private final Cache<String, SessionRepository.Row> recent;
  private final Optional<Rechecks> rechecks;

  public Sessions(Users users, Settings settings, DataSource dataSource, Executor blocking) {
    this(users, settings, dataSource, blocking, Optional.empty());
  }

  /** With sessions from the identity provider, whose users {@code rechecks} asks it about again. */
  public Sessions(Users users, Settings settings, DataSource dataSource, Executor blocking,
                  Optional<? extends Rechecks> rechecks) {
    this.rechecks = rechecks.map(Rechecks.class::cast);
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
    return start(user, null, new FromProvider(null, null, null, null));
  }

  /**
   * Starts a session for a user the identity provider vouched for with this ID token, holding its roles; its
   * refresh token (if any) sealed.
   */
  public CompletionStage<Started> start(User user, FromProvider provider) {
    return start(user, names(user.roles()), provider);
  }

  private CompletionStage<Started> start(User user, String roles, FromProvider provider) {
    String token = random();
    String csrf = random();
    return Jdbc.async(blocking, () -> {
      repository.insert(Users.sha256(token), new SessionRepository.Row(user.name(), csrf, roles, provider.idToken(),
          provider.subject(), provider.sid(), null), provider.refreshToken() == null ? null
          : seal(token, provider.refreshToken()), settings.idleTimeout());
      return new Started(token, new Session(user, csrf));
    });
  }

  /** The live session of a cookie's token, if any; reading it counts as activity. */
  public CompletionStage<Optional<Session>> find(String token) {
    String hash = Users.sha256(token);
    SessionRepository.Row known = recent.getIfPresent(hash);
    CompletionStage<Optional<SessionRepository.Row>> row = known != null
        ? CompletableFuture.completedFuture(Optional.of(known))
        // loaded through the cache, so an end's invalidation after its DELETE waits for a read begun before it
        : Jdbc.async(blocking, () -> Optional.ofNullable(recent.get(hash,
            h -> repository.touch(h, settings.idleTimeout()).orElse(null))));
    return row.thenCompose(r -> r.isPresent() && recheckDue(r.get()) ? recheck(token, hash, r.get())
        : CompletableFuture.completedFuture(r.flatMap(this::session)));
  }

  private boolean recheckDue(SessionRepository.Row row) {
    return rechecks.isPresent() && row.idpSubject() != null
        && row.checkedAt().plus(rechecks.get().interval()).isBefore(Instant.now());
  }

  /**
   * Asks the provider again about the session's user, when this request is the one that takes the recheck on
   * (else the session goes on as it is, while another request does it).
   */
  private CompletionStage<Optional<Session>> recheck(String token, String hash, SessionRepository.Row row) {
    Rechecks provider = rechecks.orElseThrow();
    return Jdbc.async(blocking, () -> repository.claimRecheck(hash, provider.interval())).thenCompose(claimed -> {
      if (claimed.isEmpty()) {
        return CompletableFuture.completedFuture(session(row));
      }
      Optional<String> refreshToken = Optional.ofNullable(claimed.get().sealedRefreshToken())
          .flatMap(sealed -> open(token, sealed));
      if (refreshToken.isEmpty()) {
        return endRechecked(hash, row, "no refresh token to check it with");
      }
      return provider.recheck(refreshToken.get(), row.idpSubject())
          .handle((answer, failure) -> failure != null ? recheckLater(hash, row, provider, failure)
              : answer instanceof Oidc.Vouched vouched && !vouched.roles().isEmpty()
              ? vouched(token, hash, row, vouched)
              : endRechecked(hash, row, answer instanceof Oidc.Withdrawn withdrawn ? withdrawn.detail()
                  : "no role left here"))
          .thenCompose(next -> next);
    });
  }

  private CompletionStage<Optional<Session>> vouched(String token, String hash, SessionRepository.Row row,
                                                     Oidc.Vouched vouched) {
    String roles = names(vouched.roles());
    if (!roles.equals(row.roles())) {
      log.info("User [{}] now holds the roles {} (were [{}])", row.userName(), vouched.roles(), row.roles());
    }
    return Jdbc.async(blocking, () -> {
      repository.rechecked(hash, roles, vouched.idToken(), seal(token, vouched.refreshToken()));
      recent.invalidate(hash);
      return Optional.of(new Session(new User(row.userName(), vouched.roles()), row.csrfToken()));
    });
  }

  private CompletionStage<Optional<Session>> endRechecked(String hash, SessionRepository.Row row, String why) {
    log.info("Session of [{}] ended at its recheck: {}", row.userName(), why);
    return Jdbc.async(blocking, () -> {
      repository.delete(hash);
      recent.invalidate(hash);
      return Optional.empty();
    });
  }

  /** The provider cannot be asked: the session goes on (an outage must not sign the control room out). */
  private CompletionStage<Optional<Session>> recheckLater(String hash, SessionRepository.Row row, Rechecks provider,
                                                          Throwable failure) {
    log.warn("Session of [{}] not rechecked, the identity provider cannot be asked; again in {}: {}",
        row.userName(), RECHECK_RETRY, failure.toString());
    return Jdbc.async(blocking, () -> {
      repository.recheckAgain(hash, provider.interval(), RECHECK_RETRY);
      recent.invalidate(hash);
      return session(row);
    });
  }

  /**
   * Ends the session of a cookie's token (sign-out); the ID token it was signed in with through the identity
   * provider, if so, for the provider's own sign-out.
   */
  public CompletionStage<Optional<String>> end(String token) {
    String hash = Users.sha256(token);
    return Jdbc.async(blocking, () -> {
      Optional<SessionRepository.Row> ended = repository.delete(hash);
      // after the DELETE: a read of the session begun before it cannot leave it in the cache
      recent.invalidate(hash);
      return ended.map(SessionRepository.Row::idToken);
    });
  }

  /**
   * Ends, on the provider's back-channel logout, every session signed in with that provider session ({@code sid})
   * or, with only a {@code sub}, every session of that subject; only those begun before the logout token was
   * issued (give or take {@link Oidc#CLOCK_SKEW} between its clock and ours), so a replayed token cannot end a
   * later sign-in. This node forgets them at once, the others within {@code local-cache}. How many ended.
   */
  public CompletionStage<Integer> endAtProvider(Oidc.ProviderLogout logout) {
    return Jdbc.async(blocking, () -> {
      List<String> ended = repository.deleteAtProvider(logout.subject(), logout.sid(),
          logout.issuedAt().plus(Oidc.CLOCK_SKEW));
      recent.invalidateAll(ended);
      return ended.size();
    });
  }

  private Optional<Session> session(SessionRepository.Row row) {
    if (row.roles() != null) {
      Set<Role> roles = EnumSet.noneOf(Role.class);
      Arrays.stream(row.roles().split(",")).filter(r -> !r.isEmpty()).forEach(r -> roles.add(Role.valueOf(r)));
      return Optional.of(new Session(new User(row.userName(), roles), row.csrfToken()));
    }
    return users.byName(row.userName()).map(u -> new Session(u, row.csrfToken()));
  }

  private static String names(Set<Role> roles) {
    return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
  }

  /** The refresh token encrypted with a key only the cookie's token gives: a copy of the table refreshes nothing. */
  private static String seal(String cookieToken, String refreshToken) {
    try {
      JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM), new Payload(refreshToken));
      jwe.encrypt(new DirectEncrypter(key(cookieToken)));
      return jwe.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("refresh token not sealed", e);
    }
  }

  /** The sealed refresh token, or empty when it does not open (altered in the table). */
  private static Optional<String> open(String cookieToken, String sealed) {
    try {
      JWEObject jwe = JWEObject.parse(sealed);
      jwe.decrypt(new DirectDecrypter(key(cookieToken)));
      return Optional.of(jwe.getPayload().toString());
    } catch (JOSEException | java.text.ParseException e) {
      return Optional.empty();
    }
  }

  /** HMAC-SHA256 of a label under the cookie's token: not the SHA-256 of the token that the table keys on. */
  private static SecretKey key(String cookieToken) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(cookieToken.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
      return new SecretKeySpec(mac.doFinal("cordon refresh token".getBytes(StandardCharsets.US_ASCII)), "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
