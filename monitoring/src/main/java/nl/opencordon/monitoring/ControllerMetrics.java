package nl.opencordon.monitoring;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's Prometheus metrics. Other modules report through the decorators the controller wires
 * around ports and event-stream listeners, never from inside business handlers. Figures that live in
 * PostgreSQL (cases by status, deletions by reason) are read at scrape time through the suppliers the
 * controller registers, so they are the database's own counts and the same on every node.
 */
public final class ControllerMetrics {
  private static final Logger log = LoggerFactory.getLogger(ControllerMetrics.class);

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter cases = Counter.builder().name("anpr_cases_total")
      .help("Cases opened by zones").labelNames("zone", "kind").register(registry);
  private final Counter casesWritten = Counter.builder().name("anpr_cases_written_total")
      .help("Cases written to the case read model").register(registry);
  private final Counter caseWriteFailures = Counter.builder().name("anpr_case_write_failures_total")
      .help("Failed attempts to write a case to the read model").register(registry);
  private final Counter evidenceFetches = Counter.builder().name("anpr_evidence_fetches_total")
      .help("Fetches of pictures cameras give by reference (URL), by outcome (ok, failed)").labelNames("outcome")
      .register(registry);
  /** Observed for every vehicle: classic buckets only (the native buckets were a quarter of its cost in a profile). */
  private final Histogram registerLookups = Histogram.builder().name("anpr_register_lookup_seconds")
      .help("Vehicle register lookup latency").labelNames("outcome").classicOnly().register(registry);
  private final Gauge deviceUp = Gauge.builder().name("anpr_device_up")
      .help("1 when a device is up, 0.5 degraded, 0 down or disabled").labelNames("kind", "device")
      .register(registry);
  private final Gauge deviceDisabled = Gauge.builder().name("anpr_device_disabled")
      .help("1 while operations have switched a device off (not an outage)").labelNames("kind", "device")
      .register(registry);
  private final Counter passagesIngested = Counter.builder().name("anpr_passages_ingested_total")
      .help("Passage records from cameras by channel (http, mqtt) and outcome (accepted, malformed, refused, "
          + "unauthorized)").labelNames("camera", "channel", "outcome").register(registry);
  private final Counter videoFramesDropped = Counter.builder().name("anpr_video_frames_dropped_total")
      .help("Frames of a camera whose video the node reads itself, dropped unread because reading fell more than "
          + "max-lag behind the stream").labelNames("camera").register(registry);
  private final Counter passages = Counter.builder().name("anpr_passages_total")
      .help("Passages a camera's driver handed to the camera, by outcome (read, low_confidence, unreadable, "
          + "refused)").labelNames("camera", "outcome").register(registry);
  private final Counter zoneDecisions = Counter.builder().name("anpr_zone_decisions_total")
      .help("Zone decisions on sightings by outcome (NO_HIT, CASE_OPENED, WARNING_OPENED, ..., failed)")
      .labelNames("zone", "outcome").register(registry);
  private final Counter noHitsDiscarded = Counter.builder().name("anpr_no_hits_discarded_total")
      .help("Passages of compliant, exempt or out-of-scope vehicles the zone discarded: counted, never stored")
      .labelNames("zone").register(registry);
  private final Histogram httpRequests = Histogram.builder().name("anpr_http_request_duration_seconds")
      .help("HTTP requests by method, documented route and status").labelNames("method", "route", "status")
      .register(registry);

  private volatile Supplier<Map<String, Long>> casesByStatus = Map::of;
  private volatile Supplier<Map<String, Long>> deletionsByReason = Map::of;
  private volatile Supplier<Map<String, Long>> withoutPicture = Map::of;
  private volatile Supplier<String> breakerState = () -> "";
  private volatile Supplier<Map<String, Long>> clusterMembers = Map::of;
  private volatile Supplier<ReadSide> readSide = () -> new ReadSide(0, 0);

  /**
   * How far the cases read model is behind the journal, cluster-wide: zone events its projections have not
   * processed yet (from their offsets in PostgreSQL) and the age of the oldest of them in seconds (0 when none).
   */
  public record ReadSide(long pendingEvents, double lagSeconds) {}

  public ControllerMetrics() {
    JvmMetrics.builder().register(registry);
    GaugeWithCallback.builder().name("anpr_read_side_pending_cases")
        .help("Zone events (cases, warnings, markers) the cases projections have not processed yet, from their "
            + "offsets in PostgreSQL (database-wide)")
        .callback(cb -> read("read side", readSide).ifPresent(r -> cb.call(r.pendingEvents()))).register(registry);
    GaugeWithCallback.builder().name("anpr_read_side_lag_seconds")
        .help("Age of the oldest zone event the cases projections have not processed yet; 0 when none "
            + "(database-wide)")
        .callback(cb -> read("read side", readSide).ifPresent(r -> cb.call(r.lagSeconds()))).register(registry);
    GaugeWithCallback.builder().name("anpr_cases_by_status").help("Cases in the read model by status (database-wide)")
        .labelNames("status").callback(cb -> read("cases by status", casesByStatus).orElse(Map.of())
            .forEach((status, n) -> cb.call(n, status))).register(registry);
    GaugeWithCallback.builder().name("anpr_cases_without_picture")
        .help("Cases in the read model without a real camera picture, by status (database-wide); such a case "
            + "cannot be approved. Not reported where the demo's placeholder picture is allowed")
        .labelNames("status").callback(cb -> read("cases without picture", withoutPicture).orElse(Map.of())
            .forEach((status, n) -> cb.call(n, status))).register(registry);
    CounterWithCallback.builder().name("anpr_cases_deleted")
        .help("Cases deleted for good by reason (DISMISSED, WITHDRAWN, EXPIRED; database-wide, the "
            + "enforcement_counters table)").labelNames("reason")
        .callback(cb -> read("deletions", deletionsByReason).orElse(Map.of())
            .forEach((reason, n) -> cb.call(n, reason)))
        .register(registry);
    GaugeWithCallback.builder().name("anpr_register_breaker_state")
        .help("The RDW circuit breaker: 1 for its current state (closed, open, half_open), 0 for the others")
        .labelNames("state").callback(cb -> {
          String state = breakerState.get();
          if (state.isEmpty()) {
            return;  // a register without a breaker (the demo's fleet)
          }
          for (String s : new String[] {"closed", "open", "half_open"}) {
            cb.call(s.equals(state) ? 1 : 0, s);
          }
        }).register(registry);
    GaugeWithCallback.builder().name("anpr_cluster_members")
        .help("Cluster members as this node sees them, by status (up, unreachable, ...)").labelNames("status")
        .callback(cb -> clusterMembers.get().forEach((status, n) -> cb.call(n, status))).register(registry);
  }

  private static <T> Optional<T> read(String what, Supplier<T> source) {
    try {
      return Optional.of(source.get());
    } catch (RuntimeException e) {
      // A scrape must not fail because the database is away: the series is missing for this scrape.
      log.warn("Metrics: {} not read: {}", what, e.toString());
      return Optional.empty();
    }
  }

  private final Gauge trafficAnomaly = Gauge.builder().name("anpr_camera_traffic_anomaly")
      .help("1 while a camera that is up reads far off its expected traffic (too few or too many unreadable)")
      .labelNames("camera").register(registry);

  public void trafficAnomaly(String camera, boolean anomalous) {
    trafficAnomaly.labelValues(camera).set(anomalous ? 1 : 0);
  }

  private final Gauge qualityCases = Gauge.builder().name("anpr_quality_cases")
      .help("Cases a camera made in the quality window (anpr.insight.quality.window; database-wide)")
      .labelNames("camera").register(registry);
  private final Gauge misreadShare = Gauge.builder().name("anpr_quality_misread_share")
      .help("Share of a camera's cases in the quality window that officers dismissed as a misread plate "
          + "(database-wide)").labelNames("camera").register(registry);
  private final Gauge qualityObjections = Gauge.builder().name("anpr_quality_objections")
      .help("Objection (bezwaar) outcomes recorded for a rule's fines in the objection window (database-wide)")
      .labelNames("rule").register(registry);
  private final Gauge upheldShare = Gauge.builder().name("anpr_quality_objections_upheld_share")
      .help("Share of a rule's objection outcomes in the objection window that were upheld (gegrond; "
          + "database-wide)").labelNames("rule").register(registry);

  /** The verdict quality of a camera: cases in the window and the share dismissed as misread (set by insight). */
  public void cameraQuality(String camera, long cases, double misreadShare) {
    qualityCases.labelValues(camera).set(cases);
    this.misreadShare.labelValues(camera).set(misreadShare);
  }

  /** The verdict quality of a rule: objections decided in the window and the share upheld (set by insight). */
  public void ruleQuality(String rule, long objections, double upheldShare) {
    qualityObjections.labelValues(rule).set(objections);
    this.upheldShare.labelValues(rule).set(upheldShare);
  }

  public void passagesIngested(String camera, String channel, String outcome, int count) {
    passagesIngested.labelValues(camera, channel, outcome).inc(count);
  }

  public void videoFramesDropped(String camera, long count) {
    videoFramesDropped.labelValues(camera).inc(count);
  }

  public void passage(String camera, String outcome) {
    passages.labelValues(camera, outcome).inc();
  }

  public void zoneDecision(String zone, String outcome) {
    zoneDecisions.labelValues(zone, outcome).inc();
  }

  public void noHitDiscarded(String zone) {
    noHitsDiscarded.labelValues(zone).inc();
  }

  public void caseOpened(String zone, String kind) {
    cases.labelValues(zone, kind).inc();
  }

  /** The read model has the case. */
  public void caseWritten() {
    casesWritten.inc();
  }

  public void caseWriteFailed() {
    caseWriteFailures.inc();
  }

  /** A picture a camera gave by reference was fetched, or not. */
  public void evidenceFetched(boolean ok) {
    evidenceFetches.labelValues(ok ? "ok" : "failed").inc();
  }

  public void registerLookup(long nanos, String outcome) {
    registerLookups.labelValues(outcome).observe(nanos / 1e9);
  }

  /** @param up 1 up, 0.5 degraded, 0 down or disabled */
  public void deviceHealth(String kind, String device, double up, boolean disabled) {
    deviceUp.labelValues(kind, device).set(up);
    deviceDisabled.labelValues(kind, device).set(disabled ? 1 : 0);
  }

  public void httpRequest(String method, String route, int status, long nanos) {
    httpRequests.labelValues(method, route, Integer.toString(status)).observe(nanos / 1e9);
  }

  /** @param source cases by status, read at scrape time */
  public void casesByStatus(Supplier<Map<String, Long>> source) {
    casesByStatus = source;
  }

  /** @param source cases without a real picture by status, read at scrape time */
  public void casesWithoutPicture(Supplier<Map<String, Long>> source) {
    withoutPicture = source;
  }

  /** @param source deleted cases by reason, read at scrape time */
  public void deletionsByReason(Supplier<Map<String, Long>> source) {
    deletionsByReason = source;
  }

  /** @param state the register's circuit breaker state in lower case; empty when there is none */
  public void registerBreaker(Supplier<String> state) {
    breakerState = state;
  }

  /** @param source the read side's lag, read at scrape time */
  public void readSide(Supplier<ReadSide> source) {
    readSide = source;
  }

  /** @param source cluster members by status, as this node sees them */
  public void clusterMembers(Supplier<Map<String, Long>> source) {
    clusterMembers = source;
  }

  /**
   * The names of every sample this controller can expose (with the {@code _total}, {@code _bucket},
   * {@code _count}, {@code _sum} and {@code _created} suffixes), whether or not it has data yet: what a
   * dashboard or alert may query.
   */
  public Set<String> sampleNames() {
    Set<String> names = new TreeSet<>();
    for (MetricSnapshot s : registry.scrape()) {
      String name = s.getMetadata().getPrometheusName();
      if (s instanceof CounterSnapshot) {
        names.addAll(List.of(name + "_total", name + "_created"));
      } else if (s instanceof HistogramSnapshot) {
        names.addAll(List.of(name + "_bucket", name + "_count", name + "_sum", name + "_created"));
      } else if (s instanceof SummarySnapshot) {
        names.addAll(List.of(name, name + "_count", name + "_sum"));
      } else {
        names.add(name);
      }
    }
    return names;
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
