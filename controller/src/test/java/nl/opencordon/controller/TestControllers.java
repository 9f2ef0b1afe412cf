package nl.opencordon.controller;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import nl.opencordon.domain.CityConfig;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.TestDatabase;

/** Starts controllers for tests: a fresh PostgreSQL schema, free ports, fast device health checks. */
public final class TestControllers {
  private TestControllers() {}

  /** Test overrides on top of the controller's configuration: any free port, cameras silent after 2 s. */
  public static Config config(String overrides) {
    return ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseString("""
            anpr.controller.http.port = 0
            pekko.remote.artery.canonical.port = 0
            anpr.actors.camera.silent-after = 2s
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            """))
        .withFallback(ConfigFactory.load());
  }

  public static Database freshDatabase() {
    return Database.open(TestDatabase.freshSchema());
  }

  public static CityLayout city(String hocon) {
    return CityConfig.load(ConfigFactory.parseString(hocon).resolve());
  }
}
