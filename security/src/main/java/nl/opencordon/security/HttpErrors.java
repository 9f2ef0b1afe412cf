package nl.opencordon.security;

import static org.apache.pekko.http.javadsl.server.Directives.complete;

import java.time.DateTimeException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;

/**
 * The one mapping from a failed request to its answer, for every module's routes ({@code handleExceptions}):
 * invalid input (an {@link IllegalArgumentException}, a bad date) is 400 with its message, an actor or service that
 * did not answer in time is 503, and anything else is 500 "internal error", logged with its stack trace and never
 * echoed: a database's message (table names, SQL, values) must not reach the caller, who may be anyone.
 */
public final class HttpErrors {
  /** The body of every 500. */
  public static final String INTERNAL = "internal error";
  /** The body of every 503 for a timeout. */
  public static final String NOT_IN_TIME = "not answered in time, try again";

  private HttpErrors() {}

  /** The handler for routes that have no exceptions of their own; {@code log} gets the 500s. */
  public static ExceptionHandler handler(Logger log) {
    return handler(log, Map.of());
  }

  /**
   * The handler with a module's own exceptions first: each answered with its status and its message, which the
   * module writes for the user (e.g. an address list that does not parse is 400, a placeholder offence code 409).
   */
  public static ExceptionHandler handler(Logger log, Map<Class<? extends Throwable>, StatusCode> own) {
    return ExceptionHandler.newBuilder().matchAny(e -> answer(e, log, own)).build();
  }

  /** The answer to {@code failure} (unwrapped from the future's {@link CompletionException} first). */
  public static Route answer(Throwable failure, Logger log, Map<Class<? extends Throwable>, StatusCode> own) {
    Throwable e = unwrap(failure);
    for (Map.Entry<Class<? extends Throwable>, StatusCode> mapped : own.entrySet()) {
      if (mapped.getKey().isInstance(e)) {
        return complete(mapped.getValue(), String.valueOf(e.getMessage()));
      }
    }
    if (e instanceof IllegalArgumentException || e instanceof DateTimeException) {
      return complete(StatusCodes.BAD_REQUEST, String.valueOf(e.getMessage()));
    }
    if (e instanceof TimeoutException || e instanceof org.apache.pekko.pattern.AskTimeoutException) {
      return complete(StatusCodes.SERVICE_UNAVAILABLE, NOT_IN_TIME);
    }
    log.error("Request failed", e);
    return complete(StatusCodes.INTERNAL_SERVER_ERROR, INTERNAL);
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
