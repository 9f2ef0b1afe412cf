package nl.opencordon.displays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CompletableFuture;
import nl.opencordon.actors.display.Display;
import nl.opencordon.actors.display.SignDriver;
import nl.opencordon.displays.http.HttpSignDriver;
import nl.opencordon.displays.mqtt.MqttSignDriver;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.GeoPoint;
import org.apache.pekko.Done;
import org.junit.jupiter.api.Test;

/** Each sign gets the driver its entry in anpr.roadside-displays.signs names. */
class SignDriversTest {
  private final SignDriver fallback = new SignDriver() {
    @Override
    public CompletableFuture<Done> show(Display.Message message) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }

    @Override
    public CompletableFuture<Done> ping() {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
  };
  private final SignDrivers drivers = new SignDrivers(ConfigFactory.parseString("""
      signs {
        "http-led" {driver = http, url = "http://127.0.0.1:1/sign"}
        "mqtt-led" {driver = mqtt, broker = "tcp://127.0.0.1:1"}
        "odd-led" {driver = carrier-pigeon}
      }
      """).withFallback(ConfigFactory.defaultReference().getConfig("anpr.roadside-displays")).resolve(),
      d -> fallback);

  private static CityLayout.Display display(String id) {
    return new CityLayout.Display(id, "noord", new GeoPoint(52.0, 5.0));
  }

  @Test
  void picksTheNamedDriver() {
    assertInstanceOf(HttpSignDriver.class, drivers.apply(display("http-led")));
    SignDriver mqtt = drivers.apply(display("mqtt-led"));
    assertInstanceOf(MqttSignDriver.class, mqtt);
    ((MqttSignDriver) mqtt).close();
  }

  @Test
  void signsNotListedKeepTheFallback() {
    assertSame(fallback, drivers.apply(display("other-led")));
  }

  @Test
  void anUnknownDriverNamesItsPath() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> drivers.apply(display("odd-led")));
    assertEquals("anpr.roadside-displays.signs.\"odd-led\".driver: unknown driver 'carrier-pigeon' (http or mqtt)",
        e.getMessage());
  }
}
