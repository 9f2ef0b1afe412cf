package nl.opencordon.security;

import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;

import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import nl.opencordon.persistence.Jdbc;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The access log of personal data (table {@code access_log}): who saw what, when. Every route that reveals
 * personal data (plates, images, case details, owner data) wraps its answer in {@link #logged}.
 */
public final class AccessLog {
  private final AccessLogRepository repository;
  private final Executor blocking;

  public AccessLog(AccessLogRepository repository, Executor blocking) {
    this.repository = repository;
    this.blocking = blocking;
  }

  /**
   * Writes the entry, then runs {@code inner}. The action is the request's method and path (not its query,
   * which may hold a plate). If the write fails, the request fails and reveals nothing.
   *
   * @param subject what is revealed: a case id, a plate hash, "cases:OPEN"; never a plate itself
   */
  public Route logged(User user, String subject, Supplier<Route> inner) {
    return extractRequest(request -> onSuccess(
        record(user, request.method().name() + " " + request.getUri().path(), subject), done -> inner.get()));
  }

  /** Writes one entry, for personal data revealed other than by a route's answer (an export, a download). */
  public CompletionStage<Done> record(User user, String action, String subject) {
    String roles = String.join(",", new TreeSet<>(user.roles().stream().map(Role::name).toList()));
    return Jdbc.async(blocking, () -> {
      repository.insert(user.name(), roles, action, subject);
      return Done.getInstance();
    });
  }

  /** The newest entries first; {@code subject} may be null. */
  public CompletionStage<List<AccessLogRepository.Entry>> list(String subject, int limit) {
    return Jdbc.async(blocking, () -> repository.list(subject, limit));
  }
}
