package nl.opencordon.persistence;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** Runs a repository call on an executor meant for blocking work, so callers on actor threads never wait. */
public final class Jdbc {
  private Jdbc() {}

  @FunctionalInterface
  public interface Call<T> {
    T run() throws SQLException;
  }

  public static <T> CompletionStage<T> async(Executor blocking, Call<T> call) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return call.run();
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
    }, blocking);
  }
}
