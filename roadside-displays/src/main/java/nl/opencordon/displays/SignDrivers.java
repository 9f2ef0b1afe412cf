package nl.opencordon.displays;

import com.typesafe.config.Config;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.function.Function;
import nl.opencordon.actors.display.SignDriver;
import nl.opencordon.displays.http.HttpSignDriver;
import nl.opencordon.displays.mqtt.MqttSignDriver;
import nl.opencordon.domain.CityLayout;

/**
 * Picks each sign's driver from {@code anpr.roadside-displays.signs.<id>}: {@code driver = http} with its
 * {@code url}, or {@code driver = mqtt} (the settings of {@code mqtt}, which the sign's entry may override).
 * Signs not listed get the fallback's driver (the simulated signs in the demo).
 */
public final class SignDrivers implements Function<CityLayout.Display, SignDriver> {
  private final Config config;
  private final Function<CityLayout.Display, SignDriver> fallback;
  private final HttpClient http;

  /** @param config {@code anpr.roadside-displays} */
  public SignDrivers(Config config, Function<CityLayout.Display, SignDriver> fallback) {
    this.config = config;
    this.fallback = fallback;
    this.http = HttpClient.newBuilder().connectTimeout(config.getDuration("http.connect-timeout")).build();
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
      case "mqtt" -> new MqttSignDriver(display.id(),
          MqttSignDriver.Settings.fromConfig(c.withFallback(config.getConfig("mqtt"))));
      default -> throw new IllegalArgumentException("anpr.roadside-displays." + path + ".driver: unknown driver '"
          + driver + "' (http or mqtt)");
    };
  }
}
