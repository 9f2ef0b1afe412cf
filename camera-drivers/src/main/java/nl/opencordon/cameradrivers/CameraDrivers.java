package nl.opencordon.cameradrivers;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.mqtt.MqttConnection;
import nl.opencordon.cameradrivers.mqtt.MqttCameraDriver;
import nl.opencordon.cameradrivers.mqtt.MqttCameras;
import nl.opencordon.cameradrivers.mqtt.MqttSessionDrains;
import nl.opencordon.cameradrivers.video.VideoCameraDriver;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.PlateHasher;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.Member;

/**
 * Picks each camera's driver from {@code anpr.camera-drivers.cameras.<id>.driver}: {@code mqtt},
 * {@code video} (with a {@code url}) or {@code http} (push only, no driver). Cameras not listed get the
 * fallback's driver: the traffic simulator in the demo, none (push only) in production. Every camera can
 * push over HTTP whatever its driver. The MQTT cameras of a node share one connection per broker
 * ({@link MqttCameras}), started when the first of them starts here.
 */
public final class CameraDrivers implements CameraDriverFactory {
  /** The cluster role in which a node announces its configured MQTT client id: {@code mqtt-client-id=<id>}. */
  private static final String CLIENT_ID_ROLE = "mqtt-client-id=";

  private final Config config;
  private final PlateHasher hasher;
  private final PassageFormat format;
  private final IngestListener listener;
  private final CameraDriverFactory fallback;
  private final Map<String, CityLayout.Camera> cameras;
  // per node on purpose: each node holds its own connection and broker session (docs/devices.md)
  private final Map<MqttConnection.Settings, ActorRef<MqttCameras.Command>> connections = new HashMap<>();

  /** @param config {@code anpr.camera-drivers}; {@code cameras} those of the city */
  public CameraDrivers(Config config, List<CityLayout.Camera> cameras, PlateHasher hasher, IngestListener listener,
                       CameraDriverFactory fallback) {
    this.config = config;
    this.cameras = cameras.stream().collect(Collectors.toMap(CityLayout.Camera::id, c -> c));
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
            Config mqtt = c.withFallback(config.getConfig("mqtt"));
            MqttCameras.Settings.fromConfig(mqtt);
            connection(mqtt);
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

  /**
   * The cluster roles a node with this configuration announces (added to {@code pekko.cluster.roles} before its
   * actor system starts): its configured MQTT client id, which the other nodes cannot derive from its address, so
   * that the leader can drain its session once it is removed. None with the default id.
   *
   * @param config {@code anpr.camera-drivers}
   */
  public static List<String> clusterRoles(Config config) {
    String id = config.getString("mqtt.client-id");
    return id.isEmpty() ? List.of() : List.of(CLIENT_ID_ROLE + id);
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
      case "mqtt" -> {
        MqttConnection.Settings connection = connection(c.withFallback(config.getConfig("mqtt")));
        yield Optional.of(MqttCameraDriver.create(camera.id(), self, system -> node(system, connection)));
      }
      case "video" -> Optional.of(VideoCameraDriver.create(camera, self,
          VideoCameraDriver.Settings.fromConfig(c.withFallback(config.getConfig("video")), c.getString("url")),
          hasher, listener));
      default -> throw new IllegalArgumentException("anpr.camera-drivers." + path + ".driver: unknown driver '"
          + driver + "' (http, mqtt or video)");
    };
  }

  /** The connection of a camera's settings, as a key: the client id is the prefix until the node names it. */
  private static MqttConnection.Settings connection(Config mqtt) {
    return MqttConnection.Settings.fromConfig(mqtt, mqtt.getString("client-id-prefix"), false);
  }

  /**
   * Starts this node's connections for the MQTT cameras (one per broker and user), and has the sessions of nodes
   * that leave the cluster drained: under the client id a node announced in its roles, else the default one of its
   * address (also for a node of a version that announced none).
   */
  public void start(ActorSystem<?> system) {
    Set<MqttConnection.Settings> keys = mqttCameras().keySet();
    keys.forEach(k -> node(system, k));
    if (!keys.isEmpty()) {
      system.systemActorOf(MqttSessionDrains.create(gone -> keys.forEach(k -> system.systemActorOf(
              MqttCameras.drain(k.withClientId(clientId(k, announcedClientId(gone), gone.address())),
                  mqttCameras().get(k), format,
                  listener, config.getDuration("mqtt.let-go")),
              "mqtt-drain-" + UUID.randomUUID(), Props.empty()))),
          "mqtt-session-drains", Props.empty());
    }
  }

  /**
   * This node's connection for cameras with these settings, started on first use. Its client id stays the same
   * over restarts of the node, for the broker keeps the session (unacknowledged messages) under it: the
   * configured {@code client-id}, else {@code <client-id-prefix>-<cluster host>-<port>}.
   */
  private synchronized ActorRef<MqttCameras.Command> node(ActorSystem<?> system, MqttConnection.Settings key) {
    return connections.computeIfAbsent(key, k -> system.systemActorOf(MqttCameras.create(
            k.withClientId(clientId(k, config.getString("mqtt.client-id"), system.address())),
            mqttCameras().get(k), format, listener,
            config.getDuration("mqtt.let-go")),
        "mqtt-cameras-" + connections.size(), Props.empty()));
  }

  /**
   * A node's client id for the connection of {@code key}: the {@code configured} one, else the default of its
   * address. A camera with settings of its own (another broker or user) gets a connection of its own, its id
   * suffixed.
   */
  private String clientId(MqttConnection.Settings key, String configured, Address node) {
    String id = configured.isEmpty() ? key.clientId() + "-" + nodeName(node) : configured;
    return key.equals(connection(config.getConfig("mqtt"))) ? id : id + "-" + Integer.toHexString(
        key.toString().hashCode());
  }

  /** The client id a member announced in its roles ({@link #clusterRoles}); empty where it announced none. */
  private static String announcedClientId(Member member) {
    return member.getRoles().stream().filter(role -> role.startsWith(CLIENT_ID_ROLE))
        .map(role -> role.substring(CLIENT_ID_ROLE.length())).findFirst().orElse("");
  }

  /** The MQTT cameras of the city, by their connection's settings. */
  private Map<MqttConnection.Settings, Map<String, MqttCameras.MqttCamera>> mqttCameras() {
    Map<MqttConnection.Settings, Map<String, MqttCameras.MqttCamera>> all = new HashMap<>();
    Config listed = config.getConfig("cameras");
    for (String cameraId : listed.root().keySet()) {
      Config c = listed.getConfig("\"" + cameraId + "\"").withFallback(config.getConfig("mqtt"));
      if (c.getString("driver").equals("mqtt") && cameras.containsKey(cameraId)) {
        all.computeIfAbsent(connection(c), k -> new HashMap<>()).put(cameraId,
            new MqttCameras.MqttCamera(cameras.get(cameraId), MqttCameras.Settings.fromConfig(c)));
      }
    }
    return all;
  }

  private static String nodeName(Address address) {
    return address.getHost().map(host -> host + "-" + address.getPort().orElse(0)).orElse(address.system());
  }
}
