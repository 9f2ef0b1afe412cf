package nl.opencordon.security;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.TestDatabase;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * The one error mapping, over a real socket: a real PostgreSQL failure is 500 "internal error" and its message
 * (table, column, value) never reaches the caller, who here signs in as nobody; invalid input is 400 with its
 * message; a future that ran out of time is 503; a module's own exception gets the module's status.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpErrorsIT {
  /** A module's own exception, answered 409 with its message. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  private final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "http-errors");
  private final ExecutorService blocking = Executors.newFixedThreadPool(2);
  private final HttpClient http = HttpClient.newHttpClient();
  private Database database;
  private ServerBinding binding;

  @BeforeAll
  void start() throws Exception {
    database = Database.open(TestDatabase.freshSchema());
    Route routes = handleExceptions(HttpErrors.handler(LoggerFactory.getLogger(HttpErrorsIT.class),
        Map.of(Refused.class, StatusCodes.CONFLICT)), () -> concat(
        path("sql", () -> BlockingRoutes.run(blocking, () -> {
          try (Connection c = database.dataSource().getConnection()) {
            c.createStatement().executeQuery("SELECT plate_secret FROM no_such_cases WHERE plate = 'XX-123-Y'");
          }
          return complete("unreachable");
        })),
        path("invalid", () -> BlockingRoutes.run(blocking, () -> {
          throw new IllegalArgumentException("month must look like 2025-06");
        })),
        path("slow", () -> onSuccess(new CompletableFuture<String>().orTimeout(50, TimeUnit.MILLISECONDS),
            text -> complete(text))),
        path("refused", () -> BlockingRoutes.run(blocking, () -> {
          throw new Refused("offence code is a placeholder");
        })),
        path("thrown", () -> {
          throw new IllegalStateException("connection to 10.0.0.5 refused");
        })));
    binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(routes).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() {
    binding.unbind();
    system.terminate();
    blocking.shutdown();
    database.close();
  }

  @Test
  void aDatabaseFailureIs500AndItsMessageIsNotEchoed() throws Exception {
    HttpResponse<String> answer = answers("sql", 500, HttpErrors.INTERNAL);
    assertFalse(answer.body().contains("no_such_cases") || answer.body().contains("XX-123-Y"), answer.body());
  }

  /** Any other failure is 500 without its message; invalid input 400 with it; a timeout 503; a module's own its own. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      thrown   | 500 | internal error
      invalid  | 400 | month must look like 2025-06
      slow     | 503 | not answered in time, try again
      refused  | 409 | offence code is a placeholder
      """)
  void eachFailureGetsItsStatus(String path, int status, String body) throws Exception {
    answers(path, status, body);
  }

  private HttpResponse<String> answers(String path, int status, String body) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + binding.localAddress().getPort() + "/" + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(status, answer.statusCode(), answer.body());
    assertEquals(body, answer.body());
    return answer;
  }
}
