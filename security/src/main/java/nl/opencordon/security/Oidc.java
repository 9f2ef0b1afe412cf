package nl.opencordon.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in through the municipality's identity provider (IdP) with OpenID Connect: the authorization-code flow
 * with PKCE (Nimbus OAuth 2.0 SDK). {@link #begin} keeps a random state, nonce and PKCE verifier in PostgreSQL
 * ({@code oidc_logins}), bound to a random pre-login cookie of the browser, and sends the browser to the IdP;
 * {@link #complete} takes that record once when the IdP sends the browser back, exchanges the code (with the
 * verifier, and the client secret when there is one) for an ID token, and accepts the token only when its
 * signature (the IdP's JWKS), issuer, audience, expiry and nonce hold. The roles come from a configurable claim,
 * through a mapping from the IdP's role or group names to {@link Role}; a user with none is refused. The
 * caller then starts the same server-side session a local user gets ({@link Sessions}).
 *
 * <p>{@link #logout} checks an OpenID Connect Back-Channel Logout 1.0 logout token the IdP posts when one of its
 * sessions ends (its user signed out there, or an administrator signed the user out): signed with the same JWKS
 * and algorithm as the ID token, the same issuer, our client id as audience, {@code iat} not in the future,
 * {@code exp} not passed, a {@code jti}, the back-channel logout event, a {@code sid} or {@code sub}, and no
 * {@code nonce} (Nimbus' {@link LogoutTokenValidator}, with the {@code iat} check added here).
 *
 * <p>{@link #recheck} asks the IdP again about a signed-in user with the refresh token it gave at sign-in, for
 * {@link Sessions}, every {@code max-session-without-recheck}.
 */
public final class Oidc implements Sessions.Rechecks {
  /** The pre-login cookie: SameSite=Lax, because the IdP's redirect back is a navigation from another site. */
  public static final String LOGIN_COOKIE = "cordon-login";
  /** Where the IdP sends the browser back; the configured redirect URI must end in it. */
  public static final String CALLBACK_PATH = "/auth/oidc/callback";
  /** How far the IdP's clock may be from ours: Nimbus' default for {@code exp}, and ours for {@code iat}. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(Oidc.class);
  // Only our own pages: no other host, no scheme, no "//"
  private static final Pattern PAGE = Pattern.compile("/|(/[A-Za-z0-9_.-]+)+/?");

  /** {@code anpr.security.oidc}. */
  public record Settings(String name, Issuer issuer, ClientID clientId, Optional<Secret> clientSecret,
                         URI redirectUri, URI postLogoutRedirectUri, Scope scopes, String nameClaim,
                         String rolesClaim, Map<String, Set<Role>> roleMapping, JWSAlgorithm algorithm,
                         Duration loginTimeout, Duration httpTimeout, Duration maxSessionWithoutRecheck) {
    /** The settings, or empty when no issuer is configured (sign-in with local users only). */
    public static Optional<Settings> fromConfig(Config oidc) {
      if (oidc.getString("issuer").isBlank()) {
        return Optional.empty();
      }
      URI redirect = URI.create(oidc.getString("redirect-uri"));
      if (!redirect.isAbsolute() || !redirect.getPath().endsWith(CALLBACK_PATH)) {
        throw new IllegalArgumentException("anpr.security.oidc.redirect-uri must be an absolute URL ending in "
            + CALLBACK_PATH + ", not " + redirect);
      }
      String postLogout = oidc.getString("post-logout-redirect-uri");
      Scope scopes = new Scope(oidc.getStringList("scopes").toArray(String[]::new));
      if (!scopes.contains("openid")) {
        scopes.add("openid");
      }
      Map<String, Set<Role>> mapping = new LinkedHashMap<>();
      for (Map.Entry<String, ConfigValue> e : oidc.getObject("role-mapping").entrySet()) {
        Object value = e.getValue().unwrapped();
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        (value instanceof Collection<?> many ? many : List.of(value)).forEach(r -> roles.add(Role.valueOf(r.toString())));
        mapping.put(e.getKey(), Set.copyOf(roles));
      }
      if (mapping.isEmpty()) {
        throw new IllegalArgumentException("anpr.security.oidc.role-mapping is empty: nobody would get a role");
      }
      String secret = oidc.getString("client-secret");
      return Optional.of(new Settings(oidc.getString("name"), new Issuer(oidc.getString("issuer")),
          new ClientID(oidc.getString("client-id")), secret.isEmpty() ? Optional.empty() : Optional.of(new Secret(secret)),
          redirect, postLogout.isEmpty() ? redirect.resolve("/") : URI.create(postLogout), scopes,
          oidc.getString("name-claim"), oidc.getString("roles-claim"), Map.copyOf(mapping),
          JWSAlgorithm.parse(oidc.getString("id-token-algorithm")), oidc.getDuration("login-timeout"),
          oidc.getDuration("http-timeout"), oidc.getDuration("max-session-without-recheck")));
    }
  }

  /** Where to send the browser, and the pre-login cookie's value that binds the sign-in to it. */
  public record Begun(URI authorization, String browserToken) {}

  /** What came of the IdP sending the browser back. */
  public sealed interface Outcome {}

  /**
   * The IdP vouched for this user; its ID token is kept with the session for the IdP's sign-out, its sub and sid
   * for the IdP's back-channel logout.
   */
  public record SignedIn(User user, Sessions.FromProvider provider, String returnTo) implements Outcome {}

  /** Refused, and why; {@code detail} is for the person, never a token. */
  public record Refused(Reason reason, String detail) implements Outcome {}

  public enum Reason {
    /** No such sign-in, used already, too old, or begun in another browser. */
    EXPIRED,
    /** The IdP said no (the person cancelled, or the IdP refused). */
    DENIED,
    /** The token exchange failed or the ID token did not hold. */
    INVALID,
    /** The ID token held, but none of its roles maps to a role here. */
    NO_ROLE,
    /** The IdP could not be reached. */
    UNAVAILABLE
  }

  /** What came of asking the IdP again about a session's user, with the session's refresh token. */
  public sealed interface Recheck {}

  /**
   * The IdP still vouches for the user, with these roles here (none: the session must end); the ID token and
   * refresh token to keep (the IdP's new ones, or the old where it gave none).
   */
  public record Vouched(Set<Role> roles, String idToken, String refreshToken) implements Recheck {}

  /** The IdP refused the refresh token (the user signed out there, was disabled, or its session ended). */
  public record Withdrawn(String detail) implements Recheck {}

  /** What came of a logout token the IdP posted. */
  public sealed interface Logout {}

  /**
   * End the sessions of this provider session ({@code sid}) or subject ({@code sub}); either may be null, not
   * both. {@code issuedAt} is the token's {@code iat}.
   */
  public record ProviderLogout(String subject, String sid, Instant issuedAt) implements Logout {}

  /** The logout token did not hold; {@code detail} says why, never the token. */
  public record InvalidLogout(String detail) implements Logout {}

  private record Provider(OIDCProviderMetadata metadata, IDTokenValidator validator,
                          LogoutTokenValidator logoutValidator) {}

  private final Settings settings;
  private final OidcLoginRepository repository;
  private final Executor blocking;
  private volatile Provider provider;

  public Oidc(Settings settings, DataSource dataSource, Executor blocking) {
    this.settings = settings;
    this.repository = new OidcLoginRepository(dataSource);
    this.blocking = blocking;
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Starts a sign-in that returns to {@code returnTo} (one of our pages; anything else returns to {@code /}):
   * the IdP's authorization URL with state, nonce and PKCE challenge (S256). Fails when the IdP's discovery
   * document cannot be read.
   */
  public CompletionStage<Begun> begin(String returnTo) {
    return blocking(() -> {
      Provider p = provider();
      State state = new State();
      Nonce nonce = new Nonce();
      CodeVerifier verifier = new CodeVerifier();
      String browserToken = Sessions.random();
      repository.insert(Users.sha256(state.getValue()), new OidcLoginRepository.Pending(Users.sha256(browserToken),
          nonce.getValue(), verifier.getValue(), PAGE.matcher(returnTo).matches() ? returnTo : "/"),
          settings.loginTimeout());
      URI authorization = new AuthenticationRequest.Builder(ResponseType.CODE, settings.scopes(), settings.clientId(),
          settings.redirectUri()).endpointURI(p.metadata().getAuthorizationEndpointURI()).state(state).nonce(nonce)
          .codeChallenge(verifier, CodeChallengeMethod.S256).build().toURI();
      return new Begun(authorization, browserToken);
    });
  }

  /**
   * Completes the sign-in the IdP sent the browser back from, with the query's {@code state} and {@code code}
   * (or {@code error}) and the browser's pre-login cookie.
   */
  public CompletionStage<Outcome> complete(Optional<String> browserToken, Map<String, String> query) {
    return blocking(() -> {
      String state = query.get("state");
      Optional<OidcLoginRepository.Pending> pending = state == null ? Optional.empty()
          : repository.take(Users.sha256(state), settings.loginTimeout());
      if (pending.isEmpty() || browserToken.isEmpty() || !MessageDigest.isEqual(
          Users.sha256(browserToken.get()).getBytes(StandardCharsets.US_ASCII),
          pending.get().browserHash().getBytes(StandardCharsets.US_ASCII))) {
        return new Refused(Reason.EXPIRED, "deze inlogpoging is verlopen, al gebruikt of in een andere browser begonnen");
      }
      if (query.containsKey("error")) {
        return new Refused(Reason.DENIED, query.get("error"));
      }
      String code = query.get("code");
      if (code == null) {
        return new Refused(Reason.INVALID, "geen code");
      }
      try {
        return signIn(provider(), code, pending.get());
      } catch (IOException | GeneralException e) {
        log.warn("Identity provider [{}] unreachable: {}", settings.issuer(), e.toString());
        return new Refused(Reason.UNAVAILABLE, "de identity provider is niet bereikbaar");
      }
    });
  }

  /**
   * The IdP's sign-out URL for a session that was signed in with this ID token (RP-initiated logout), when the
   * discovery document names an {@code end_session_endpoint}; the IdP sends the browser on to the
   * post-logout redirect URI.
   */
  public CompletionStage<Optional<URI>> signOut(String idToken) {
    return blocking(() -> {
      URI endSession = provider().metadata().getEndSessionEndpointURI();
      return endSession == null ? Optional.<URI>empty() : Optional.of(new LogoutRequest(endSession,
          JWTParser.parse(idToken), null, settings.clientId(), settings.postLogoutRedirectUri(), null, null).toURI());
    });
  }

  @Override
  public Duration interval() {
    return settings.maxSessionWithoutRecheck();
  }

  /**
   * Asks the IdP again about the user of a session (refresh token grant) and reads its roles from the fresh ID
   * token, which must hold as at sign-in (but for the nonce, which a refreshed token need not carry) and name the
   * same {@code sub}. Fails (an {@link IOException}) when the IdP cannot be reached.
   */
  @Override
  public CompletionStage<Recheck> recheck(String refreshToken, String subject) {
    return blocking(() -> {
      Provider p = provider();
      TokenResponse response = OIDCTokenResponseParser.parse(send(tokenRequest(p,
          new RefreshTokenGrant(new RefreshToken(refreshToken)))));
      if (!response.indicatesSuccess()) {
        ErrorObject error = response.toErrorResponse().getErrorObject();
        if (error.getHTTPStatusCode() >= 500) {
          // the IdP's own trouble says nothing about the user: like an IdP that cannot be reached
          throw new IOException("the identity provider answered " + error.getHTTPStatusCode());
        }
        return new Withdrawn("refresh refused (" + error.getCode() + ")");
      }
      if (!(response.toSuccessResponse() instanceof OIDCTokenResponse tokens)
          || tokens.getOIDCTokens().getIDToken() == null) {
        return new Withdrawn("the refresh gave no ID token, so no roles");
      }
      JWT fresh = tokens.getOIDCTokens().getIDToken();
      Map<String, Object> claims;
      try {
        claims = p.validator().validate(fresh, null).toJSONObject();
      } catch (BadJOSEException | JOSEException e) {
        return new Withdrawn("the refreshed ID token does not hold: " + e.getMessage());
      }
      if (!subject.equals(claims.get("sub"))) {
        return new Withdrawn("the refreshed ID token names another subject");
      }
      RefreshToken next = tokens.getOIDCTokens().getRefreshToken();
      return new Vouched(roles(claims, settings.rolesClaim(), settings.roleMapping()), fresh.serialize(),
          next == null ? refreshToken : next.getValue());
    });
  }

  /**
   * Checks a logout token posted to the back-channel logout URL. Fails (an {@link IOException}) when the IdP's
   * discovery document or keys cannot be read, so nothing can be checked.
   */
  public CompletionStage<Logout> logout(String logoutToken) {
    return blocking(() -> {
      Logout logout = logout(provider().logoutValidator(), logoutToken, Instant.now());
      if (logout instanceof InvalidLogout invalid) {
        log.warn("Logout token from [{}] refused: {}", settings.issuer(), invalid.detail());
      }
      return logout;
    });
  }

  static Logout logout(LogoutTokenValidator validator, String logoutToken, Instant now) throws IOException {
    LogoutTokenClaimsSet claims;
    try {
      claims = validator.validate(JWTParser.parse(logoutToken));
    } catch (KeySourceException e) {
      throw new IOException("the identity provider's keys cannot be read", e);
    } catch (ParseException | BadJOSEException | JOSEException e) {
      return new InvalidLogout(e.getMessage());
    }
    Instant issued = claims.getIssueTime().toInstant();
    if (issued.isAfter(now.plus(CLOCK_SKEW))) {
      return new InvalidLogout("issued in the future (iat " + issued + ")");
    }
    return new ProviderLogout(claims.getSubject() == null ? null : claims.getSubject().getValue(),
        claims.getSessionID() == null ? null : claims.getSessionID().getValue(), issued);
  }

  /**
   * The logout token validator on the IdP's keys; not insisting on the type {@code logout+jwt}, which Keycloak and
   * Entra ID do not set (it still refuses any other type than that and {@code JWT}).
   */
  static LogoutTokenValidator logoutTokenValidator(Issuer issuer, ClientID clientId,
                                                   JWSKeySelector<SecurityContext> keys) {
    return new LogoutTokenValidator(issuer, clientId, false, keys, null);
  }

  private Outcome signIn(Provider p, String code, OidcLoginRepository.Pending pending)
      throws IOException, GeneralException {
    AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), settings.redirectUri(),
        new CodeVerifier(pending.codeVerifier()));
    TokenResponse response = OIDCTokenResponseParser.parse(send(tokenRequest(p, grant)));
    if (!response.indicatesSuccess()) {
      String error = response.toErrorResponse().getErrorObject().getCode();
      log.warn("Identity provider [{}] refused the code: {}", settings.issuer(), error);
      return new Refused(Reason.INVALID, "de identity provider weigerde de code (" + error + ")");
    }
    OIDCTokens tokens = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
    JWT idToken = tokens.getIDToken();
    Map<String, Object> claims;
    try {
      claims = p.validator().validate(idToken, new Nonce(pending.nonce())).toJSONObject();
    } catch (BadJOSEException | JOSEException e) {
      log.warn("ID token from [{}] refused: {}", settings.issuer(), e.getMessage());
      return new Refused(Reason.INVALID, "het ID-token klopt niet");
    }
    Object nameClaim = claims.get(settings.nameClaim());
    String name = nameClaim instanceof String s && !s.isBlank() ? s : (String) claims.get("sub");
    Set<Role> roles = roles(claims, settings.rolesClaim(), settings.roleMapping());
    if (roles.isEmpty()) {
      log.info("User [{}] signed in at [{}] but holds no role here", name, settings.issuer());
      return new Refused(Reason.NO_ROLE, name + " heeft geen rol in dit systeem");
    }
    if (name.length() > 100) {
      return new Refused(Reason.INVALID, "de gebruikersnaam is te lang");
    }
    log.info("User [{}] signed in through [{}] with roles {}", name, settings.issuer(), roles);
    Object sid = claims.get("sid");
    return new SignedIn(new User(name, roles), new Sessions.FromProvider(idToken.serialize(),
        (String) claims.get("sub"), sid instanceof String id ? id : null,
        tokens.getRefreshToken() == null ? null : tokens.getRefreshToken().getValue()), pending.returnTo());
  }

  /** A request to the token endpoint, with the client secret when there is one. */
  private TokenRequest tokenRequest(Provider p, AuthorizationGrant grant) {
    URI tokenEndpoint = p.metadata().getTokenEndpointURI();
    return settings.clientSecret().map(secret -> {
      List<ClientAuthenticationMethod> methods = p.metadata().getTokenEndpointAuthMethods();
      // client_secret_basic is the default of the standard; use post only where the IdP offers just that
      return methods != null && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
          && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)
          ? new TokenRequest(tokenEndpoint, new ClientSecretPost(settings.clientId(), secret), grant)
          : new TokenRequest(tokenEndpoint, new ClientSecretBasic(settings.clientId(), secret), grant);
    }).orElseGet(() -> new TokenRequest(tokenEndpoint, settings.clientId(), grant));
  }

  private HTTPResponse send(TokenRequest request) throws IOException {
    HTTPRequest http = request.toHTTPRequest();
    http.setConnectTimeout((int) settings.httpTimeout().toMillis());
    http.setReadTimeout((int) settings.httpTimeout().toMillis());
    return http.send();
  }

  /**
   * Our roles for the IdP's role or group names found at {@code path} in the claims: a dotted path through
   * nested objects ({@code realm_access.roles}), ending in a list of names or one name.
   */
  static Set<Role> roles(Map<String, Object> claims, String path, Map<String, Set<Role>> mapping) {
    Object value = claims;
    for (String part : path.split("\\.")) {
      value = value instanceof Map<?, ?> object ? object.get(part) : null;
    }
    Collection<?> names = value instanceof Collection<?> many ? many : value instanceof String one ? List.of(one)
        : List.of();
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    names.forEach(n -> roles.addAll(mapping.getOrDefault(String.valueOf(n), Set.of())));
    return roles;
  }

  /**
   * The IdP's discovery document, and the ID token and logout token validators on one copy of its JWKS (cached,
   * and fetched again at most every 30 s for a key id it lacks, so forged key ids cannot flood the IdP); read
   * once (again after a failure).
   */
  private Provider provider() throws IOException, GeneralException {
    Provider known = provider;
    if (known != null) {
      return known;
    }
    int timeout = (int) settings.httpTimeout().toMillis();
    OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(settings.issuer(), timeout, timeout);
    JWSKeySelector<SecurityContext> keys = new JWSVerificationKeySelector<>(settings.algorithm(),
        JWKSourceBuilder.create(metadata.getJWKSetURI().toURL(), new DefaultResourceRetriever(timeout, timeout))
            .build());
    Provider fresh = new Provider(metadata, new IDTokenValidator(metadata.getIssuer(), settings.clientId(), keys, null),
        logoutTokenValidator(metadata.getIssuer(), settings.clientId(), keys));
    provider = fresh;
    return fresh;
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws IOException, GeneralException, ParseException;
  }

  private <T> CompletionStage<T> blocking(Call<T> call) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return call.run();
      } catch (IOException | GeneralException | ParseException e) {
        throw new CompletionException(e);
      }
    }, blocking);
  }
}
