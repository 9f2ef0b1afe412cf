package nl.opencordon.vehicleregister.rdw;

import com.typesafe.config.Config;
import java.net.URI;
import java.time.Duration;

/** Settings of the RDW open-data client and mirror importer, read once from {@code anpr.vehicle-register.rdw}. */
public record RdwSettings(URI baseUrl, String appToken, Duration connectTimeout, Duration requestTimeout,
                          int maxAttempts, Duration initialBackoff, Duration maxBackoff, long cacheMaxSize,
                          Duration cacheTtl, float breakerFailureRatePercent, int breakerWindowSize,
                          int breakerMinimumCalls, Duration breakerOpenDuration, int breakerHalfOpenCalls,
                          int importBatchSize, long importProgressEvery) {

  public RdwSettings {
    if (maxAttempts < 1 || importBatchSize < 1) {
      throw new IllegalArgumentException("max-attempts and import.batch-size must be at least 1");
    }
    String url = baseUrl.toString();
    baseUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
  }

  public static RdwSettings fromConfig(Config c) {
    return new RdwSettings(URI.create(c.getString("base-url")), c.getString("app-token"),
        c.getDuration("connect-timeout"), c.getDuration("request-timeout"), c.getInt("max-attempts"),
        c.getDuration("initial-backoff"), c.getDuration("max-backoff"), c.getLong("cache.max-size"),
        c.getDuration("cache.ttl"), (float) c.getDouble("breaker.failure-rate-percent"),
        c.getInt("breaker.window-size"), c.getInt("breaker.minimum-calls"), c.getDuration("breaker.open-duration"),
        c.getInt("breaker.half-open-calls"), c.getInt("import.batch-size"), c.getLong("import.progress-every"));
  }

  public RdwSettings withBaseUrl(URI url) {
    return new RdwSettings(url, appToken, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff,
        cacheMaxSize, cacheTtl, breakerFailureRatePercent, breakerWindowSize, breakerMinimumCalls,
        breakerOpenDuration, breakerHalfOpenCalls, importBatchSize, importProgressEvery);
  }
}
