package nl.opencordon.controller.insight;

import com.typesafe.config.Config;
import nl.opencordon.controller.Controller;
import nl.opencordon.controller.DemoCity;
import nl.opencordon.controller.TestControllers;
import nl.opencordon.domain.CityConfig;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.PlateHasher;
import nl.opencordon.persistence.Database;

/** A controller running the demo city (simulated cameras, signs, register) on a fresh schema. */
record DemoController(Controller controller, Database database) implements AutoCloseable {

  /** What a test sets up before the controller starts: the database's contents, the simulator's cameras. */
  @FunctionalInterface
  interface Preparation {
    void prepare(DemoCity demo, Database database) throws Exception;
  }

  static DemoController start(String overrides, Preparation before) throws Exception {
    Config config = TestControllers.config(overrides);
    CityLayout layout = CityConfig.load(config.getConfig("anpr.city"));
    Database database = TestControllers.freshDatabase();
    DemoCity demo = DemoCity.create(layout, new PlateHasher(config.getString("anpr.controller.plate-hash-secret")),
        config.getConfig("anpr.demo"), database);
    before.prepare(demo, database);
    return new DemoController(Controller.start(config, database, layout, demo.adapters()), database);
  }

  @Override
  public void close() throws Exception {
    controller.close();
    database.close();
  }
}
