package nl.opencordon.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import nl.opencordon.domain.CityConfig;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Regime;
import nl.opencordon.security.Users;
import org.junit.jupiter.api.Test;

/** conf/example-city.conf is a city that loads, whose devices all have a driver, and whose users parse. */
class ExampleCityTest {
  private static final Config CITY = ConfigFactory.parseFile(new File("src/dist/conf/example-city.conf"))
      .withFallback(ConfigFactory.defaultReference()).resolve();

  @Test
  void theCityLoads() {
    CityLayout layout = CityConfig.load(CITY.getConfig("anpr.city"));
    assertEquals(1, layout.zones().size());
    assertTrue(layout.zones().get(0).regime() instanceof Regime.ZeroEmission);
    assertEquals(3, layout.gates().size());
  }

  @Test
  void everyCameraAndSignHasADriverAndEachKindIsShown() {
    CityLayout layout = CityConfig.load(CITY.getConfig("anpr.city"));
    Config cameras = CITY.getConfig("anpr.camera-drivers.cameras");
    Config signs = CITY.getConfig("anpr.roadside-displays.signs");
    assertEquals(ids(layout.cameras().stream().map(CityLayout.Camera::id)), cameras.root().keySet());
    assertEquals(ids(layout.displays().stream().map(CityLayout.Display::id)), signs.root().keySet());
    assertEquals(Set.of("mqtt", "http"), drivers(cameras));
    assertEquals(Set.of("mqtt", "http"), drivers(signs));
  }

  @Test
  void usersParseAndTheMunicipalityIsSet() {
    Users.fromConfig(CITY.getConfigList("anpr.controller.users"), Duration.ofMinutes(1));
    assertEquals(4, CITY.getConfigList("anpr.controller.users").size());
    assertFalse(CITY.getString("anpr.enforcement.municipality").isBlank());
  }

  private static Set<String> ids(java.util.stream.Stream<String> ids) {
    return ids.collect(Collectors.toSet());
  }

  private static Set<String> drivers(Config devices) {
    return devices.root().keySet().stream().map(id -> devices.getString("\"" + id + "\".driver"))
        .collect(Collectors.toSet());
  }
}
