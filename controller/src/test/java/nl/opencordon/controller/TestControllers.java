package nl.opencordon.controller;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.display.SignDriver;
import nl.opencordon.actors.gate.VehicleRegister;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.CityBuilder;
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
  public static final String ONE_GATE_CITY = CityBuilder.named("Eenpoortstad")
      .zone("ze", "ZE-zone", CityBuilder.MOPEDS_ONLY, CityBuilder.ENFORCED_2025)
      .gate("in", "ze", "entry", 52.09, 5.11)
      .camera("in-1", "in", "A-01", "Singel", "zuid")
      .hocon();

  /** A vehicle register that knows no vehicle. */
  public static final VehicleRegister NO_VEHICLES = plate -> CompletableFuture.completedFuture(Optional.empty());

  /** What a controller without camera or sign drivers is given: a vehicle register, this node's exemptions. */
  public static Controller.Adapters adapters(VehicleRegister register, ExemptionRegistry exemptions) {
    return new Controller.Adapters(register, exemptions, CameraDriverFactory.NONE, d -> (SignDriver) null);
  }

  public static Database freshDatabase() {
    return Database.open(TestDatabase.freshSchema());
  }

  /** The zone "ze" of a test city under the national ZE-zone regime, announced, warned and enforced in 2024-25. */
  public static final String[] ZE_ZONE = {CityBuilder.NATIONAL_ZE, CityBuilder.PHASED_2025};

  /**
   * A city with one zone "ze" ({@code zone}: its regime and phases) and one entry gate "in" with the given
   * cameras, each on a site of its own.
   */
  public static CityLayout oneGateCity(String[] zone, String... cameraIds) {
    CityBuilder city = CityBuilder.named("Teststad").zone("ze", "Zone", zone).gate("in", "ze", "entry", 52.09, 5.11);
    for (int i = 0; i < cameraIds.length; i++) {
      city.camera(cameraIds[i], "in", "S-%02d".formatted(i + 1), "Singel", "zuid");
    }
    return city.layout();
  }

  /**
   * The city of the cluster tests: one zone "ze" ({@code zone}: its settings), entry gates "in-a" and "in-b",
   * each with its camera "cam-a", "cam-b"; a test adds what it needs more.
   */
  public static CityBuilder twoGates(String name, String... zone) {
    return CityBuilder.named(name).zone("ze", "ZE-zone", zone)
        .gate("in-a", "ze", "entry", 52.09, 5.11)
        .gate("in-b", "ze", "entry", 52.08, 5.12)
        .camera("cam-a", "in-a", "C-A", "Singel", "zuid")
        .camera("cam-b", "in-b", "C-B", "Gracht", "noord");
  }

  /**
   * A city from HOCON, in which {@code regime = ${national-ze-regime}} stands for a ZE-zone under the national
   * transition dates.
   */
  public static CityLayout city(String hocon) {
    return CityConfig.load(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.parseString(
        "national-ze-regime { " + CityBuilder.NATIONAL_ZE.substring("regime {".length())))
        .resolve().withoutPath("national-ze-regime"));
  }
}
