package nl.opencordon.cameradrivers.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.withSizeLimit;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import nl.opencordon.domain.Json;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.cameradrivers.HandOff;
import nl.opencordon.cameradrivers.IngestListener;
import nl.opencordon.cameradrivers.PassageFormat;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.security.HttpErrors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.Multipart;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP push from cameras (docs/camera-push-format.md): {@code POST /api/cameras/{id}/passages} with one
 * passage or a batch, as JSON (images base64) or multipart/form-data (JSON part {@code passages} plus image
 * parts), and {@code POST /api/cameras/{id}/heartbeat}. A request is answered only after the camera actor
 * gave its receipt on every valid record in it, i.e. once what each led to is safe (the zone's decision
 * persisted, or a no-hit); a record that could not be decided yet makes the answer 503, so the camera
 * resends. Malformed records are answered 400 with their errors while the valid ones in the same batch are
 * taken. A camera authenticates with its API key in {@code X-Api-Key}. Failures are answered as on every other
 * route ({@link HttpErrors}): a camera that did not answer in time 503, anything unexpected 500.
 */
public final class PassageIngestRoutes {
  private static final Logger log = LoggerFactory.getLogger(PassageIngestRoutes.class);
  private static final ObjectMapper JSON = Json.MAPPER;
  private static final String CHANNEL = "http";

  /** From {@code anpr.camera-drivers.http}. */
  public record Settings(Map<String, String> apiKeys, Duration ackTimeout, long maxRequestBytes) {
    public static Settings fromConfig(Config c) {
      Map<String, String> keys = new HashMap<>();
      c.getObject("api-keys").unwrapped().forEach((id, key) -> keys.put(id, String.valueOf(key)));
      return new Settings(Map.copyOf(keys), c.getDuration("ack-timeout"), c.getBytes("max-request-size"));
    }
  }

  private final ActorSystem<?> system;
  /** A camera's actor wherever it runs in the cluster; empty while it runs nowhere. */
  private final Function<String, Optional<ActorRef<Camera.Command>>> cameras;
  private final Map<String, CityLayout.Camera> layout;
  private final PassageFormat format;
  private final Settings settings;
  private final IngestListener listener;

  public PassageIngestRoutes(ActorSystem<?> system, Function<String, Optional<ActorRef<Camera.Command>>> cameras,
                             List<CityLayout.Camera> layout, PassageFormat format, Settings settings,
                             IngestListener listener) {
    this.system = system;
    this.cameras = cameras;
    this.layout = new HashMap<>();
    layout.forEach(c -> this.layout.put(c.id(), c));
    this.format = format;
    this.settings = settings;
    this.listener = listener;
  }

  public Route routes() {
    return handleExceptions(HttpErrors.handler(log), () -> pathPrefix("api", () -> pathPrefix("cameras", () ->
        pathPrefix(segment(), id -> concat(
            path("passages", () -> post(() -> authorized(id, () -> passages(id)))),
            path("heartbeat", () -> post(() -> authorized(id, () -> heartbeat(id)))))))));
  }

  private Route authorized(String cameraId, Supplier<Route> inner) {
    if (!layout.containsKey(cameraId)) {
      return complete(StatusCodes.NOT_FOUND, "no camera " + cameraId);
    }
    return optionalHeaderValueByName("X-Api-Key", key -> {
      String expected = settings.apiKeys().get(cameraId);
      if (expected == null || key.isEmpty() || !MessageDigest.isEqual(
          expected.getBytes(StandardCharsets.UTF_8), key.get().getBytes(StandardCharsets.UTF_8))) {
        listener.passages(cameraId, CHANNEL, "unauthorized", 1);
        return complete(StatusCodes.UNAUTHORIZED, "camera " + cameraId + ": missing or wrong X-Api-Key");
      }
      // A camera of the city that runs on no node now (starting, or moving off a dead node): send again later.
      return cameras.apply(cameraId).isPresent() ? inner.get() : complete(StatusCodes.SERVICE_UNAVAILABLE,
          "camera " + cameraId + " is not running right now; resend, passage ids are recognised");
    });
  }

  private Route heartbeat(String cameraId) {
    cameras.apply(cameraId).ifPresent(camera -> camera.tell(new Camera.Heartbeat(Instant.now())));
    return complete(StatusCodes.NO_CONTENT);
  }

  private Route passages(String cameraId) {
    return withSizeLimit(settings.maxRequestBytes(), () -> extractRequest(request ->
        request.entity().getContentType().mediaType().subType().equals(MediaTypes.MULTIPART_FORM_DATA.subType())
            ? entity(Unmarshaller.entityToMultipartFormData(), form -> completeWithFuture(
                form.toStrict(settings.ackTimeout().toMillis(), Materializer.matFromSystem(system))
                    .handle((strict, err) -> err == null ? ingest(cameraId, strict)
                        : CompletableFuture.completedFuture(unreadable(cameraId, err)))
                    .thenCompose(answer -> answer)))
            : entity(Unmarshaller.entityToByteArray(), body -> completeWithFuture(
                ingest(cameraId, body, Map.of())))));
  }

  /**
   * A multipart body that cannot be parsed (bad boundary, truncated part, oversized): the parser fails while
   * the parts are read, after the route was chosen, so it is answered here rather than as a 500.
   */
  private HttpResponse unreadable(String cameraId, Throwable err) {
    Throwable cause = unwrap(err);
    listener.passages(cameraId, CHANNEL, "malformed", 1);
    if (cause instanceof EntityStreamSizeException) {
      return response(StatusCodes.PAYLOAD_TOO_LARGE, Map.of("error", "request larger than "
          + settings.maxRequestBytes() + " bytes"));
    }
    String reason = cause instanceof EntityStreamException e ? e.info().summary() : cause.getClass().getSimpleName();
    log.warn("Camera [{}] sent an unreadable multipart body: {}", cameraId, reason);
    return response(StatusCodes.BAD_REQUEST, Map.of("error", "malformed multipart body: " + reason));
  }

  private CompletionStage<HttpResponse> ingest(String cameraId, Multipart.FormData.Strict form) {
    byte[] json = null;
    Map<String, PassageFormat.Part> parts = new HashMap<>();
    for (Multipart.FormData.BodyPart.Strict part : form.getStrictParts()) {
      byte[] data = part.getEntity().getData().toArray();
      if ("passages".equals(part.getName())) {
        json = data;
      } else {
        parts.put(part.getName(), new PassageFormat.Part(part.getEntity().getContentType().toString(), data));
      }
    }
    if (json == null) {
      return CompletableFuture.completedFuture(
          response(StatusCodes.BAD_REQUEST, Map.of("error", "multipart request without a 'passages' part")));
    }
    return ingest(cameraId, json, parts);
  }

  private CompletionStage<HttpResponse> ingest(String cameraId, byte[] body, Map<String, PassageFormat.Part> parts) {
    List<PassageFormat.Result> results = format.decode(layout.get(cameraId), body, parts);
    List<PassageFormat.Valid> valid = results.stream().filter(r -> r instanceof PassageFormat.Valid)
        .map(r -> (PassageFormat.Valid) r).toList();
    Optional<ActorRef<Camera.Command>> camera = cameras.apply(cameraId);
    if (camera.isEmpty()) {
      return CompletableFuture.completedFuture(response(StatusCodes.SERVICE_UNAVAILABLE, Map.of("error",
          "camera " + cameraId + " is not running right now; resend, passage ids are recognised")));
    }
    // A camera that does not answer in time fails the request: HttpErrors answers 503, and the camera resends.
    return HandOff.toCamera(camera.get(), valid, settings.ackTimeout(), system.scheduler())
        .thenApply(receipts -> answer(cameraId, results, valid, receipts))
        .whenComplete((answer, err) -> {
          if (err != null && unwrap(err) instanceof TimeoutException) {
            log.warn("Camera [{}]: no decision on {} passages in time", cameraId, valid.size());
          }
        });
  }

  private HttpResponse answer(String cameraId, List<PassageFormat.Result> results, List<PassageFormat.Valid> valid,
                              List<Camera.Receipt> receipts) {
    Map<Integer, Camera.Receipt> receiptByIndex = new HashMap<>();
    for (int i = 0; i < valid.size(); i++) {
      receiptByIndex.put(valid.get(i).index(), receipts.get(i));
    }
    int accepted = 0;
    int malformed = 0;
    int refused = 0;
    int retry = 0;
    List<Map<String, Object>> out = new ArrayList<>();
    for (PassageFormat.Result r : results) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("index", r.index());
      if (r instanceof PassageFormat.Invalid bad) {
        malformed++;
        line.put("id", bad.id());
        line.put("status", "rejected");
        line.put("errors", bad.errors());
      } else if (r instanceof PassageFormat.Valid good) {
        line.put("id", good.passage().id());
        Camera.Receipt receipt = receiptByIndex.get(r.index());
        switch (receipt.outcome()) {
          case TAKEN -> {
            accepted++;
            line.put("status", "accepted");
          }
          case REFUSED -> {
            refused++;
            line.put("status", "refused");
            line.put("errors", List.of(receipt.reason()));
          }
          case RETRY -> {
            retry++;
            line.put("status", "retry");
            line.put("errors", List.of(receipt.reason()));
          }
        }
      }
      out.add(line);
    }
    report(cameraId, "accepted", accepted);
    report(cameraId, "malformed", malformed);
    report(cameraId, "refused", refused);
    report(cameraId, "retry", retry);
    if (malformed > 0) {
      log.warn("Camera [{}] sent {} malformed of {} records, e.g. {}", cameraId, malformed, results.size(),
          results.stream().filter(r -> r instanceof PassageFormat.Invalid).findFirst()
              .map(r -> ((PassageFormat.Invalid) r).errors()).orElseThrow());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("accepted", accepted);
    body.put("rejected", malformed + refused + retry);
    if (accepted > 0 && accepted < results.size()) {
      body.put("note", "the records with status accepted were taken; resending them is safe, ids are recognised");
    }
    body.put("results", out);
    // Undecided records first: the camera must resend them, whatever else is wrong with the request.
    StatusCode status = retry > 0 ? StatusCodes.SERVICE_UNAVAILABLE : malformed > 0 ? StatusCodes.BAD_REQUEST
        : refused > 0 ? StatusCodes.CONFLICT : StatusCodes.OK;
    return response(status, body);
  }

  private void report(String cameraId, String outcome, int count) {
    if (count > 0) {
      listener.passages(cameraId, CHANNEL, outcome, count);
    }
  }

  private static Throwable unwrap(Throwable err) {
    return err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
  }

  private static HttpResponse response(StatusCode status, Object body) {
    try {
      return HttpResponse.create().withStatus(status)
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
