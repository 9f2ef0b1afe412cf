package nl.opencordon.security;

import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.server.Route;

/** Routes whose work blocks (JDBC, files, PDF): run off the HTTP threads, failures answered by {@link HttpErrors}. */
public final class BlockingRoutes {
  private BlockingRoutes() {}

  /** Blocking work that answers with a route. */
  @FunctionalInterface
  public interface Work {
    Route run() throws Exception;
  }

  /**
   * Runs the work on {@code blocking}; a failure bubbles up to the routes' {@code handleExceptions} with
   * {@link HttpErrors#handler}.
   */
  public static Route run(Executor blocking, Work work) {
    return onSuccess(CompletableFuture.supplyAsync(() -> {
      try {
        return work.run();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, blocking), route -> route);
  }
}
