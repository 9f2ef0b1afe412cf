package nl.opencordon.enforcement;

import static org.apache.pekko.http.javadsl.server.Directives.concat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import nl.opencordon.security.Access;
import nl.opencordon.security.AccessLog;
import nl.opencordon.security.AccessLogRepository;
import nl.opencordon.security.Logins;
import nl.opencordon.security.PasswordHash;
import nl.opencordon.security.Sessions;
import nl.opencordon.security.Users;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The enforcement chain on a fresh database with the module's routes served over HTTP on a free port, for one test
 * class ({@code @RegisterExtension static}), with the security module's real sign-in and access log: officers
 * "boa" and "boa-2", and "ops" of operations, all with one password.
 */
final class OfficeOnHttp implements BeforeAllCallback, AfterAllCallback {
  private static final String PASSWORD = "geheim-genoeg";
  private final HttpClient client = HttpClient.newHttpClient();
  private final ExecutorService blocking = Executors.newFixedThreadPool(2);
  private EnforcementOnDatabase chain;
  private ServerBinding binding;

  EnforcementOnDatabase chain() {
    return chain;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
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
        .bind(concat(chain.enforcement.routes(access, accessLog, blocking),
            chain.enforcement.lawful().routes(access, accessLog, blocking)))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /**
   * @param user null for no credentials
   * @param json the body, or null for none
   */
  HttpResponse<String> send(String method, String path, String user, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + binding.localAddress().getPort() + path))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
        .header("Content-Type", "application/json");
    if (user != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    binding.unbind();
    blocking.shutdownNow();
    chain.close();
  }
}
