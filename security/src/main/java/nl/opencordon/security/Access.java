package nl.opencordon.security;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.extractCredentials;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.formFieldOptional;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.optionalCookie;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMap;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.redirect;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeader;
import static org.apache.pekko.http.javadsl.server.Directives.setCookie;

import java.net.InetAddress;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.BasicHttpCredentials;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.HttpCookiePair;
import org.apache.pekko.http.javadsl.model.headers.HttpCredentials;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.model.headers.SameSite;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.LoggerFactory;

/**
 * Guards routes with roles, for two kinds of caller. Browsers sign in once through {@code POST /api/session}
 * and then carry a session cookie ({@link Sessions}); every request that changes something ({@code POST},
 * {@code PUT}, {@code DELETE}, {@code PATCH}, whatever its content type or without a body) must also carry the
 * session's token in {@code X-CSRF-Token}. API clients send HTTP Basic with each request; a browser never gets
 * a Basic challenge (so it never keeps Basic credentials to send on its own), and a Basic change that a browser
 * marks as coming from another site ({@code Sec-Fetch-Site}) is refused. 401 without a valid session or
 * credentials, 403 with the wrong role or without the CSRF token. It completes the request itself rather than
 * rejecting it, so a sibling route on the same path (another method) cannot turn a 401 into a 405.
 */
public final class Access {
  public static final String REALM = "cordon";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  /** Who may see devices, incidents and availability. */
  public static final Set<Role> READ_DEVICES = Set.copyOf(EnumSet.of(Role.CONTROL_ROOM, Role.OPERATIONS));

  private static final Executor REFUSAL_DELAY = CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS);
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  /** The sign-in form's fields. */
  record SignIn(String name, String password) {}

  /** Who is signed in, and the token the page sends with every change. */
  record Signed(String name, Set<Role> roles, String csrfToken) {
    static Signed of(Sessions.Session s) {
      return new Signed(s.user().name(), new TreeSet<>(s.user().roles()), s.csrfToken());
    }
  }

  /** The identity provider the login pages offer, by the name on their button. */
  record IdentityProvider(String name) {}

  /** Signed out here; the browser goes on to the identity provider's sign-out. */
  record SignedOut(String logout) {}

  /** The answer to a logout token that did not hold (Back-Channel Logout 1.0, section 2.8). */
  record LogoutError(String error, String error_description) {}

  private final Logins logins;
  private final Sessions sessions;
  private final Optional<Oidc> oidc;

  public Access(Logins logins, Sessions sessions) {
    this(logins, sessions, Optional.empty());
  }

  /** With sign-in through the municipality's identity provider, when {@code oidc} is there. */
  public Access(Logins logins, Sessions sessions, Optional<Oidc> oidc) {
    this.logins = logins;
    this.sessions = sessions;
    this.oidc = oidc;
  }

  /**
   * Runs {@code inner} for an authenticated user holding one of {@code anyOf} (admins hold all). A password
   * check refused by {@link Logins} answers 503 (every check thread busy) or 429 (too many failures), each with
   * {@code Retry-After}.
   */
  public Route require(Collection<Role> anyOf, Function<User, Route> inner) {
    return extractRequest(request -> optionalCookie(Sessions.COOKIE, cookie -> onSuccess(session(cookie),
        session -> session.isPresent() ? withSession(request, session.get(), anyOf, inner)
            : extractCredentials(credentials -> withCredentials(request, credentials, anyOf, inner)))));
  }

  public Route require(Role role, Function<User, Route> inner) {
    return require(List.of(role), inner);
  }

  /**
   * {@code POST /api/session} (JSON {@code name}, {@code password}: signs in, sets the cookie),
   * {@code GET /api/session} (who is signed in, with the CSRF token, for a page that was reloaded; 204 when
   * nobody is) and
   * {@code DELETE /api/session} (signs out; needs the CSRF token; 200 with the identity provider's sign-out URL
   * for a session signed in there, else 204), and {@link #oidcRoutes} (without an identity provider
   * {@code GET /auth/oidc} answers 204, the others 404).
   */
  public Route sessionRoutes() {
    Route local = pathPrefix("api", () -> path("session", () -> extractRequest(request -> concat(
        post(() -> entity(Jackson.unmarshaller(SignIn.class), form -> signIn(request, form))),
        // no session is no error here: a page asks this before it shows its sign-in form
        get(() -> optionalCookie(Sessions.COOKIE, cookie -> onSuccess(session(cookie), session ->
            session.isEmpty() ? complete(StatusCodes.NO_CONTENT)
                : complete(StatusCodes.OK, Signed.of(session.get()), Jackson.marshaller())))),
        delete(() -> optionalCookie(Sessions.COOKIE, cookie -> onSuccess(session(cookie), session ->
            session.isEmpty() ? unauthorized(true)
                : !csrfMatches(request, session.get()) ? csrfRefused()
                : onSuccess(sessions.end(cookie.get().value()), idToken ->
                    setCookie(cookie(cookie.get().value()).withMaxAge(0), () -> signedOut(idToken))))))))));
    // without an identity provider: 204 to the pages' question (a 404 would be an error in their console)
    return concat(local, pathPrefix("auth", () -> pathPrefix("oidc", () -> oidc.map(this::oidcRoutes)
        .orElseGet(() -> concat(pathEnd(() -> get(() -> complete(StatusCodes.NO_CONTENT))),
            complete(StatusCodes.NOT_FOUND, "no identity provider is configured"))))));
  }

  private Route signedOut(Optional<String> idToken) {
    if (idToken.isEmpty() || oidc.isEmpty()) {
      return complete(StatusCodes.NO_CONTENT);
    }
    // our session is over whatever the IdP answers; without its sign-out the page just reloads
    return onComplete(oidc.get().signOut(idToken.get()), logout -> logout.isSuccess() && logout.get().isPresent()
        ? complete(StatusCodes.OK, new SignedOut(logout.get().get().toString()), Jackson.marshaller())
        : complete(StatusCodes.NO_CONTENT));
  }

  /**
   * Sign-in through the identity provider: {@code GET /auth/oidc} (its name, for the login button),
   * {@code GET /auth/oidc/login?return-to=/officer} (sets the pre-login cookie and sends the browser to the
   * IdP), {@code GET /auth/oidc/callback} (where the IdP sends it back: starts the session, sends the
   * browser to its page; 400, 401, 403 or 503 with a Dutch explanation when refused), and
   * {@code POST /auth/oidc/backchannel-logout}, which the IdP (not a browser) calls when one of its sessions ends.
   */
  private Route oidcRoutes(Oidc oidc) {
    return concat(path("backchannel-logout", () -> post(() -> backChannelLogout(oidc))), get(() -> concat(
        pathEnd(() -> complete(StatusCodes.OK, new IdentityProvider(oidc.settings().name()), Jackson.marshaller())),
        path("login", () -> parameterOptional("return-to", returnTo -> onComplete(oidc.begin(returnTo.orElse("/")),
            begun -> begun.isFailure() ? unavailable(oidc, begun.failed().get())
                : setCookie(loginCookie(oidc, begun.get().browserToken()), () ->
                    redirect(Uri.create(begun.get().authorization().toString()), StatusCodes.FOUND))))),
        path("callback", () -> parameterMap(query -> optionalCookie(Oidc.LOGIN_COOKIE, browser -> onComplete(
            oidc.complete(browser.map(HttpCookiePair::value), query), outcome -> outcome.isFailure()
                ? unavailable(oidc, outcome.failed().get())
                : setCookie(loginCookie(oidc, "").withMaxAge(0), () -> callback(oidc, outcome.get())))))))));
  }

  /**
   * The IdP's back-channel logout (form field {@code logout_token}): 200 when the token holds, whether or not a
   * session of it was still here; 400 with a JSON error when it does not; 503 when the IdP's keys cannot be read.
   * No cookie and no CSRF token: the IdP's signature on the token is the whole authority, and the token can end
   * only the sessions it names. Never cached (section 2.8).
   */
  private Route backChannelLogout(Oidc oidc) {
    return respondWithHeader(CacheControl.create(CacheDirectives.NO_STORE), () -> formFieldOptional("logout_token",
        token -> token.isEmpty() ? invalidLogout("logout_token is missing")
            : onComplete(oidc.logout(token.get()), checked -> checked.isFailure()
                ? unavailable(oidc, checked.failed().get())
                : checked.get() instanceof Oidc.ProviderLogout logout
                ? onSuccess(sessions.endAtProvider(logout), ended -> {
                  LoggerFactory.getLogger(Access.class).info("Back-channel logout from [{}] (sid [{}], sub [{}])"
                      + " ended {} session(s)", oidc.settings().issuer(), logout.sid(), logout.subject(), ended);
                  return complete(StatusCodes.OK);
                })
                : invalidLogout(((Oidc.InvalidLogout) checked.get()).detail()))));
  }

  private static Route invalidLogout(String detail) {
    return complete(StatusCodes.BAD_REQUEST, new LogoutError("invalid_request", detail), Jackson.marshaller());
  }

  private Route callback(Oidc oidc, Oidc.Outcome outcome) {
    if (outcome instanceof Oidc.SignedIn signedIn) {
      return onSuccess(sessions.start(signedIn.user(), signedIn.provider()), started ->
          setCookie(cookie(started.token()), () -> redirect(Uri.create(signedIn.returnTo()), StatusCodes.FOUND)));
    }
    Oidc.Refused refused = (Oidc.Refused) outcome;
    StatusCode status = switch (refused.reason()) {
      case EXPIRED -> StatusCodes.BAD_REQUEST;
      case DENIED, INVALID -> StatusCodes.UNAUTHORIZED;
      case NO_ROLE -> StatusCodes.FORBIDDEN;
      case UNAVAILABLE -> StatusCodes.SERVICE_UNAVAILABLE;
    };
    return complete(status, "Inloggen via " + oidc.settings().name() + " is mislukt: " + refused.detail());
  }

  private static Route unavailable(Oidc oidc, Throwable cause) {
    LoggerFactory.getLogger(Access.class).warn("Sign-in through [{}] failed", oidc.settings().issuer(), cause);
    return complete(StatusCodes.SERVICE_UNAVAILABLE, "Inloggen via " + oidc.settings().name()
        + " is nu niet mogelijk: de identity provider is niet bereikbaar");
  }

  /** Lax, not Strict: the IdP's redirect back is a navigation from its site, and must bring this cookie. */
  private HttpCookie loginCookie(Oidc oidc, String browserToken) {
    return HttpCookie.create(Oidc.LOGIN_COOKIE, browserToken).withPath("/auth/oidc").withHttpOnly(true)
        .withSecure(sessions.settings().secureCookie()).withSameSite(SameSite.Lax)
        .withMaxAge(oidc.settings().loginTimeout().toSeconds());
  }

  private Route signIn(HttpRequest request, SignIn form) {
    if (form.name() == null || form.password() == null) {
      return complete(StatusCodes.BAD_REQUEST, "name and password are required");
    }
    return onSuccess(logins.check(form.name(), form.password(), clientAddress(request,
        logins.settings().forwardedFor())), check -> check instanceof Logins.Passed passed
        ? onSuccess(sessions.start(passed.user()), started -> setCookie(cookie(started.token()), () ->
            complete(StatusCodes.OK, Signed.of(started.session()), Jackson.marshaller())))
        : refusal(check).orElseGet(() -> unauthorized(true)));
  }

  private HttpCookie cookie(String token) {
    return HttpCookie.create(Sessions.COOKIE, token).withPath("/").withHttpOnly(true)
        .withSecure(sessions.settings().secureCookie()).withSameSite(SameSite.Strict);
  }

  private CompletionStage<Optional<Sessions.Session>> session(Optional<HttpCookiePair> cookie) {
    return cookie.map(c -> sessions.find(c.value()))
        .orElse(CompletableFuture.completedFuture(Optional.empty()));
  }

  private static Route withSession(HttpRequest request, Sessions.Session session, Collection<Role> anyOf,
                                   Function<User, Route> inner) {
    if (!SAFE_METHODS.contains(request.method().name()) && !csrfMatches(request, session)) {
      return csrfRefused();
    }
    return withRole(session.user(), anyOf, inner);
  }

  private Route withCredentials(HttpRequest request, Optional<HttpCredentials> credentials, Collection<Role> anyOf,
                                Function<User, Route> inner) {
    boolean browser = fromBrowser(request);
    Optional<BasicHttpCredentials> basic = credentials.filter(BasicHttpCredentials.class::isInstance)
        .map(BasicHttpCredentials.class::cast);
    if (basic.isEmpty()) {
      return unauthorized(browser);
    }
    if (!SAFE_METHODS.contains(request.method().name()) && crossSite(request)) {
      return complete(StatusCodes.FORBIDDEN, "a change from another site is refused");
    }
    return onSuccess(logins.check(basic.get().username(), basic.get().password(),
        clientAddress(request, logins.settings().forwardedFor())), check -> check instanceof Logins.Passed passed
        ? withRole(passed.user(), anyOf, inner) : refusal(check).orElseGet(() -> unauthorized(browser)));
  }

  private static Route withRole(User user, Collection<Role> anyOf, Function<User, Route> inner) {
    return user.hasAnyOf(anyOf) ? inner.apply(user)
        : complete(StatusCodes.FORBIDDEN, "requires one of the roles " + anyOf);
  }

  private static Optional<Route> refusal(Logins.Check check) {
    if (check instanceof Logins.Busy busy) {
      return Optional.of(refused(StatusCodes.SERVICE_UNAVAILABLE, busy.retryAfter(),
          "password checks are busy, try again"));
    }
    if (check instanceof Logins.Throttled throttled) {
      return Optional.of(refused(StatusCodes.TOO_MANY_REQUESTS, throttled.retryAfter(),
          "too many failed sign-ins, try again later"));
    }
    return Optional.empty();
  }

  private static boolean csrfMatches(HttpRequest request, Sessions.Session session) {
    return request.getHeader(CSRF_HEADER).map(h -> MessageDigest.isEqual(
        h.value().getBytes(StandardCharsets.UTF_8), session.csrfToken().getBytes(StandardCharsets.UTF_8)))
        .orElse(false);
  }

  private static Route csrfRefused() {
    return complete(StatusCodes.FORBIDDEN, "the session's " + CSRF_HEADER + " header is missing or wrong");
  }

  /** Browsers mark every request with fetch metadata; the pages' calls also with {@code X-Requested-With}. */
  private static boolean fromBrowser(HttpRequest request) {
    return request.getHeader("Sec-Fetch-Mode").isPresent() || request.getHeader("X-Requested-With").isPresent();
  }

  private static boolean crossSite(HttpRequest request) {
    return request.getHeader("Sec-Fetch-Site").map(h -> !h.value().equals("same-origin") && !h.value().equals("none"))
        .orElse(false);
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
   * 401; with a Basic challenge only for API clients, so a browser shows no dialog of its own and never keeps
   * Basic credentials that it would send to a forged request.
   */
  private static Route unauthorized(boolean browser) {
    HttpResponse response = HttpResponse.create().withStatus(StatusCodes.UNAUTHORIZED)
        .withEntity("valid credentials required");
    return complete(browser ? response
        : response.addHeader(WWWAuthenticate.create(HttpChallenge.createBasic(REALM))));
  }
}
