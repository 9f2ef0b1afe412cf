package nl.opencordon.controller;

import com.typesafe.config.Config;
import nl.opencordon.domain.CityConfig;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.PlateHasher;
import nl.opencordon.persistence.Database;

/**
 * A controller running {@code city} on a fresh PostgreSQL schema of its own, closed together with it: what a test
 * class starts once.
 */
public record ControllerOnDatabase(Controller controller, Database database, CityLayout city) implements AutoCloseable {

  /** What a test sets up before the demo city's controller starts: the database's contents, the simulator's cameras. */
  @FunctionalInterface
  public interface Preparation {
    void prepare(DemoCity demo, Database database) throws Exception;
  }

  public static ControllerOnDatabase start(Config config, CityLayout city, Controller.Adapters adapters)
      throws Exception {
    Database database = TestControllers.freshDatabase();
    return new ControllerOnDatabase(Controller.start(config, database, city, adapters), database, city);
  }

  /**
   * {@link TestControllers#ONE_GATE_CITY} with {@code overrides} over the test configuration; its register knows no
   * vehicle, there are no exemptions and no drivers.
   */
  public static ControllerOnDatabase oneGateCity(String overrides) throws Exception {
    return start(TestControllers.config(overrides), TestControllers.city(TestControllers.ONE_GATE_CITY),
        TestControllers.adapters(TestControllers.NO_VEHICLES, new ExemptionRegistry()));
  }

  /**
   * The demo city (simulated cameras, signs and register) with a fleet of 400 vehicles, enough for every camera to
   * count, and {@code overrides} over the test configuration.
   */
  public static ControllerOnDatabase demoCity(String overrides, Preparation before) throws Exception {
    Config config = TestControllers.config(overrides + "\nanpr.demo.fleet-size = 400\n");
    CityLayout layout = CityConfig.load(config.getConfig("anpr.city"));
    Database database = TestControllers.freshDatabase();
    DemoCity demo = DemoCity.create(layout, new PlateHasher(config.getString("anpr.controller.plate-hash-secret")),
        config.getConfig("anpr.demo"), database);
    before.prepare(demo, database);
    return new ControllerOnDatabase(Controller.start(config, database, layout, demo.adapters()), database, layout);
  }

  public int port() {
    return controller.httpPort();
  }

  @Override
  public void close() throws Exception {
    controller.close();
    database.close();
  }
}
