package nl.opencordon.controlroom;

import com.typesafe.config.Config;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import nl.opencordon.actors.Guardian;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraStateStore;
import nl.opencordon.security.WebJars;
import nl.opencordon.security.Access;
import nl.opencordon.security.AccessLog;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.ZoneDefinition;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.Jdbc;
import nl.opencordon.controlroom.DeviceHistoryRepository.HealthTransition;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the control room into a controller: enforcement times before the gates start
 * ({@link #schedules}), then ({@link #start}) the control-room actor and its routes. Cameras load their own
 * site moves when they start, wherever in the cluster they run.
 */
public final class ControlRoomFeature {
  private static final Logger log = LoggerFactory.getLogger(ControlRoomFeature.class);

  private ControlRoomFeature() {}

  /** The enforcement times in force, for the gates' {@code Dependencies}. */
  public static ZoneSchedules schedules(Database database, CityLayout layout) throws SQLException {
    return ZoneSchedules.load(new ZoneScheduleRepository(database.dataSource()), layout);
  }

  /**
   * Starts the control room.
   *
   * @param config {@code anpr.control-room}
   * @param devices this node's devices, whose state the control room gathers and shares with its peers
   * @param everywhere every device wherever it runs, for the operators' actions
   * @return the control room's routes
   */
  public static Route start(ActorSystem<?> system, Config config, Database database, CityLayout layout,
                            Guardian.Devices devices, Guardian.Devices everywhere, ZoneSchedules schedules,
                            SignProblemReporter signProblems, Access access, AccessLog accessLog, Duration askTimeout)
      throws Exception {
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    Executor ordered = system.dispatchers().lookup(DispatcherSelector.fromConfig(
        "anpr.control-room.store-dispatcher"));
    ControlRoomStore store = new ControlRoomStore(database.dataSource(), ordered, blocking);
    Duration refresh = config.getDuration("schedule-refresh");
    system.scheduler().scheduleWithFixedDelay(refresh, refresh, () -> {
      try {
        schedules.reload(layout);
      } catch (SQLException | RuntimeException e) {
        log.warn("Enforcement times not reloaded, the last ones hold: {}", e.toString());
      }
      try {
        showOverdueSchouws(layout, signProblems, store);
      } catch (SQLException | RuntimeException e) {
        log.warn("Overdue schouws not checked: {}", e.toString());
      }
    }, system.dispatchers().lookup(DispatcherSelector.blocking()));
    // Devices are down until they report, as their actors start; while the controller is stopped they are
    // not observed (a crash leaves the last state standing until the next start).
    Instant now = Instant.now();
    store.history.insertAll(everyDevice(layout, "DOWN", now, "controller started"));
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "control-room-unobserved",
        () -> store.run(() -> {
          store.history.insertAll(everyDevice(layout, Availability.UNOBSERVED, Instant.now(), "controller stopped"));
          return Done.getInstance();
        }));
    List<HealthTransition> history = store.history.transitionsSince(now.minus(ControlRoom.MONTH));
    ControlRoom.Settings settings = ControlRoom.Settings.fromConfig(config);
    ActorRef<ControlRoom.Command> controlRoom = system.systemActorOf(
        ControlRoom.create(layout, devices, store, history, settings), "control-room", Props.empty());
    return new ControlRoomRoutes(system, controlRoom, everywhere, layout, store, schedules, signProblems, access,
        accessLog, settings, askTimeout, WebJars.version("leaflet")).routes();
  }

  /** Cameras keep whether they are switched on and where they were moved in PostgreSQL, used off the actor threads. */
  public static CameraStateStore cameraStates(Database database, Executor blocking) {
    CameraStateRepository repository = new CameraStateRepository(database.dataSource());
    DeviceHistoryRepository history = new DeviceHistoryRepository(database.dataSource());
    return new CameraStateStore() {
      @Override
      public CompletionStage<Optional<Boolean>> enabled(String cameraId) {
        return Jdbc.async(blocking, () -> repository.enabled(cameraId));
      }

      @Override
      public CompletionStage<Done> saveEnabled(String cameraId, boolean enabled) {
        return Jdbc.async(blocking, () -> {
          repository.saveEnabled(cameraId, enabled);
          return Done.getInstance();
        });
      }

      @Override
      public CompletionStage<List<Camera.SiteAssignment>> siteMoves(String cameraId) {
        return Jdbc.async(blocking, () -> history.siteMoves(cameraId).stream()
            .map(m -> new Camera.SiteAssignment(m.site(), m.from())).toList());
      }
    };
  }

  /**
   * A zone whose schouw is overdue is not enforced (Leidraad 4.2.7): an incident of the zone while it lasts, ended
   * by the next good schouw.
   */
  private static void showOverdueSchouws(CityLayout layout, SignProblemReporter signProblems, ControlRoomStore store)
      throws SQLException {
    Map<String, Instant> overdue = signProblems.overdueSchouws();
    Instant now = Instant.now();
    for (String zoneId : layout.zones().stream().map(ZoneDefinition::id).toList()) {
      Instant due = overdue.get(zoneId);
      if (due == null) {
        store.incidents.endOpen(zoneId, List.of(ControlRoomStore.SCHOUW_OVERDUE), now);
      } else if (store.incidents.openUnlessOpen(ControlRoomStore.SCHOUW_OVERDUE, "zone", zoneId,
          due.equals(Instant.EPOCH) ? now : due, due.equals(Instant.EPOCH) ? "nog nooit geschouwd: geen handhaving"
              : "maandelijkse schouw verlopen: geen handhaving tot de volgende schouw in orde")) {
        log.warn("Zone [{}] not enforced: its schouw is overdue since {}", zoneId, due);
      }
    }
  }

  private static List<HealthTransition> everyDevice(CityLayout layout, String health, Instant at, String detail) {
    return Stream.concat(
        layout.cameras().stream().map(c -> new HealthTransition("camera", c.id(), null, health, at, detail)),
        layout.displays().stream().map(d -> new HealthTransition("display", d.id(), null, health, at, detail)))
        .toList();
  }
}
