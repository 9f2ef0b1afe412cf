package nl.opencordon.controller;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import nl.opencordon.actors.ActorSettings;
import nl.opencordon.actors.DeviceDirectory;
import nl.opencordon.actors.Guardian;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.display.SignDriver;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.actors.gate.VehicleRegister;
import nl.opencordon.actors.zone.ShardedZones;
import nl.opencordon.actors.zone.ZoneRouter;
import nl.opencordon.controller.exemptions.ExemptionRoutes;
import nl.opencordon.controller.screens.ScreenRoutes;
import nl.opencordon.persistence.exemptions.ExemptionCache;
import nl.opencordon.persistence.exemptions.ExemptionRepository;
import nl.opencordon.controller.metrics.HttpMetrics;
import nl.opencordon.controller.metrics.MeteredCameraDrivers;
import nl.opencordon.controller.metrics.MetricsWiring;
import nl.opencordon.controller.metrics.ZoneDecisionMetrics;
import nl.opencordon.controlroom.ControlRoomFeature;
import nl.opencordon.controlroom.ZoneSchedules;
import nl.opencordon.controlroom.SignProblemReporter;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.enforcement.CaseProjection;
import nl.opencordon.enforcement.Enforcement;
import nl.opencordon.enforcement.EvidenceKeeping;
import nl.opencordon.insight.Insight;
import nl.opencordon.security.Access;
import nl.opencordon.security.AccessLog;
import nl.opencordon.security.HttpErrors;
import nl.opencordon.security.Logins;
import nl.opencordon.security.Oidc;
import nl.opencordon.security.SecurityHeaders;
import nl.opencordon.security.Sessions;
import nl.opencordon.security.Users;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.monitoring.ControllerMetrics;
import nl.opencordon.persistence.Database;
import nl.opencordon.enforcement.cases.CaseRepository;
import nl.opencordon.security.AccessLogRepository;
import nl.opencordon.persistence.Jdbc;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A running controller: the actor system with its device actors and sharded zones, the read models in
 * PostgreSQL and the HTTP API. Built from configuration plus the adapters for the outside world (vehicle
 * register, camera drivers, signs), so the demo, tests and a production run differ only in those.
 */
public final class Controller implements AutoCloseable {

  /**
   * The adapters a controller is plugged into.
   *
   * @param registerBreaker the register's circuit breaker state for the metrics ({@code closed}, {@code open},
   *                        {@code half_open}); empty when the register has none
   * @param freshFacts the register's source itself (the RDW API, not the mirror), asked again about a new case's
   *                   vehicle before an officer sees it; where there is no mirror, the register
   */
  public record Adapters(VehicleRegister register, ExemptionRegistry exemptions, CameraDriverFactory cameraDrivers,
                         Function<CityLayout.Display, SignDriver> signs, Supplier<String> registerBreaker,
                         VehicleRegister freshFacts) {
    public Adapters(VehicleRegister register, ExemptionRegistry exemptions, CameraDriverFactory cameraDrivers,
                    Function<CityLayout.Display, SignDriver> signs) {
      this(register, exemptions, cameraDrivers, signs, () -> "", register);
    }
  }

  /** The tender's time to be working again; a node whose cluster does not run its devices by then fails to start. */
  private static final Duration DEVICES_START = Duration.ofMinutes(2);

  private final ActorSystem<Guardian.Command> system;
  private final ServerBinding binding;
  private final Guardian.Devices devices;
  private final ControllerMetrics metrics;
  private final CaseRepository cases;
  private final Enforcement enforcement;

  private Controller(ActorSystem<Guardian.Command> system, ServerBinding binding, Guardian.Devices devices,
                     ControllerMetrics metrics, CaseRepository cases, Enforcement enforcement) {
    this.enforcement = enforcement;
    this.system = system;
    this.binding = binding;
    this.devices = devices;
    this.metrics = metrics;
    this.cases = cases;
  }

  /**
   * Starts a controller on an already migrated database.
   *
   * @param config the whole configuration (anpr.*, pekko.*)
   */
  public static Controller start(Config config, Database database, CityLayout layout, Adapters adapters)
      throws Exception {
    ControllerMetrics metrics = new ControllerMetrics();
    metrics.registerBreaker(adapters.registerBreaker());
    CaseRepository cases = new CaseRepository(database.dataSource());
    Config full = DevicesFeature.withClusterRoles(journalConfig(database).withFallback(config).resolve());
    DevicesFeature devicesFeature = new DevicesFeature(full, metrics, layout, adapters.cameraDrivers());
    Enforcement enforcement = Enforcement.create(full.getConfig("anpr.enforcement"), database.dataSource(), layout,
        metrics::evidenceFetched, full.getDouble("anpr.actors.camera.confidence-threshold"), adapters.freshFacts(),
        java.time.Clock.systemUTC());
    // the gates read this node's copy of the exemption record, loaded before they start and kept current
    ExemptionRepository exemptionRecord = new ExemptionRepository(database.dataSource());
    ExemptionCache exemptions = ExemptionCache.start(exemptionRecord, adapters.exemptions(),
        full.getDuration("anpr.persistence.exemptions-refresh-interval"));
    ActorSettings settings = ActorSettings.fromConfig(full.getConfig("anpr.actors"));
    VehicleRegister register = timed(adapters.register(), metrics);
    ZoneSchedules schedules = ControlRoomFeature.schedules(database, layout);
    CameraDriverFactory cameraDrivers = new MeteredCameraDrivers(devicesFeature.drivers(), metrics);
    ActorSystem<Guardian.Command> system = ActorSystem.create(Behaviors.setup(ctx -> {
      Cluster cluster = Cluster.get(ctx.getSystem());
      if (full.getBoolean("anpr.controller.cluster.bootstrap")) {
        // Kubernetes (kubernetes.conf): the nodes find each other through the Kubernetes API and form the cluster
        PekkoManagement.get(ctx.getSystem()).start();
        ClusterBootstrap.get(ctx.getSystem()).start();
      } else if (full.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      enforcement.attach(ctx.getSystem());
      ZoneRouter zones = ShardedZones.init(ctx.getSystem(), layout::zone);
      MetricsWiring.deviceHealth(ctx, metrics);
      Executor blockingHere = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
      return Guardian.create(layout, new Guardian.Ports(
          new Gate.Dependencies(register, adapters.exemptions(), zones, schedules,
              suspensions(enforcement, blockingHere), new ZoneDecisionMetrics(metrics),
              new EvidenceKeeping(enforcement.evidence(), enforcement.fetcher(), ctx.getSystem().dispatchers().lookup(
                  DispatcherSelector.fromConfig("anpr.enforcement.evidence-dispatcher")))), cameraDrivers,
          devicesFeature.signs(adapters.signs()),
          ControlRoomFeature.cameraStates(database, blockingHere)),
          settings);
    }), "cordon", full);
    system.getWhenTerminated().thenRun(exemptions::close);
    devicesFeature.start(system);
    try {
      // Bound first, so that load balancers get 503 from /health/ready while the devices start.
      Config http = full.getConfig("anpr.controller.http");
      java.util.concurrent.Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
      Health health = new Health(system, database, blocking);
      AtomicReference<org.apache.pekko.japi.function.Function<HttpRequest, CompletionStage<HttpResponse>>> app = new AtomicReference<>(
          request -> CompletableFuture.completedFuture(HttpResponse.create()
              .withStatus(StatusCodes.SERVICE_UNAVAILABLE).withEntity("starting")));
      ServerBinding binding = Http.get(system).newServerAt(http.getString("host"), http.getInt("port"))
          .bind(new HttpMetrics(metrics).measure(new SecurityHeaders(full.getString(
              "anpr.control-room.tile-url")).wrap(() ->
              Directives.concat(health.routes(), Directives.handle(request -> app.get().apply(request))))))
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      binding.addToCoordinatedShutdown(Duration.ofSeconds(5), system);
      Guardian.Devices devices = AskPattern.<Guardian.Command, Guardian.Devices>ask(system, Guardian.GetDevices::new,
          Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      // Every gate runs somewhere in the cluster (on a single node: here) before the node says it is ready.
      AskPattern.<Guardian.Command, Done>ask(system, Guardian.AwaitRunning::new, DEVICES_START, system.scheduler())
          .toCompletableFuture().get(DEVICES_START.toMillis(), TimeUnit.MILLISECONDS);
      Duration askTimeout = full.getDuration("anpr.controller.ask-timeout");
      Users users = Users.fromConfig(full.getConfigList("anpr.controller.users"),
          full.getDuration("anpr.security.remember-verified"));
      Optional<Oidc> oidc = Oidc.Settings.fromConfig(full.getConfig("anpr.security.oidc"))
          .map(provider -> new Oidc(provider, database.dataSource(), blocking));
      Access access = new Access(new Logins(users, Logins.Settings.fromConfig(full.getConfig("anpr.security")),
          database.dataSource()), new Sessions(users, Sessions.Settings.fromConfig(
          full.getConfig("anpr.security.session")), database.dataSource(), blocking, oidc), oidc);
      AccessLog accessLog = new AccessLog(new AccessLogRepository(database.dataSource()), blocking);
      // Actions, lists and live pages reach a device on whichever node runs it.
      Guardian.Devices everywhere = DeviceDirectory.start(system, layout, devices);
      enforcement.start(system, everywhere, caseMetrics(metrics));
      MetricsWiring.cluster(system, metrics);
      MetricsWiring.database(cases, enforcement, metrics);
      // Each feature contributes its own routes here.
      Route features = Directives.concat(
          access.sessionRoutes(),
          new ApiRoutes(system, everywhere, cases, metrics, layout, askTimeout, access, accessLog).routes(),
          ControlRoomFeature.start(system, full.getConfig("anpr.control-room"), database, layout, devices,
              everywhere, schedules, signProblems(enforcement), access, accessLog, askTimeout),
          enforcement.routes(access, accessLog, blocking),
          enforcement.lawful().routes(access, accessLog, blocking),
          devicesFeature.routes(system, everywhere, layout),
          ExemptionRoutes.routes(exemptionRecord, exemptions, layout, access, accessLog, blocking),
          ScreenRoutes.routes(system, everywhere, access, accessLog, askTimeout),
          Insight.start(system, full.getConfig("anpr.insight"), database, layout, devices, metrics, access,
              enforcement.lawful().sites()::approves, askTimeout));
      // a failure that no feature answered gets the one mapping too
      Route routes = Directives.handleExceptions(HttpErrors.handler(
          org.slf4j.LoggerFactory.getLogger(Controller.class)), () -> features);
      app.set(routes.seal().handler(system));
      health.devicesStarted();
      return new Controller(system, binding, devices, metrics, cases, enforcement);
    } catch (Exception e) {
      system.terminate();
      throw e;
    }
  }

  /** Gates load their suspensions from the enforcement chain's sign problems, off the actor threads. */
  private static Gate.Suspensions suspensions(Enforcement enforcement, Executor blocking) {
    return gateId -> Jdbc.async(blocking, () -> enforcement.signs().suspensions(gateId));
  }

  /** Counts the cases the projections write into the read model, and their failed writes. */
  private static CaseProjection.Listener caseMetrics(ControllerMetrics metrics) {
    return new CaseProjection.Listener() {
      @Override
      public void recorded(Zone.CaseOpened event) {
        metrics.caseWritten();
      }

      @Override
      public void failed(Throwable cause) {
        metrics.caseWriteFailed();
      }
    };
  }

  /** Sign problems reported in the control room go through the enforcement chain. */
  private static SignProblemReporter signProblems(Enforcement enforcement) {
    return new SignProblemReporter() {
      @Override
      public void report(String gateId, Instant from, String detail, String reportedBy, boolean mayErase)
          throws SQLException {
        try {
          enforcement.signs().report(gateId, from, detail, reportedBy, mayErase);
        } catch (IOException e) {
          throw new UncheckedIOException("correction request for CJIB not written", e);
        }
      }

      @Override
      public void resolve(String gateId) throws SQLException {
        enforcement.signs().resolveAll(gateId);
      }

      @Override
      public Map<String, Instant> overdueSchouws() throws SQLException {
        return enforcement.signs().overdueSchouws();
      }
    };
  }

  /** pekko-persistence-jdbc shares the read models' PostgreSQL. */
  private static Config journalConfig(Database db) {
    String prefix = "pekko-persistence-jdbc.shared-databases.slick.db.";
    return ConfigFactory.parseMap(Map.of(prefix + "url", db.settings().url(), prefix + "user", db.settings().user(),
        prefix + "password", db.settings().password()));
  }

  /** Measures register lookups for the metrics, leaving the register itself unaware of them. */
  private static VehicleRegister timed(VehicleRegister register, ControllerMetrics metrics) {
    return plate -> {
      long start = System.nanoTime();
      CompletionStage<java.util.Optional<nl.opencordon.domain.VehicleFacts>> result = register.lookup(plate);
      return result.whenComplete((facts, err) -> metrics.registerLookup(System.nanoTime() - start,
          err != null ? "error" : facts.isPresent() ? "found" : "unknown"));
    };
  }

  public ActorSystem<Guardian.Command> system() {
    return system;
  }

  public Guardian.Devices devices() {
    return devices;
  }

  public CaseRepository cases() {
    return cases;
  }

  public Enforcement enforcement() {
    return enforcement;
  }

  public ControllerMetrics metrics() {
    return metrics;
  }

  public int httpPort() {
    return binding.localAddress().getPort();
  }

  @Override
  public void close() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
