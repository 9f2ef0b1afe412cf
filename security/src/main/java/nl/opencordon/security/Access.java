package nl.opencordon.security;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractCredentials;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.BasicHttpCredentials;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.HttpCredentials;
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

  private final Users users;

  public Access(Users users) {
    this.users = users;
  }

  /** Runs {@code inner} for an authenticated user holding one of {@code anyOf} (admins hold all). */
  public Route require(Collection<Role> anyOf, Function<User, Route> inner) {
    return extractCredentials(credentials -> optionalHeaderValueByName("X-Requested-With", fromPage ->
        onSuccess(authenticate(credentials), user -> user.isEmpty() ? unauthorized(fromPage.isPresent())
            : user.get().hasAnyOf(anyOf) ? inner.apply(user.get())
            : complete(StatusCodes.FORBIDDEN, "requires one of the roles " + anyOf))));
  }

  public Route require(Role role, Function<User, Route> inner) {
    return require(List.of(role), inner);
  }

  private CompletionStage<Optional<User>> authenticate(Optional<HttpCredentials> credentials) {
    return credentials.filter(BasicHttpCredentials.class::isInstance).map(BasicHttpCredentials.class::cast)
        .map(c -> users.authenticate(c.username(), c.password()))
        .orElse(CompletableFuture.completedFuture(Optional.empty()));
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
