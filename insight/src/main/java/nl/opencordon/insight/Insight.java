package nl.opencordon.insight;

import static org.apache.pekko.http.javadsl.server.Directives.concat;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import nl.opencordon.actors.Guardian;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.insight.quality.PassageCounter;
import nl.opencordon.insight.quality.QualityGauges;
import nl.opencordon.insight.quality.QualityRates;
import nl.opencordon.insight.quality.QualityRepository;
import nl.opencordon.insight.quality.QualityRoutes;
import nl.opencordon.insight.reports.ReportScheduler;
import nl.opencordon.insight.reports.Reports;
import nl.opencordon.insight.rotation.Rotation;
import nl.opencordon.insight.rotation.RotationPlanner;
import nl.opencordon.insight.rotation.RotationRepository;
import nl.opencordon.insight.rotation.SiteApprovals;
import nl.opencordon.insight.stats.TrafficStatistics;
import nl.opencordon.insight.traffic.CameraCountRepository;
import nl.opencordon.insight.traffic.TrafficAnomalyChanged;
import nl.opencordon.insight.traffic.TrafficWatch;
import nl.opencordon.monitoring.ControllerMetrics;
import nl.opencordon.persistence.Database;
import nl.opencordon.controlroom.DeviceHistoryRepository;
import nl.opencordon.controlroom.IncidentRepository;
import nl.opencordon.security.Access;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Wires insight into a controller: the traffic watch (expected traffic per camera), the rotation planner,
 * the report schedule, the statistics, and the verdict quality loop's passage counts and gauges, all as system
 * actors, and returns their routes.
 */
public final class Insight {
  private Insight() {}

  /**
   * @param config {@code anpr.insight}
   * @param approvals which sites may be enforced (the lawful process); {@link SiteApprovals#ALLOW_ALL} until wired
   */
  public static Route start(ActorSystem<?> system, Config config, Database database, CityLayout layout,
                            Guardian.Devices devices, ControllerMetrics metrics, Access access,
                            SiteApprovals approvals, Duration askTimeout) throws Exception {
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    ZoneId zone = ZoneId.of(config.getString("time-zone"));
    Config traffic = config.getConfig("expected-traffic").withFallback(config);
    IncidentRepository incidents = new IncidentRepository(database.dataSource());
    List<TrafficWatch.Anomaly> open = incidents.list(true, null, 10_000).stream()
        .filter(i -> i.type().equals(TrafficWatch.INCIDENT_TYPE))
        .map(i -> new TrafficWatch.Anomaly(i.deviceId(), i.detail(), i.startedAt())).toList();
    ActorRef<TrafficWatch.Command> watch = system.systemActorOf(TrafficWatch.create(devices.cameras(),
        new TrafficWatch.Stores(new CameraCountRepository(database.dataSource()), incidents, blocking), open,
        TrafficWatch.Settings.fromConfig(traffic)), "traffic-watch", Props.empty());
    open.forEach(a -> metrics.trafficAnomaly(a.cameraId(), true));
    ActorRef<TrafficAnomalyChanged> gauge = system.systemActorOf(Behaviors.receive(TrafficAnomalyChanged.class)
        .onMessage(TrafficAnomalyChanged.class, e -> {
          metrics.trafficAnomaly(e.cameraId(), e.anomalous());
          return Behaviors.same();
        }).build(), "traffic-anomaly-metrics", Props.empty());
    system.eventStream().tell(new EventStream.Subscribe<>(TrafficAnomalyChanged.class, gauge));

    RotationRepository visits = new RotationRepository(database.dataSource());
    system.systemActorOf(RotationPlanner.create(devices.cameras(), new RotationPlanner.Stores(visits,
            new DeviceHistoryRepository(database.dataSource()), blocking), approvals,
        RotationPlanner.Settings.fromConfig(config.getConfig("rotation"), askTimeout)), "rotation-planner",
        Props.empty());
    Rotation rotation = new Rotation(visits, layout, approvals, zone, Clock.systemUTC());

    Config reportConfig = config.getConfig("reports");
    Reports reports = new Reports(database.dataSource(), zone, reportConfig.getDouble("availability-target"),
        Clock.systemUTC());
    system.systemActorOf(ReportScheduler.create(reports, LocalTime.parse(reportConfig.getString("at")), blocking),
        "report-scheduler", Props.empty());

    ActorRef<TrafficStatistics.Command> statistics = system.systemActorOf(TrafficStatistics.create(
        TrafficStatistics.Settings.fromConfig(config.getConfig("statistics").withFallback(config))),
        "traffic-statistics", Props.empty());

    Config quality = config.getConfig("quality");
    QualityRepository qualityCounts = new QualityRepository(database.dataSource());
    ActorRef<PassageCounter.Command> counter = system.systemActorOf(PassageCounter.create(qualityCounts, zone,
        quality.getDuration("passage-flush-interval"), blocking), "passage-counter", Props.empty());
    // listening before the gates take passages: none is left out of the ministry's figures
    AskPattern.ask(counter, PassageCounter.GetReady::new, askTimeout, system.scheduler()).toCompletableFuture().get();
    system.systemActorOf(QualityGauges.create(qualityCounts, metrics, new QualityGauges.Settings(
            quality.getDuration("metrics-interval"), quality.getDuration("window"),
            quality.getDuration("objection-window"), quality.getString("misread-reason")), zone, Clock.systemUTC(),
        blocking), "quality-gauges", Props.empty());
    QualityRates rates = new QualityRates(qualityCounts, layout.cameras().stream()
        .collect(Collectors.toUnmodifiableMap(CityLayout.Camera::id, CityLayout.Camera::gateId)));
    return concat(new InsightRoutes(system, statistics, watch, rotation, reports, access, blocking, askTimeout,
        chartJsVersion()).routes(), new QualityRoutes(rates, qualityCounts, access, blocking, zone).routes());
  }

  /** The Chart.js WebJar's version, from its Maven metadata, so the page's URLs need none. */
  private static String chartJsVersion() throws IOException {
    try (InputStream in = Insight.class.getResourceAsStream(
        "/META-INF/maven/org.webjars.npm/chart.js/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the Chart.js WebJar is missing from the classpath");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    }
  }
}
