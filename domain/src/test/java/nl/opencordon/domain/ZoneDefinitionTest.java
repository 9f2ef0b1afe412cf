package nl.opencordon.domain;

import static nl.opencordon.domain.Vehicles.d;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import nl.opencordon.domain.Verdict.Outcome;
import org.junit.jupiter.api.Test;

class ZoneDefinitionTest {
  final ZoneDefinition zone = new ZoneDefinition("mz", "Milieuzone", RegimeTest.GREEN, Map.of(Phase.ENFORCEMENT,
      d("2025-01-01")), List.of(new EnforcementWindow(Set.of(DayOfWeek.values()), LocalTime.of(7, 0),
      LocalTime.of(19, 0), null)), Duration.ofDays(7), Duration.ofDays(14), List.of());
  final Instant noonLocal = Instant.parse("2026-06-03T10:00:00Z"); // 12:00 CEST
  final VehicleFacts oldDiesel = Vehicles.dieselCar("3", d("2003-01-01"));

  @Test
  void withoutFactsAPlateIsUnknownNeverAViolation() {
    ExemptionRegistry none = new ExemptionRegistry();
    Verdict foreign = zone.evaluate(Plate.of("AB123CD", "F"), null, noonLocal, none);
    Verdict dutch = zone.evaluate(Plate.dutch("ZZ999Z"), null, noonLocal, none);
    assertEquals(Outcome.UNKNOWN, foreign.outcome());
    assertEquals("foreign plate without vehicle facts", foreign.reason());
    assertEquals(Outcome.UNKNOWN, dutch.outcome());
  }

  @Test
  void aPlateExemptionTurnsAViolationIntoExemptOnlyInItsPeriod() {
    ExemptionRegistry reg = new ExemptionRegistry();
    reg.put(Exemption.forPlate("ont-9", "mz", oldDiesel.plate(), d("2026-06-03"), d("2026-06-03"), "mantelzorg"));
    assertEquals(Outcome.EXEMPT, zone.evaluate(oldDiesel.plate(), oldDiesel, noonLocal, reg).outcome());
    Instant nextDay = noonLocal.plus(Duration.ofDays(1));
    assertEquals(Outcome.NOT_ALLOWED, zone.evaluate(oldDiesel.plate(), oldDiesel, nextDay, reg).outcome());
  }

  @Test
  void outsideTheWindowNothingIsEnforced() {
    Instant lateEvening = Instant.parse("2026-06-03T18:00:00Z"); // 20:00 CEST
    assertEquals(Outcome.NOT_ENFORCED, zone.evaluate(oldDiesel.plate(), oldDiesel, lateEvening,
        new ExemptionRegistry()).outcome());
  }

  @Test
  void unresolvedVerdictsAreCountedForeignApartFromDutch() throws Exception {
    UnresolvedVehicleCounter counter = new UnresolvedVehicleCounter();
    ExemptionRegistry none = new ExemptionRegistry();
    Verdict unknown = zone.evaluate(Plate.of("AB123CD", "F"), null, noonLocal, none);
    Verdict violation = zone.evaluate(oldDiesel.plate(), oldDiesel, noonLocal, none);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<Void>> work = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        work.add(CompletableFuture.runAsync(() -> {
          for (int i = 0; i < 1000; i++) {
            counter.record("mz", Plate.of("AB123CD", "F"), unknown);
            counter.record("mz", Plate.dutch("ZZ999Z"), unknown);
            counter.record("mz", oldDiesel.plate(), violation);
          }
        }, pool));
      }
      CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get();
    } finally {
      pool.shutdownNow();
    }
    assertEquals(new UnresolvedVehicleCounter.Counts(4000, 4000), counter.counts("mz"));
    assertEquals(new UnresolvedVehicleCounter.Counts(0, 0), counter.counts("other"));
    assertEquals(Set.of("mz"), counter.snapshot().keySet());
  }
}
