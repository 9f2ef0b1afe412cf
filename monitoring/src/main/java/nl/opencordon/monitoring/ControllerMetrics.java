package nl.opencordon.monitoring;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The controller's Prometheus metrics. Other modules report through the decorators the controller wires
 * around ports and event-stream listeners, never from inside business handlers.
 */
public final class ControllerMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter cases = Counter.builder().name("anpr_cases_total")
      .help("Cases opened by zones").labelNames("zone", "kind").register(registry);
  private final Counter caseWriteFailures = Counter.builder().name("anpr_case_write_failures_total")
      .help("Failed attempts to write a case to the read model").register(registry);
  private final Histogram registerLookups = Histogram.builder().name("anpr_register_lookup_seconds")
      .help("Vehicle register lookup latency").labelNames("outcome").register(registry);
  private final Gauge deviceUp = Gauge.builder().name("anpr_device_up")
      .help("1 when a device is up, 0.5 degraded, 0 down or disabled").labelNames("kind", "device")
      .register(registry);

  private final Counter passagesIngested = Counter.builder().name("anpr_passages_ingested_total")
      .help("Passage records from cameras by channel (http, mqtt) and outcome (accepted, malformed, refused, "
          + "unauthorized)").labelNames("camera", "channel", "outcome").register(registry);

  private final Gauge trafficAnomaly = Gauge.builder().name("anpr_camera_traffic_anomaly")
      .help("1 while a camera that is up reads far off its expected traffic (too few or too many unreadable)")
      .labelNames("camera").register(registry);

  public void trafficAnomaly(String camera, boolean anomalous) {
    trafficAnomaly.labelValues(camera).set(anomalous ? 1 : 0);
  }

  public void passagesIngested(String camera, String channel, String outcome, int count) {
    passagesIngested.labelValues(camera, channel, outcome).inc(count);
  }

  public void caseOpened(String zone, String kind) {
    cases.labelValues(zone, kind).inc();
  }

  public void caseWriteFailed() {
    caseWriteFailures.inc();
  }

  public void registerLookup(long nanos, String outcome) {
    registerLookups.labelValues(outcome).observe(nanos / 1e9);
  }

  public void deviceHealth(String kind, String device, double up) {
    deviceUp.labelValues(kind, device).set(up);
  }

  /** The metrics in Prometheus text format, for the /metrics endpoint. */
  public String scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new PrometheusTextFormatWriter(false).write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
