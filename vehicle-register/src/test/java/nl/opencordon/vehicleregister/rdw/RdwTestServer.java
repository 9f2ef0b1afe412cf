package nl.opencordon.vehicleregister.rdw;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for opendata.rdw.nl on 127.0.0.1: serves the verbatim RDW responses in
 * src/test/resources/rdw ("[]" for other plates), or what a test's {@link Behaviour} decides. Public for the
 * controller's tests (test-jar).
 */
public final class RdwTestServer implements AutoCloseable {
  /** Status and body for a request; {@code null} from {@link #answer} serves the fixture. */
  public interface Behaviour {
    Answer answer(String dataset, String kenteken) throws Exception;
  }

  public record Answer(int status, String body) {}

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private volatile Behaviour behaviour = (dataset, kenteken) -> null;

  public RdwTestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/resource/", this::handle);
    server.setExecutor(pool);
    server.start();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Client settings against this server, with short timeouts and backoff and the given overrides (HOCON). */
  public RdwSettings settings(String overrides) {
    return RdwSettings.fromConfig(ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseString("request-timeout = 500ms, initial-backoff = 5ms, max-backoff = 20ms"))
        .withFallback(ConfigFactory.defaultReference().getConfig("anpr.vehicle-register.rdw")))
        .withBaseUrl(baseUrl());
  }

  public void behave(Behaviour b) {
    behaviour = b;
  }

  public int requests(String dataset) {
    return requests.computeIfAbsent(dataset, d -> new AtomicInteger()).get();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String dataset = path.substring("/resource/".length()).replace(".json", "");
    String kenteken = ex.getRequestURI().getQuery().replace("kenteken=", "");
    requests.computeIfAbsent(dataset, d -> new AtomicInteger()).incrementAndGet();
    Answer a;
    try {
      a = behaviour.answer(dataset, kenteken);
    } catch (Exception e) {
      a = new Answer(500, e.toString());
    }
    if (a == null) {
      a = new Answer(200, fixture(dataset + "_" + kenteken + ".json"));
    }
    byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(a.status(), body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  static String fixture(String name) throws IOException {
    try (InputStream in = RdwTestServer.class.getResourceAsStream("/rdw/" + name)) {
      return in == null ? "[]" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
