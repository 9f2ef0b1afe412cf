package nl.opencordon.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A plain HTTP client for the controller's API in tests, as one of the demo users or as nobody. */
public final class ApiClient {
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String authorization;

  private ApiClient(String base, String authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  /** A demo user of application.conf: password "demo-" + name. */
  public static ApiClient as(int port, String user) {
    return as(port, user, "demo-" + user);
  }

  public static ApiClient as(int port, String user, String password) {
    return new ApiClient("http://127.0.0.1:" + port, "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  public static ApiClient anonymous(int port) {
    return new ApiClient("http://127.0.0.1:" + port, null);
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A download (a PDF, a ZIP) as bytes. */
  public HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A text file (CSV) posted as it is. */
  public HttpResponse<String> postCsv(String path, String csv) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "text/csv")
        .POST(HttpRequest.BodyPublishers.ofString(csv)));
  }

  public HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
