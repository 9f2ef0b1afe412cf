package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Plate;
import nl.opencordon.security.Access;
import nl.opencordon.security.AccessLog;
import nl.opencordon.security.AccessLogRepository;
import nl.opencordon.security.Logins;
import nl.opencordon.security.PasswordHash;
import nl.opencordon.security.Sessions;
import nl.opencordon.security.Users;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The enforcement chain over HTTP on PostgreSQL, as a browser or API client with a password reaches it: who may
 * do what, the access log written before a plate is shown, and the four eyes of an erasure request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnforcementRoutesIT {
  private static final String PASSWORD = "geheim-genoeg";
  /** Before the doubt period of the sign problem one test reports, so the order of the tests does not matter. */
  private static final Instant BEFORE_THE_PROBLEM = Instant.now().minus(Duration.ofDays(3));
  private final HttpClient client = HttpClient.newHttpClient();
  private final ExecutorService blocking = Executors.newFixedThreadPool(2);
  private EnforcementOnDatabase chain;
  private ServerBinding binding;

  @BeforeAll
  void start() throws Exception {
    chain = new EnforcementOnDatabase();
    Config security = ConfigFactory.load().getConfig("anpr.security");
    String hash = PasswordHash.of(PASSWORD).encoded();
    Users users = Users.fromConfig(ConfigFactory.parseString("""
        u = [{name = boa, roles = [OFFICER], password-hash = "%s"},
             {name = boa-2, roles = [OFFICER], password-hash = "%s"},
             {name = ops, roles = [OPERATIONS], password-hash = "%s"}]""".formatted(hash, hash, hash))
        .getConfigList("u"), Duration.ofMinutes(5));
    Access access = new Access(new Logins(users, Logins.Settings.fromConfig(security), chain.database.dataSource()),
        new Sessions(users, Sessions.Settings.fromConfig(security.getConfig("session")), chain.database.dataSource(),
            blocking));
    AccessLog accessLog = new AccessLog(new AccessLogRepository(chain.database.dataSource()), blocking);
    binding = Http.get(chain.system).newServerAt("127.0.0.1", 0)
        .bind(chain.enforcement.routes(access, accessLog, blocking)).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() {
    binding.unbind();
    blocking.shutdownNow();
    chain.close();
  }

  @Test
  void onlyOfficersSeeTheQueueAndEachLookIsInTheAccessLog() throws Exception {
    chain.fine("c-queue", Plate.dutch("RO-001-B"), BEFORE_THE_PROBLEM);
    assertEquals(401, send("GET", "/queue", null, null).statusCode());
    assertEquals(403, send("GET", "/queue", "ops", null).statusCode());
    HttpResponse<String> queue = send("GET", "/queue", "boa", null);
    assertEquals(200, queue.statusCode());
    assertTrue(queue.body().contains("c-queue"), queue.body());
    assertEquals(List.of("boa/cases:OPEN"),
        chain.query("SELECT user_name || '/' || subject FROM access_log WHERE subject = 'cases:OPEN'"));
  }

  @Test
  void aDismissalNeedsAKnownReasonAndACaseIsDecidedOnce() throws Exception {
    chain.fine("c-decide", Plate.dutch("RO-002-B"), BEFORE_THE_PROBLEM.plusSeconds(1));
    assertEquals(400, send("POST", "/cases/c-decide/dismiss", "boa", "{\"reason\":\"GEEN_ZIN\"}").statusCode());
    assertEquals(403, send("POST", "/cases/c-decide/approve", "ops", "").statusCode());
    assertEquals(200, send("POST", "/cases/c-decide/approve", "boa", "").statusCode());
    HttpResponse<String> again = send("POST", "/cases/c-decide/dismiss", "boa-2", "{\"reason\":\"OTHER\"}");
    assertEquals(409, again.statusCode());
    assertEquals("NOT_OPEN", Json.MAPPER.readTree(again.body()).get("result").asText());
    assertEquals(List.of("APPROVED"), chain.query("SELECT status FROM cases WHERE case_id = 'c-decide'"));
  }

  @Test
  void anErasureRequestIsDecidedByASecondPersonOnly() throws Exception {
    chain.fine("c-erase", Plate.dutch("RO-003-B"), Instant.now().minus(Duration.ofMinutes(30)));
    assertEquals(200, send("POST", "/cases/c-erase/approve", "boa", "").statusCode());
    assertEquals(403, send("POST", "/sign-problems", "boa", "{\"gateId\":\"ze-in\",\"from\":\""
        + Instant.now() + "\"}").statusCode());
    HttpResponse<String> reported = send("POST", "/sign-problems", "ops", "{\"gateId\":\"ze-in\",\"from\":\""
        + Instant.now() + "\",\"description\":\"bord weg\"}");
    assertEquals(201, reported.statusCode(), reported.body());
    JsonNode request = Json.MAPPER.readTree(reported.body()).get("awaitingSecondPerson");
    assertTrue(request.toString().contains("c-erase"), reported.body());
    long id = request.get("id").asLong();

    assertEquals(403, send("POST", "/erasure-requests/" + id + "/confirm", "ops", "").statusCode());
    assertEquals(200, send("POST", "/erasure-requests/" + id + "/confirm", "boa", "").statusCode());
    assertEquals(409, send("POST", "/erasure-requests/" + id + "/reject", "boa-2", "").statusCode());
    assertEquals(404, send("POST", "/erasure-requests/" + (id + 100) + "/confirm", "boa", "").statusCode());
    assertEquals(List.of(), chain.query("SELECT status FROM cases WHERE case_id = 'c-erase'"));
  }

  private HttpResponse<String> send(String method, String path, String user, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + binding.localAddress().getPort() + "/api/enforcement" + path))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
        .header("Content-Type", "application/json");
    if (user != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
