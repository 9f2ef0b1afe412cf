package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import nl.opencordon.actors.zone.Sighting;
import nl.opencordon.domain.Plate;
import org.junit.jupiter.api.Test;

/**
 * Detours on PostgreSQL: what a declaration must name, and that a violation seen at a detoured gate in its window
 * makes no case while the same van at the zone's other gate still does.
 */
class DetoursIT {
  @Test
  void aDetourNeedsKnownGatesAndAWindowWithinTheReachBackAndStopsCasesAtItsGatesOnly() throws Exception {
    try (EnforcementOnDatabase chain = new EnforcementOnDatabase()) {
      Detours detours = chain.enforcement.lawful().detours();
      Instant now = Instant.now();
      Instant later = now.plus(Duration.ofHours(2));
      assertThrows(IllegalArgumentException.class, () -> detours.declare(Set.of(), now, later, "-", "ops"));
      assertThrows(IllegalArgumentException.class, () -> detours.declare(Set.of("ze-in"), later, now, "-", "ops"));
      assertThrows(IllegalArgumentException.class, () -> detours.declare(Set.of("elders"), now, later, "-", "ops"));
      Instant tooFarBack = now.minus(chain.enforcement.settings().erasureReachBack()).minus(Duration.ofDays(1));
      assertThrows(IllegalArgumentException.class, () -> detours.declare(Set.of("ze-in"), tooFarBack, later, "-",
          "ops"));
      assertEquals(List.of(), detours.current(), "a refused detour was stored");

      long id = detours.declare(Set.of("ze-in"), now, later, "markt", "ops").detour().id();
      Plate van = Plate.dutch("DT-001-B");
      chain.fine("c-detoured", van, "ze-1", Sighting.Source.ENTRY, now.plusSeconds(60));
      chain.fine("c-scanned", van, "scan-1", Sighting.Source.SCAN, now.plusSeconds(120));
      assertEquals(List.of("c-scanned"), chain.query("SELECT case_id FROM cases"));

      assertTrue(detours.end(id));
      assertEquals(List.of(), detours.current());
    }
  }
}
