package nl.opencordon.controller;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.display.SignDriver;
import nl.opencordon.domain.ExemptionRegistry;
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
        .withFallback(ConfigFactory.load("demo"));
  }

  /** A closed area with one gate and one camera, open to mopeds only. */
  public static final String ONE_GATE_CITY = """
      name = "Eenpoortstad"
      zones = [{
        id = "ze", name = "ZE-zone", recidive-term = 7d, warning-interval = 28d
        regime { type = closed-area, allowed-categories = [MOPED] }
        phases { enforcement = "2025-01-01" }
      }]
      gates = [{id = "in", zone = "ze", kind = entry, position = [52.09, 5.11]}]
      cameras = [{id = "in-1", gate = "in", site {location-code = "A-01", street = "Singel", direction = "zuid", position = [52.09, 5.11]}}]
      displays = []
      """;

  /** A controller on {@link #ONE_GATE_CITY} whose register knows no vehicle, no exemptions, no drivers. */
  public static Controller startOneGateCity(Database database) throws Exception {
    return Controller.start(config(""), database, city(ONE_GATE_CITY),
        new Controller.Adapters(p -> CompletableFuture.completedFuture(Optional.empty()), new ExemptionRegistry(),
            CameraDriverFactory.NONE, d -> (SignDriver) null));
  }

  public static Database freshDatabase() {
    return Database.open(TestDatabase.freshSchema());
  }

  /** The zone "ze" of a test city under the national ZE-zone regime, announced, warned and enforced in 2024-25. */
  public static final String ZE_ZONE = """
      regime = ${national-ze-regime}
      phases { announcement = "2024-07-01", warning = "2024-10-01", enforcement = "2025-01-01" }
      """;

  /**
   * A city with one zone "ze" ({@code zone}: its regime and phases) and one entry gate "in" with the given
   * cameras, each on a site of its own.
   */
  public static CityLayout oneGateCity(String zone, String... cameraIds) {
    StringBuilder cameras = new StringBuilder();
    for (int i = 0; i < cameraIds.length; i++) {
      cameras.append("{id = \"%s\", gate = \"in\", site {location-code = \"S-%02d\", street = \"Singel\", "
          .formatted(cameraIds[i], i + 1)).append("direction = \"zuid\", position = [52.09, 5.11]}}\n");
    }
    return city("""
        name = "Teststad"
        zones = [{ id = "ze", name = "Zone", recidive-term = 7d, warning-interval = 28d
        %s}]
        gates = [{id = "in", zone = "ze", kind = entry, position = [52.09, 5.11]}]
        cameras = [
        %s]
        displays = []
        """.formatted(zone, cameras));
  }

  /**
   * A city from HOCON, in which {@code regime = ${national-ze-regime}} stands for a ZE-zone under the national
   * transition dates.
   */
  public static CityLayout city(String hocon) {
    return CityConfig.load(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.parseString("""
            national-ze-regime { type = zero-emission, new-registration-cutoff = "2025-01-01",
              van-euro5-last-day = "2026-12-31", van-euro6-last-day = "2027-12-31", heavy-euro6-last-day = "2029-12-31" }
            """)).resolve().withoutPath("national-ze-regime"));
  }
}
