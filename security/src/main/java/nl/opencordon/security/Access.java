package nl.opencordon.security;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractCredentials;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.BasicHttpCredentials;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.HttpCredentials;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Guards routes with HTTP Basic authentication and roles: 401 without valid credentials, 403 with valid
 * credentials but none of the roles. It completes the request itself rather than rejecting it, so a sibling
 * route on the same path (another method) cannot turn a 401 into a 405.
 */
public final class Access {
  public static final String REALM = "cordon";
  /** Who may see devices, incidents and availability. */
  public static final Set<Role> READ_DEVICES = Set.copyOf(EnumSet.of(Role.CONTROL_ROOM, Role.OPERATIONS));

  private static final Executor REFUSAL_DELAY = CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS);

  private final Logins logins;

  public Access(Logins logins) {
    this.logins = logins;
  }

  /**
   * Runs {@code inner} for an authenticated user holding one of {@code anyOf} (admins hold all). A password
   * check refused by {@link Logins} answers 503 (every check thread busy) or 429 (too many failures), each with
   * {@code Retry-After}.
   */
  public Route require(Collection<Role> anyOf, Function<User, Route> inner) {
    return extractCredentials(credentials -> optionalHeaderValueByName("X-Requested-With", fromPage ->
        extractRequest(request -> onSuccess(authenticate(credentials, clientAddress(request,
                logins.settings().forwardedFor())),
            check -> answer(check, anyOf, fromPage.isPresent(), inner)))));
  }

  private static Route answer(Logins.Check check, Collection<Role> anyOf, boolean fromPage,
                              Function<User, Route> inner) {
    if (check instanceof Logins.Passed passed) {
      return passed.user().hasAnyOf(anyOf) ? inner.apply(passed.user())
          : complete(StatusCodes.FORBIDDEN, "requires one of the roles " + anyOf);
    }
    if (check instanceof Logins.Busy busy) {
      return refused(StatusCodes.SERVICE_UNAVAILABLE, busy.retryAfter(), "password checks are busy, try again");
    }
    if (check instanceof Logins.Throttled throttled) {
      return refused(StatusCodes.TOO_MANY_REQUESTS, throttled.retryAfter(),
          "too many failed sign-ins, try again later");
    }
    return unauthorized(fromPage);
  }

  public Route require(Role role, Function<User, Route> inner) {
    return require(List.of(role), inner);
  }

  private CompletionStage<Logins.Check> authenticate(Optional<HttpCredentials> credentials, String address) {
    return credentials.filter(BasicHttpCredentials.class::isInstance).map(BasicHttpCredentials.class::cast)
        .map(c -> logins.check(c.username(), c.password(), address))
        .orElse(CompletableFuture.completedFuture(Logins.Failed.INSTANCE));
  }

  /**
   * The last address of {@code X-Forwarded-For} when trusted (the one the load balancer appended; the client can
   * forge only those before it), else the peer's ({@code pekko.http.server.remote-address-attribute = on}).
   */
  static String clientAddress(HttpRequest request, boolean forwardedFor) {
    Optional<String> forwarded = forwardedFor ? request.getHeader("X-Forwarded-For")
        .map(h -> h.value().substring(h.value().lastIndexOf(',') + 1).trim()).filter(a -> !a.isEmpty())
        : Optional.empty();
    return forwarded.orElseGet(() -> request.getAttribute(AttributeKeys.remoteAddress)
        .flatMap(RemoteAddress::getAddress).map(InetAddress::getHostAddress).orElse("unknown"));
  }

  /**
   * Answers a refusal a second late, holding no thread meanwhile: a client that floods over a few connections
   * then slows itself down instead of costing the node a request per millisecond.
   */
  private static Route refused(StatusCode status, Duration retryAfter, String why) {
    HttpResponse response = HttpResponse.create().withStatus(status).withEntity(why)
        .addHeader(RetryAfter.create(Math.max(1, retryAfter.toSeconds())));
    return onSuccess(CompletableFuture.supplyAsync(() -> response, REFUSAL_DELAY), r -> complete(r));
  }

  /**
   * 401 with a Basic challenge; the pages mark their calls with {@code X-Requested-With} and get
   * no challenge, so the browser leaves the login to the pages' own form instead of popping up its dialog.
   */
  private static Route unauthorized(boolean fromPage) {
    HttpResponse response = HttpResponse.create().withStatus(StatusCodes.UNAUTHORIZED)
        .withEntity("valid credentials required");
    return complete(fromPage ? response
        : response.addHeader(WWWAuthenticate.create(HttpChallenge.createBasic(REALM))));
  }
}
