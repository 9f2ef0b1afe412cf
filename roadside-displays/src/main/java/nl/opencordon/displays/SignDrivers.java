package nl.opencordon.displays;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.function.Function;
import nl.opencordon.actors.display.SignDriver;
import nl.opencordon.actors.mqtt.MqttConnection;
import nl.opencordon.displays.http.HttpSignDriver;
import nl.opencordon.displays.mqtt.MqttSignDriver;
import nl.opencordon.domain.CityLayout;

/**
 * Picks each sign's driver from {@code anpr.roadside-displays.signs.<id>}: {@code driver = http} with its
 * {@code url}, or {@code driver = mqtt} (the settings of {@code mqtt}, which the sign's entry may override).
 * Signs not listed get the fallback's driver (the simulated signs in the demo). The MQTT signs share one
 * connection per broker, open while any of them runs.
 */
public final class SignDrivers implements Function<CityLayout.Display, SignDriver> {
  private final Config config;
  private final Function<CityLayout.Display, SignDriver> fallback;
  private final HttpClient http;
  // per node on purpose: each node publishes to its own signs over a connection of its own
  private final Map<MqttConnection.Settings, Shared> connections = new HashMap<>();

  /** A connection and how many signs use it. */
  private static final class Shared {
    final MqttConnection connection;
    int users;

    Shared(MqttConnection connection) {
      this.connection = connection;
    }
  }

  /** @param config {@code anpr.roadside-displays} */
  public SignDrivers(Config config, Function<CityLayout.Display, SignDriver> fallback) {
    this.config = config;
    this.fallback = fallback;
    this.http = HttpClient.newBuilder().connectTimeout(config.getDuration("http.connect-timeout")).build();
  }

  /**
   * What is wrong with {@code anpr.roadside-displays} for a city without simulated signs: every display needs
   * a driver, and every listed sign a display.
   */
  public static List<String> problems(Config config, CityLayout layout) {
    List<String> problems = new ArrayList<>();
    Config signs = config.getConfig("signs");
    Set<String> displays = new HashSet<>();
    for (CityLayout.Display d : layout.displays()) {
      displays.add(d.id());
      String path = "anpr.roadside-displays.signs.\"" + d.id() + "\"";
      if (!signs.hasPath("\"" + d.id() + "\"")) {
        problems.add(path + ": display '" + d.id() + "' has no sign driver (driver = http with its url, or mqtt)");
        continue;
      }
      try {
        Config c = signs.getConfig("\"" + d.id() + "\"");
        switch (c.getString("driver")) {
          case "http" -> URI.create(c.getString("url")).toURL();
          case "mqtt" -> {
            connection(c.withFallback(config.getConfig("mqtt")));
            // the id is a topic level: a wildcard or a slash would publish to other signs' topics
            if (d.id().matches(".*[+#/].*")) {
              problems.add(path + ": an MQTT sign's id must not hold '+', '#' or '/'");
            }
          }
          default -> problems.add(path + ".driver: unknown driver '" + c.getString("driver") + "' (http or mqtt)");
        }
      } catch (ConfigException | IllegalArgumentException | java.net.MalformedURLException e) {
        problems.add(path + ": " + e.getMessage());
      }
    }
    signs.root().keySet().stream().filter(id -> !displays.contains(id)).forEach(id -> problems.add(
        "anpr.roadside-displays.signs.\"" + id + "\": no display '" + id + "' in anpr.city.displays"));
    return problems;
  }

  @Override
  public SignDriver apply(CityLayout.Display display) {
    String path = "signs.\"" + display.id() + "\"";
    if (!config.hasPath(path)) {
      return fallback.apply(display);
    }
    Config c = config.getConfig(path);
    String driver = c.getString("driver");
    return switch (driver) {
      case "http" -> new HttpSignDriver(http, URI.create(c.getString("url")),
          c.withFallback(config.getConfig("http")).getDuration("request-timeout"));
      case "mqtt" -> {
        Config mqtt = c.withFallback(config.getConfig("mqtt"));
        MqttConnection.Settings key = connection(mqtt);
        yield new MqttSignDriver(display.id(), MqttSignDriver.topic(mqtt, display.id()),
            acquire(key), () -> release(key));
      }
      default -> throw new IllegalArgumentException("anpr.roadside-displays." + path + ".driver: unknown driver '"
          + driver + "' (http or mqtt)");
    };
  }

  /** A sign's connection settings, as a key: the client id is the prefix until the connection opens. */
  private static MqttConnection.Settings connection(Config mqtt) {
    return MqttConnection.Settings.fromConfig(mqtt, mqtt.getString("client-id-prefix"), true);
  }

  /**
   * A clean session publishes only, so its client id need not survive a restart: the prefix and a random suffix,
   * unique per node and per broker.
   */
  private synchronized MqttConnection acquire(MqttConnection.Settings key) {
    Shared shared = connections.computeIfAbsent(key, k -> new Shared(new MqttConnection(
        k.withClientId(k.clientId() + "-" + UUID.randomUUID().toString().substring(0, 8)),
        new MqttConnection.Listener() {})));
    shared.users++;
    return shared.connection;
  }

  private synchronized void release(MqttConnection.Settings key) {
    Shared shared = connections.get(key);
    if (shared != null && --shared.users == 0) {
      connections.remove(key);
      shared.connection.close();
    }
  }
}
