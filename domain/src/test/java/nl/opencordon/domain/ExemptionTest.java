package nl.opencordon.domain;

import static nl.opencordon.domain.Vehicles.d;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExemptionTest {
  final Exemption range = new Exemption("ont-1", "ze-centrum", null, "VX-100-B", "VX-199-B", d("2026-01-01"),
      d("2026-03-31"), "verhuizing");

  @Test
  void validFromTheFirstToTheLastDayInclusive() {
    Plate p = Plate.dutch("VX150B");
    assertFalse(range.covers("ze-centrum", p, local("2025-12-31T23:59:59")));
    assertTrue(range.covers("ze-centrum", p, local("2026-01-01T00:00")));
    assertTrue(range.covers("ze-centrum", p, local("2026-03-31T23:59:59")));
    assertFalse(range.covers("ze-centrum", p, local("2026-04-01T00:00")));
  }

  private static java.time.Instant local(String t) {
    return java.time.LocalDateTime.parse(t).atZone(Passage.LOCAL).toInstant();
  }

  @Test
  void plateRangeBoundsAreInclusiveAndLengthMustMatch() {
    assertTrue(range.covers("ze-centrum", Plate.dutch("VX100B"), noon("2026-02-01")));
    assertTrue(range.covers("ze-centrum", Plate.dutch("VX199B"), noon("2026-02-01")));
    assertFalse(range.covers("ze-centrum", Plate.dutch("VX200B"), noon("2026-02-01")));
    assertFalse(range.covers("ze-centrum", Plate.dutch("VX1500B"), noon("2026-02-01")));
    assertFalse(range.covers("ze-centrum", Plate.of("VX150B", "D"), noon("2026-02-01")), "another country");
    assertFalse(range.covers("mz-binnenstad", Plate.dutch("VX150B"), noon("2026-02-01")), "another zone");
  }

  @Test
  void aStarZoneCoversEveryZone() {
    Exemption all = Exemption.forPlate("ont-2", "*", Plate.dutch("TT601D"), d("2026-01-01"), d("2026-01-01"), "");
    assertTrue(all.covers("anything", Plate.dutch("TT-601-D"), noon("2026-01-01")));
  }

  private static java.time.Instant noon(String day) {
    return d(day).atTime(12, 0).atZone(Passage.LOCAL).toInstant();
  }

  @Test
  void badRangesAndPeriodsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Exemption("x", "z", null, "VX199B", "VX100B",
        d("2026-01-01"), d("2026-01-02"), ""));
    assertThrows(IllegalArgumentException.class, () -> new Exemption("x", "z", null, "VX100B", null,
        d("2026-01-02"), d("2026-01-01"), ""));
    assertThrows(IllegalArgumentException.class, () -> new Exemption("x", "z", null, "VX100B", null,
        d("2026-01-02").atStartOfDay(), d("2026-01-02").atStartOfDay(), ""), "an empty period");
  }
}
