package nl.opencordon.controller;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import nl.opencordon.actors.Guardian;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.display.SignDriver;
import nl.opencordon.cameradrivers.CameraDrivers;
import nl.opencordon.cameradrivers.IngestListener;
import nl.opencordon.cameradrivers.http.PassageIngestRoutes;
import nl.opencordon.displays.SignDrivers;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.PlateHasher;
import nl.opencordon.monitoring.ControllerMetrics;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The device side of the controller: the drivers configured per camera ({@code anpr.camera-drivers}) and per
 * sign ({@code anpr.roadside-displays}) in front of the adapters' defaults, the HTTP push routes, and
 * ingestion counted in the metrics.
 */
final class DevicesFeature {
  private final Config config;
  private final Config signsConfig;
  private final IngestListener listener;
  private final CameraDrivers drivers;

  /** @param full the whole configuration; {@code fallback} drives cameras without a configured driver */
  DevicesFeature(Config full, ControllerMetrics metrics, CityLayout layout, CameraDriverFactory fallback) {
    config = full.getConfig("anpr.camera-drivers");
    signsConfig = full.getConfig("anpr.roadside-displays");
    listener = new IngestListener() {
      @Override
      public void passages(String cameraId, String channel, String outcome, int count) {
        metrics.passagesIngested(cameraId, channel, outcome, count);
      }

      @Override
      public void framesDropped(String cameraId, long count) {
        metrics.videoFramesDropped(cameraId, count);
      }
    };
    drivers = new CameraDrivers(config, layout.cameras(), new PlateHasher(full.getString("anpr.controller.plate-hash-secret")),
        listener, fallback);
  }

  /**
   * The whole configuration with the cluster roles the camera drivers announce added to {@code pekko.cluster.roles}
   * (the node's MQTT client id, for the leader that drains its session once it is removed): for the actor system.
   */
  static Config withClusterRoles(Config full) {
    List<String> roles = new ArrayList<>(full.getStringList("pekko.cluster.roles"));
    roles.addAll(CameraDrivers.clusterRoles(full.getConfig("anpr.camera-drivers")));
    return full.withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(roles));
  }

  /** This node's shared connections to the device broker (MQTT cameras). */
  void start(ActorSystem<?> system) {
    drivers.start(system);
  }

  CameraDriverFactory drivers() {
    return drivers;
  }

  /** The signs configured in {@code anpr.roadside-displays}, in front of the adapters' default signs. */
  Function<CityLayout.Display, SignDriver> signs(Function<CityLayout.Display, SignDriver> fallback) {
    return new SignDrivers(signsConfig, fallback);
  }

  /** The HTTP push routes, for every camera of the city wherever in the cluster it runs. */
  Route routes(ActorSystem<?> system, Guardian.Devices everywhere, CityLayout layout) {
    return new PassageIngestRoutes(system, id -> Optional.ofNullable(everywhere.cameras().get(id)),
        layout.cameras(), drivers.format(), PassageIngestRoutes.Settings.fromConfig(config.getConfig("http")),
        listener).routes();
  }
}
