package nl.opencordon.controller;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.persistence.Database;
import nl.opencordon.vehicleregister.rdw.RdwClient;
import nl.opencordon.vehicleregister.rdw.RdwMirror;
import nl.opencordon.vehicleregister.rdw.RdwSettings;
import nl.opencordon.vehicleregister.rdw.RdwVehicleRegister;

/**
 * The outside world of a real city: vehicle facts from the RDW mirror in PostgreSQL with the RDW API filling
 * gaps, exemptions from PostgreSQL (the controller keeps the gates' copy current), cameras only through their configured drivers (the others push over
 * HTTP) and signs only through theirs ({@link ConfigCheck} refuses a display without one).
 */
public final class ProductionWorld implements Node.World {
  private final Config config;

  public ProductionWorld(Config config) {
    this.config = config;
  }

  @Override
  public Controller.Adapters adapters(Database database, List<AutoCloseable> toClose) throws Exception {
    RdwSettings rdw = RdwSettings.fromConfig(config.getConfig("anpr.vehicle-register.rdw"));
    // mirror lookups are blocking JDBC: threads of their own, so the actors' dispatchers never wait on them
    ExecutorService mirrorLookups = Executors.newFixedThreadPool(Math.max(2, database.settings().poolSize() / 2),
        r -> {
          Thread t = new Thread(r, "rdw-mirror");
          t.setDaemon(true);
          return t;
        });
    toClose.add(mirrorLookups::shutdownNow);
    RdwClient api = RdwClient.create(rdw);
    RdwVehicleRegister register = new RdwVehicleRegister(new RdwMirror(database.dataSource()), api, mirrorLookups);
    return new Controller.Adapters(register::lookup, new ExemptionRegistry(), (camera, self) -> Optional.empty(), display -> {
      throw new IllegalStateException("display " + display.id() + " has no sign driver in anpr.roadside-displays");
    }, () -> api.breakerState().name().toLowerCase(), api::lookup);
  }
}
