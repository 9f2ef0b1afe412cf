package nl.opencordon.controller;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import nl.opencordon.actors.ActorSettings;
import nl.opencordon.actors.DeviceHealth;
import nl.opencordon.actors.DeviceHealthChanged;
import nl.opencordon.actors.Guardian;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.display.SignDriver;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.actors.gate.VehicleRegister;
import nl.opencordon.actors.zone.ShardedZones;
import nl.opencordon.actors.zone.ZoneRouter;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.monitoring.ControllerMetrics;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.cases.CaseRepository;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A running controller: the actor system with its device actors and sharded zones, the read models in
 * PostgreSQL and the HTTP API. Built from configuration plus the adapters for the outside world (vehicle
 * register, camera drivers, signs), so the demo, tests and a production run differ only in those.
 */
public final class Controller implements AutoCloseable {

  /** The adapters a controller is plugged into. */
  public record Adapters(VehicleRegister register, ExemptionRegistry exemptions, CameraDriverFactory cameraDrivers,
                         Function<CityLayout.Display, SignDriver> signs) {}

  private final ActorSystem<Guardian.Command> system;
  private final CaseWriter caseWriter;
  private final ServerBinding binding;
  private final Guardian.Devices devices;
  private final ControllerMetrics metrics;
  private final CaseRepository cases;

  private Controller(ActorSystem<Guardian.Command> system, CaseWriter caseWriter,
                     ServerBinding binding, Guardian.Devices devices, ControllerMetrics metrics, CaseRepository cases) {
    this.system = system;
    this.caseWriter = caseWriter;
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
    CaseRepository cases = new CaseRepository(database.dataSource());
    CaseWriter writer = new CaseWriter(cases, metrics);
    Config full = journalConfig(database).withFallback(config).resolve();
    ActorSettings settings = ActorSettings.fromConfig(full.getConfig("anpr.actors"));
    VehicleRegister register = timed(adapters.register(), metrics);
    ActorSystem<Guardian.Command> system = ActorSystem.create(Behaviors.setup(ctx -> {
      Cluster cluster = Cluster.get(ctx.getSystem());
      if (full.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      ZoneRouter zones = ShardedZones.init(ctx.getSystem(), layout::zone, writer);
      ActorRef<DeviceHealthChanged> healthGauge = ctx.spawn(Behaviors.receive(DeviceHealthChanged.class)
          .onMessage(DeviceHealthChanged.class, e -> {
            metrics.deviceHealth(e.kind(), e.deviceId(), e.to() == DeviceHealth.UP ? 1
                : e.to() == DeviceHealth.DEGRADED ? 0.5 : 0);
            return Behaviors.same();
          }).build(), "device-health-metrics");
      ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(DeviceHealthChanged.class, healthGauge));
      return Guardian.create(layout, new Guardian.Ports(
          new Gate.Dependencies(register, adapters.exemptions(), zones), adapters.cameraDrivers(), adapters.signs()),
          settings);
    }), "cordon", full);
    try {
      Guardian.Devices devices = AskPattern.<Guardian.Command, Guardian.Devices>ask(system, Guardian.GetDevices::new,
          Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      Config http = full.getConfig("anpr.controller.http");
      Duration askTimeout = full.getDuration("anpr.controller.ask-timeout");
      // Each feature contributes its own routes here.
      Route routes = Directives.concat(
          new ApiRoutes(system, devices, cases, metrics, layout, askTimeout).routes());
      ServerBinding binding = Http.get(system).newServerAt(http.getString("host"), http.getInt("port"))
          .bind(routes).toCompletableFuture().get(10, TimeUnit.SECONDS);
      binding.addToCoordinatedShutdown(Duration.ofSeconds(5), system);
      return new Controller(system, writer, binding, devices, metrics, cases);
    } catch (Exception e) {
      system.terminate();
      throw e;
    }
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
    caseWriter.close();
  }
}
