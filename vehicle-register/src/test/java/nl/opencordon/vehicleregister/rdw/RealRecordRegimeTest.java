package nl.opencordon.vehicleregister.rdw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.Regime;
import nl.opencordon.domain.VehicleFacts;
import nl.opencordon.domain.Verdict.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The regimes on the real RDW records of TT601D (diesel Euro 5 M1) and F794KP (petrol moped, 2012), via the client's mapping. */
class RealRecordRegimeTest {
  private static RdwTestServer server;
  private static VehicleFacts car;
  private static VehicleFacts moped;

  @BeforeAll
  static void fetch() throws Exception {
    server = new RdwTestServer();
    RdwClient client = RdwClient.create(server.settings(""));
    car = client.lookup(Plate.dutch("TT601D")).toCompletableFuture().get().orElseThrow();
    moped = client.lookup(Plate.dutch("F794KP")).toCompletableFuture().get().orElseThrow();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static final LocalDate DAY = LocalDate.of(2026, 6, 1);

  @Test
  void dieselEuro5CarInMilieuzones() {
    assertEquals(Outcome.ALLOWED, new Regime.Milieuzone(4, 6, null, 40).evaluate(car, DAY).outcome()); // green
    assertEquals(Outcome.ALLOWED, new Regime.Milieuzone(5, 6, null, 40).evaluate(car, DAY).outcome()); // blue
    assertEquals(Outcome.NOT_ALLOWED, new Regime.Milieuzone(6, 6, null, 40).evaluate(car, DAY).outcome());
    // 40 years after 2013-05-17 it is a classic.
    assertEquals(Outcome.EXEMPT, new Regime.Milieuzone(6, 6, null, 40).evaluate(car, LocalDate.of(2053, 5, 17)).outcome());
  }

  @Test
  void passengerCarIsOutOfScopeOfTheZeZone() {
    Regime ze = new Regime.ZeroEmission(LocalDate.of(2025, 1, 1), LocalDate.of(2026, 12, 31),
        LocalDate.of(2027, 12, 31), LocalDate.of(2029, 12, 31));
    assertEquals(Outcome.OUT_OF_SCOPE, ze.evaluate(car, DAY).outcome());
  }

  @Test
  void mopedFirstAdmitted2012ByTheMopedRule() {
    assertEquals(Outcome.ALLOWED, new Regime.Milieuzone(4, 6, LocalDate.of(2011, 1, 1), 40).evaluate(moped, DAY).outcome());
    assertEquals(Outcome.NOT_ALLOWED,
        new Regime.Milieuzone(4, 6, LocalDate.of(2012, 8, 24), 40).evaluate(moped, DAY).outcome());
    assertEquals(Outcome.ALLOWED,
        new Regime.Milieuzone(4, 6, LocalDate.of(2012, 8, 23), 40).evaluate(moped, DAY).outcome());
  }
}
