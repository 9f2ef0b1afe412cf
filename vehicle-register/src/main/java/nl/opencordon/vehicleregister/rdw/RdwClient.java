package nl.opencordon.vehicleregister.rdw;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.VehicleFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of RDW's open-data API (Socrata): the rows of a Dutch plate in the five datasets of {@link RdwDataset}
 * (vehicle, fuel, carrosserie, carrosserie specificatie, bijzonderheden), with a
 * timeout per attempt, retries with exponential backoff, a circuit breaker so that a failing RDW costs the
 * gates nothing but a fast failure, and a cache (unknown plates included). Only Dutch registrations are sent
 * ({@link Plate#isDutchRegistration}).
 * {@link #lookup} has the shape of the actors' VehicleRegister port.
 */
public final class RdwClient {
  static final String VEHICLES = "m9d7-ebf2";
  static final String FUELS = "8ys7-d773";
  static final String BODIES = "vezc-m2t6";
  static final String BODY_SPECIFICS = "jhie-znh9";
  static final String PARTICULARS = "7ug8-2dtt";
  private static final Logger log = LoggerFactory.getLogger(RdwClient.class);

  private final RdwSettings settings;
  private final HttpClient http;
  private final ObjectMapper json = Json.MAPPER;
  private final CircuitBreaker breaker;
  private final Cache<String, Optional<RdwRecord>> cache;

  private RdwClient(RdwSettings settings, Clock clock) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
    this.breaker = CircuitBreaker.of("rdw", CircuitBreakerConfig.custom()
        .failureRateThreshold(settings.breakerFailureRatePercent())
        .slidingWindowSize(settings.breakerWindowSize())
        .minimumNumberOfCalls(settings.breakerMinimumCalls())
        .waitDurationInOpenState(settings.breakerOpenDuration())
        .permittedNumberOfCallsInHalfOpenState(settings.breakerHalfOpenCalls())
        .clock(clock)
        .build());
    breaker.getEventPublisher().onStateTransition(e ->
        log.warn("RDW circuit breaker [{}]", e.getStateTransition()));
    this.cache = Caffeine.newBuilder().maximumSize(settings.cacheMaxSize()).expireAfterWrite(settings.cacheTtl())
        .build();
  }

  public static RdwClient create(RdwSettings settings) {
    return new RdwClient(settings, Clock.systemUTC());
  }

  /** With the breaker's clock given, so tests can let its open time pass without waiting. */
  static RdwClient create(RdwSettings settings, Clock clock) {
    return new RdwClient(settings, clock);
  }

  /**
   * The facts of a plate; empty for an unknown plate and for one that is not a Dutch registration (a foreign
   * plate, a read without a country, no Dutch sidecode), which is never sent; fails with {@link RdwException}.
   */
  public CompletionStage<Optional<VehicleFacts>> lookup(Plate plate) {
    return fetch(plate).thenApply(r -> r.flatMap(rec -> rec.toFacts(plate)));
  }

  /**
   * The register's rows of a plate, from the cache or RDW. Only answers are cached, not failures; a
   * synchronous cache rather than an async one, whose failed loads would each log a stack trace.
   */
  public CompletableFuture<Optional<RdwRecord>> fetch(Plate plate) {
    if (!plate.isDutchRegistration()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    Optional<RdwRecord> cached = cache.getIfPresent(plate.text());
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    return fetchUncached(plate.text()).thenApply(found -> {
      cache.put(plate.text(), found);
      return found;
    });
  }

  public CircuitBreaker.State breakerState() {
    return breaker.getState();
  }

  private CompletableFuture<Optional<RdwRecord>> fetchUncached(String kenteken) {
    // The datasets at once: one round trip of latency instead of five, at the price of four calls more for
    // unknown plates. Each request has its own retries and goes through the breaker.
    Map<RdwDataset, CompletableFuture<List<JsonNode>>> requests = new EnumMap<>(RdwDataset.class);
    for (RdwDataset dataset : RdwDataset.values()) {
      requests.put(dataset, withRetries(uri(dataset.socrataId(), kenteken), 1));
    }
    return CompletableFuture.allOf(requests.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<RdwDataset, List<JsonNode>> rows = new EnumMap<>(RdwDataset.class);
      requests.forEach((dataset, answer) -> rows.put(dataset, answer.join()));
      try {
        return record(rows);
      } catch (IllegalArgumentException e) {
        throw new RdwException("unreadable RDW row: " + e.getMessage(), false, e);
      }
    });
  }

  /**
   * The record from the rows of each dataset as the API sends them (JSON objects of strings); empty without a
   * vehicle row. IllegalArgumentException for an unreadable value.
   */
  static Optional<RdwRecord> record(Map<RdwDataset, List<JsonNode>> rows) {
    List<JsonNode> vehicleRows = rows.get(RdwDataset.VEHICLES);
    if (vehicleRows.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RdwRecord(RdwVehicle.fromFields(field(vehicleRows.get(0))),
        read(rows, RdwDataset.FUELS, RdwFuel::fromFields), read(rows, RdwDataset.BODIES, RdwBody::fromFields),
        read(rows, RdwDataset.BODY_SPECIFICS, RdwBodySpecific::fromFields),
        read(rows, RdwDataset.PARTICULARS, RdwParticular::fromFields)));
  }

  private static <T> List<T> read(Map<RdwDataset, List<JsonNode>> rows, RdwDataset dataset,
                                  Function<Function<String, String>, T> reader) {
    return rows.get(dataset).stream().map(n -> reader.apply(field(n))).toList();
  }

  private URI uri(String dataset, String kenteken) {
    return URI.create(settings.baseUrl() + "/resource/" + dataset + ".json?kenteken=" + kenteken);
  }

  private CompletableFuture<List<JsonNode>> withRetries(URI uri, int attempt) {
    return once(uri).exceptionallyCompose(e -> {
      RdwException failure = asRdw(e);
      if (!failure.retryable() || attempt >= settings.maxAttempts()) {
        return CompletableFuture.failedFuture(failure);
      }
      long delay = backoffMillis(attempt);
      log.debug("RDW attempt [{}] failed ({}), retrying in [{}] ms", attempt, failure.getMessage(), delay);
      return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
          .thenCompose(x -> withRetries(uri, attempt + 1));
    });
  }

  /** Doubles per attempt up to the maximum, with 20% jitter so that many gates do not retry in step. */
  private long backoffMillis(int attempt) {
    long base = settings.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, settings.maxBackoff().toMillis());
    return Math.round(capped * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
  }

  private CompletableFuture<List<JsonNode>> once(URI uri) {
    if (!breaker.tryAcquirePermission()) {
      return CompletableFuture.failedFuture(new RdwException("RDW circuit breaker is open", false, null));
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
        .header("Accept", "application/json").GET();
    if (!settings.appToken().isBlank()) {
      request.header("X-App-Token", settings.appToken());
    }
    long start = System.nanoTime();
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(this::rows)
        .whenComplete((rows, e) -> {
          long took = System.nanoTime() - start;
          if (e == null) {
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
          } else {
            breaker.onError(took, TimeUnit.NANOSECONDS, e);
          }
        });
  }

  private List<JsonNode> rows(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status != 200) {
      boolean retryable = status == 429 || status >= 500;
      throw new RdwException("RDW answered HTTP " + status, retryable, null);
    }
    JsonNode root;
    try {
      root = json.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new RdwException("RDW sent malformed JSON", false, e);
    } catch (IOException e) {
      throw new RdwException("RDW response unreadable", true, e);
    }
    if (root == null || !root.isArray()) {
      throw new RdwException("RDW sent no JSON array", false, null);
    }
    List<JsonNode> out = new ArrayList<>(root.size());
    root.forEach(out::add);
    return out;
  }

  private static Function<String, String> field(JsonNode row) {
    return name -> row.hasNonNull(name) ? row.get(name).asText() : null;
  }

  private static RdwException asRdw(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof RdwException r) {
      return r;
    }
    // Timeouts and connection failures: another try may get through.
    return new RdwException("RDW unreachable: " + cause, cause instanceof IOException, cause);
  }
}
