package nl.opencordon.controller;

import com.typesafe.config.Config;
import java.time.Instant;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nl.opencordon.cameradrivers.sim.Fleet;
import nl.opencordon.cameradrivers.sim.SimulatorControl;
import nl.opencordon.cameradrivers.sim.TrafficSimulator;
import nl.opencordon.displays.sim.SimulatedSigns;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Exemption;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.PlateHasher;
import nl.opencordon.domain.ZoneDefinition;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.exemptions.ExemptionRepository;

/**
 * The demo city's outside world: a fleet drawn from a real traffic mix drives past simulated cameras, the
 * fleet doubles as the vehicle register, simulated LED signs show verdicts, and a share of the
 * non-compliant vehicles hold an exemption, stored in the demo's database as operations would (the gates read
 * them from there, like any other).
 */
public record DemoCity(Fleet fleet, SimulatorControl cameras, SimulatedSigns signs, ExemptionRegistry exemptions,
                       Controller.Adapters adapters) {

  public static DemoCity create(CityLayout layout, PlateHasher hasher, Config demo, Database database)
      throws SQLException {
    long seed = demo.getLong("seed");
    Fleet fleet = Fleet.generate(demo.getInt("fleet-size"), seed);
    ExemptionRegistry exemptions = new ExemptionRegistry();
    Random random = new Random(seed);
    LocalDate today = LocalDate.now(Passage.LOCAL);
    double exemptShare = demo.getDouble("exempt-share");
    List<Exemption> stored = new ArrayList<>();
    for (ZoneDefinition zone : layout.zones()) {
      for (Fleet.Vehicle v : fleet.vehicles()) {
        boolean violates = v.facts().map(f -> zone.evaluate(v.plate(), f, Instant.now(), exemptions).isViolation())
            .orElse(false);
        if (violates && random.nextDouble() < exemptShare) {
          stored.add(Exemption.forPlate("demo-" + v.plate().text(), zone.id(), v.plate(), today.minusDays(30),
              today.plusDays(335), "ontheffing bevoorrading (demo)"));
        }
      }
    }
    new ExemptionRepository(database.dataSource()).addAll(stored);
    SimulatorControl control = new SimulatorControl();
    SimulatedSigns signs = new SimulatedSigns();
    Controller.Adapters adapters = new Controller.Adapters(fleet::lookup, exemptions,
        TrafficSimulator.factory(fleet, hasher, control, demo.getDouble("passages-per-camera-per-second"), seed),
        d -> signs.driverFor(d.id()));
    return new DemoCity(fleet, control, signs, exemptions, adapters);
  }
}
