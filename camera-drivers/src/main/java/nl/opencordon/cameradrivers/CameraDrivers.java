package nl.opencordon.cameradrivers;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Optional;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.cameradrivers.mqtt.MqttCameraDriver;
import nl.opencordon.cameradrivers.video.VideoCameraDriver;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.PlateHasher;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * Picks each camera's driver from {@code anpr.camera-drivers.cameras.<id>.driver}: {@code mqtt},
 * {@code video} (with a {@code url}) or {@code http} (push only, no driver). Cameras not listed get the
 * fallback's driver: the traffic simulator in the demo, none (push only) in production. Every camera can
 * push over HTTP whatever its driver.
 */
public final class CameraDrivers implements CameraDriverFactory {
  private final Config config;
  private final PlateHasher hasher;
  private final PassageFormat format;
  private final IngestListener listener;
  private final CameraDriverFactory fallback;

  /** @param config {@code anpr.camera-drivers} */
  public CameraDrivers(Config config, PlateHasher hasher, IngestListener listener, CameraDriverFactory fallback) {
    this.config = config;
    this.hasher = hasher;
    this.format = new PassageFormat(hasher);
    this.listener = listener;
    this.fallback = fallback;
  }

  /**
   * What is wrong with {@code anpr.camera-drivers} for this city, each problem with its path; empty when
   * every listed camera exists and its driver's settings can be read.
   */
  public static List<String> problems(Config config, CityLayout layout) {
    List<String> problems = new ArrayList<>();
    Set<String> cameras = layout.cameras().stream().map(CityLayout.Camera::id).collect(Collectors.toSet());
    Config listed = config.getConfig("cameras");
    for (String id : listed.root().keySet()) {
      String path = "anpr.camera-drivers.cameras.\"" + id + "\"";
      if (!cameras.contains(id)) {
        problems.add(path + ": no camera '" + id + "' in anpr.city.cameras");
        continue;
      }
      try {
        Config c = listed.getConfig("\"" + id + "\"");
        switch (c.getString("driver")) {
          case "http" -> { }
          case "mqtt" -> {
            MqttCameraDriver.Settings.fromConfig(c.withFallback(config.getConfig("mqtt")));
            // the id is a topic level: a wildcard would subscribe to other cameras' passages
            if (id.matches(".*[+#/].*")) {
              problems.add(path + ": an MQTT camera's id must not hold '+', '#' or '/'");
            }
          }
          case "video" -> VideoCameraDriver.Settings.fromConfig(c.withFallback(config.getConfig("video")),
              c.getString("url"));
          default -> problems.add(path + ".driver: unknown driver '" + c.getString("driver")
              + "' (http, mqtt or video)");
        }
      } catch (ConfigException e) {
        problems.add(path + ": " + e.getMessage());
      }
    }
    for (String id : config.getConfig("http.api-keys").root().keySet()) {
      if (!cameras.contains(id)) {
        problems.add("anpr.camera-drivers.http.api-keys.\"" + id + "\": no camera '" + id + "' in anpr.city.cameras");
      }
    }
    return problems;
  }

  public PassageFormat format() {
    return format;
  }

  @Override
  public Optional<Behavior<?>> driverFor(CityLayout.Camera camera, ActorRef<Camera.Command> self) {
    String path = "cameras.\"" + camera.id() + "\"";
    if (!config.hasPath(path)) {
      return fallback.driverFor(camera, self);
    }
    Config c = config.getConfig(path);
    String driver = c.getString("driver");
    return switch (driver) {
      case "http" -> Optional.empty();
      case "mqtt" -> Optional.of(MqttCameraDriver.create(camera, self,
          MqttCameraDriver.Settings.fromConfig(c.withFallback(config.getConfig("mqtt"))), format, listener));
      case "video" -> Optional.of(VideoCameraDriver.create(camera, self,
          VideoCameraDriver.Settings.fromConfig(c.withFallback(config.getConfig("video")), c.getString("url")),
          hasher));
      default -> throw new IllegalArgumentException("anpr.camera-drivers." + path + ".driver: unknown driver '"
          + driver + "' (http, mqtt or video)");
    };
  }
}
