package nl.opencordon.security;

import static org.apache.pekko.http.javadsl.server.Directives.onComplete;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.server.Route;

/** Routes whose work blocks (JDBC, files, PDF): run off the HTTP threads, each failure mapped by its caller. */
public final class BlockingRoutes {
  private BlockingRoutes() {}

  /** Blocking work that answers with a route. */
  @FunctionalInterface
  public interface Work {
    Route run() throws Exception;
  }

  /**
   * Runs the work on {@code blocking}; a failure reaches {@code failure} as what the work threw, not wrapped.
   */
  public static Route run(Executor blocking, Work work, Function<Throwable, Route> failure) {
    CompletableFuture<Route> result = CompletableFuture.supplyAsync(() -> {
      try {
        return work.run();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, blocking);
    return onComplete(result, t -> {
      if (t.isSuccess()) {
        return t.get();
      }
      Throwable e = t.failed().get();
      return failure.apply(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
    });
  }
}
