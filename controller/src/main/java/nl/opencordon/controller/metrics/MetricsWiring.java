package nl.opencordon.controller.metrics;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import nl.opencordon.actors.DeviceHealth;
import nl.opencordon.actors.DeviceHealthChanged;
import nl.opencordon.enforcement.CaseProjection;
import nl.opencordon.enforcement.Enforcement;
import nl.opencordon.enforcement.cases.CaseRepository;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.monitoring.ControllerMetrics;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Connects the metrics to what they observe: device health from the event stream, the cluster's members,
 * and the counts that live in PostgreSQL (cases by status, deletions by reason), read at scrape time
 * through the enforcement chain's repositories.
 */
public final class MetricsWiring {
  private MetricsWiring() {}

  /** Follows every device's health on the event stream; call while the actor system starts. */
  public static void deviceHealth(ActorContext<?> ctx, ControllerMetrics metrics) {
    ActorRef<DeviceHealthChanged> gauge = ctx.spawn(Behaviors.receive(DeviceHealthChanged.class)
        .onMessage(DeviceHealthChanged.class, e -> {
          metrics.deviceHealth(e.kind(), e.deviceId(), e.to() == DeviceHealth.UP ? 1
              : e.to() == DeviceHealth.DEGRADED ? 0.5 : 0, e.to() == DeviceHealth.DISABLED);
          return Behaviors.same();
        }).build(), "device-health-metrics");
    ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(DeviceHealthChanged.class, gauge));
  }

  /** Cluster members by status as this node sees them; {@code unreachable} counts the unreachable ones. */
  public static void cluster(ActorSystem<?> system, ControllerMetrics metrics) {
    metrics.clusterMembers(() -> {
      var state = Cluster.get(system).state();
      Map<String, Long> byStatus = new TreeMap<>(StreamSupport.stream(state.getMembers().spliterator(), false)
          .collect(Collectors.groupingBy(m -> m.status().toString().toLowerCase(), Collectors.counting())));
      byStatus.put("unreachable", (long) state.getUnreachable().size());
      return byStatus;
    });
  }

  /**
   * Cases by status, those without a real picture (unless the demo's placeholder is allowed), deletions by
   * reason and the read side's lag, from the database at scrape time.
   */
  public static void database(CaseRepository cases, Enforcement enforcement, ControllerMetrics metrics) {
    metrics.casesByStatus(sql(cases::countByStatus));
    if (!enforcement.settings().placeholderEvidence()) {
      metrics.casesWithoutPicture(sql(cases::countWithoutRealPicture));
    }
    // Outcomes are DISMISSED:<reason>, WITHDRAWN and EXPIRED: the reason label is the part before the colon.
    metrics.deletionsByReason(sql(() -> enforcement.repository().counters().stream().collect(Collectors.groupingBy(
        c -> c.outcome().split(":", 2)[0], TreeMap::new, Collectors.summingLong(EnforcementRepository.Counter::count)))));
    metrics.readSide(sql(() -> {
      CaseProjection.Lag lag = enforcement.readSideLag();
      return new ControllerMetrics.ReadSide(lag.pendingEvents(), lag.oldest()
          .map(oldest -> Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0)).orElse(0.0));
    }));
  }

  private interface SqlSupplier<T> {
    T get() throws SQLException;
  }

  private static <T> Supplier<T> sql(SqlSupplier<T> query) {
    return () -> {
      try {
        return query.get();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    };
  }
}
