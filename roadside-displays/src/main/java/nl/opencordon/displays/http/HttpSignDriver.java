package nl.opencordon.displays.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import nl.opencordon.domain.Json;
import nl.opencordon.actors.display.Display;
import nl.opencordon.actors.display.SignDriver;
import org.apache.pekko.Done;

/**
 * An LED sign with an HTTP interface: {@code POST <url>/message} with {@code {"plate", "text", "allowed"}} to
 * show a verdict, {@code GET <url>/status} to ask whether it is alive; any 2xx answer is a yes. The display
 * actor times calls out and judges the sign's health from the answers.
 */
public final class HttpSignDriver implements SignDriver {
  private static final ObjectMapper JSON = Json.MAPPER;
  private final HttpClient client;
  private final URI base;
  private final Duration timeout;

  public HttpSignDriver(HttpClient client, URI base, Duration timeout) {
    this.client = client;
    this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<Done> show(Display.Message message) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(e);
    }
    return call(HttpRequest.newBuilder(base.resolve("message")).timeout(timeout)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  @Override
  public CompletionStage<Done> ping() {
    return call(HttpRequest.newBuilder(base.resolve("status")).timeout(timeout).GET().build());
  }

  private CompletionStage<Done> call(HttpRequest request) {
    return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(response -> {
      if (response.statusCode() / 100 != 2) {
        throw new java.util.concurrent.CompletionException(
            new IOException("sign " + base + " answered " + response.statusCode()));
      }
      return Done.getInstance();
    });
  }
}
