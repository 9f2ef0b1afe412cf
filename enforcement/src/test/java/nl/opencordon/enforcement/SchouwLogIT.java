package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The monthly sign inspection (schouw) log on PostgreSQL. */
class SchouwLogIT {
  @Test
  void theSchouwLogKeepsEveryInspectionPerGate() throws Exception {
    try (EnforcementOnDatabase chain = new EnforcementOnDatabase()) {
      SignProblems signs = chain.enforcement.signs();
      Instant at = Instant.parse("2025-06-02T08:00:00Z");
      signs.inspect("ze-in", at, "schouwer", true, "juni: alle borden in orde");
      signs.inspect("ze-in", at.plus(Duration.ofDays(30)), "schouwer", false, "juli: bord C22a scheef");
      assertEquals(List.of(false, true), signs.inspections("ze-in").stream().map(i -> i.signsOk()).toList());
      assertEquals(List.of(), signs.inspections("ze-scan"));
    }
  }
}
