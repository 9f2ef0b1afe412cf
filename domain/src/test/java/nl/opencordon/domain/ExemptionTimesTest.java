package nl.opencordon.domain;

import static nl.opencordon.domain.Vehicles.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import nl.opencordon.domain.Verdict.Outcome;
import org.junit.jupiter.api.Test;

/**
 * Exemptions by the clock (issue 24 item 4): a time of day at both ends, the ZE day exemption of rule EX-1
 * (00:00 on its day until 06:00 the next day, 30 h, may be requested afterwards on the same day), date-only
 * input that keeps its meaning, and the hold of a ZE-zone's cases until that day's exemptions can have
 * arrived (06:00 the next day). Local times are Europe/Amsterdam.
 */
class ExemptionTimesTest {
  private static final Plate VAN = Plate.dutch("VD-101-X");
  private final Exemption dayExemption = Exemption.day("dag-1", "ze", null, "VD-101-X", null, d("2026-12-07"),
      "dagontheffing");

  @Test
  void theDayExemptionHoldsFromMidnightOnItsDayUntilSixTheNextMorning() {
    assertEquals(LocalDateTime.parse("2026-12-07T00:00"), dayExemption.validFrom());
    assertEquals(LocalDateTime.parse("2026-12-08T06:00"), dayExemption.validUntil());
    assertEquals(Duration.ofHours(30), Duration.between(dayExemption.validFrom(), dayExemption.validUntil()));
    assertFalse(dayExemption.covers("ze", VAN, local("2026-12-06T23:59:59")));
    assertTrue(dayExemption.covers("ze", VAN, local("2026-12-07T00:00")));
    assertTrue(dayExemption.covers("ze", VAN, local("2026-12-07T23:59")));
    assertTrue(dayExemption.covers("ze", VAN, local("2026-12-08T00:00")));
    assertTrue(dayExemption.covers("ze", VAN, local("2026-12-08T05:59:59")));
    assertFalse(dayExemption.covers("ze", VAN, local("2026-12-08T06:00")));
  }

  @Test
  void aDayExemptionRequestedAfterwardsOnTheSameDayExemptsThatMorningsPassage() {
    ZoneDefinition zone = zeZone();
    Instant morning = local("2026-12-07T08:10");
    ExemptionRegistry registry = new ExemptionRegistry();
    VehicleFacts van = Vehicles.dieselVan("4", d("2008-01-01"));
    assertEquals(Outcome.NOT_ALLOWED, zone.evaluate(VAN, van, morning, registry).outcome(), "a van that may not enter");

    // requested at 15:00 the same day: the record has no request time, it covers the whole day from 00:00
    registry.put(Exemption.entered("dag-1", "ze", "NL", "VD-101-X", null, Exemption.Kind.of("day"),
        "2026-12-07", null, "dagontheffing, 's middags aangevraagd"));
    assertEquals(Outcome.EXEMPT, zone.evaluate(VAN, van, morning, registry).outcome());
    assertEquals(Outcome.NOT_ALLOWED, zone.evaluate(VAN, van, local("2026-12-08T06:00"), registry).outcome());
  }

  @Test
  void aDateAloneKeepsItsMeaningAndATimeIsTakenAsWritten() {
    assertEquals(LocalDateTime.parse("2026-12-07T00:00"), Exemption.startOf("2026-12-07"));
    assertEquals(LocalDateTime.parse("2026-12-08T00:00"), Exemption.endOf("2026-12-07"), "a date is its last day");
    assertEquals(LocalDateTime.parse("2026-12-08T00:00"), Exemption.endOf("2026-12-07T24:00"));
    assertEquals(LocalDateTime.parse("2026-12-07T06:00"), Exemption.endOf("2026-12-07 06:00"));
    assertEquals(LocalDateTime.parse("2026-12-07T07:30:15"), Exemption.startOf("2026-12-07T07:30:15"));

    Exemption days = Exemption.entered("p-1", "ze", null, "VD-101-X", null, Exemption.Kind.PERIOD, "2026-12-01",
        "2026-12-07", "");
    assertTrue(days.covers("ze", VAN, local("2026-12-07T23:59")));
    assertTrue(days.covers("ze", VAN, local("2026-12-07T23:59:59")));
    assertFalse(days.covers("ze", VAN, local("2026-12-08T00:00")));
    assertFalse(days.covers("ze", VAN, local("2026-11-30T23:59:59")));

    Exemption morning = Exemption.entered("p-2", "ze", null, "VD-101-X", null, null, "2026-12-07T07:00",
        "2026-12-07T09:30", "");
    assertFalse(morning.covers("ze", VAN, local("2026-12-07T06:59:59")));
    assertTrue(morning.covers("ze", VAN, local("2026-12-07T07:00")));
    assertTrue(morning.covers("ze", VAN, local("2026-12-07T09:29:59")));
    assertFalse(morning.covers("ze", VAN, local("2026-12-07T09:30")));
  }

  @Test
  void aDayExemptionTakesItsDayOnlyAndNonsenseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Exemption.entered("d", "ze", null, "VD-101-X", null,
        Exemption.Kind.DAY, "2026-12-07", "2026-12-09", ""));
    assertThrows(IllegalArgumentException.class, () -> Exemption.Kind.of("week"));
    assertThrows(java.time.DateTimeException.class, () -> Exemption.startOf("07-12-2026"));
    assertThrows(java.time.DateTimeException.class, () -> Exemption.endOf(""));
    assertThrows(IllegalArgumentException.class, () -> Exemption.entered("p", "ze", null, "VD-101-X", null,
        Exemption.Kind.PERIOD, "2026-12-07T10:00", "2026-12-07T10:00", ""), "an empty period");
  }

  @Test
  void aZeZoneHoldsItsCasesUntilSixTheNextMorningWhenTheDaysExemptionsCanHaveArrived() {
    ZoneDefinition zone = zeZone();
    assertTrue(zone.awaitDayExemptions(), "on by default in a ZE-zone");
    assertEquals(local("2026-12-08T06:00"), zone.holdUntil(local("2026-12-07T00:00")));
    assertEquals(local("2026-12-08T06:00"), zone.holdUntil(local("2026-12-07T08:10")));
    assertEquals(local("2026-12-08T06:00"), zone.holdUntil(local("2026-12-07T23:59:59")));
    assertEquals(local("2026-12-09T06:00"), zone.holdUntil(local("2026-12-08T00:00")));
    // the night the clocks go back: 06:00 is still local time (CET, +01:00)
    assertEquals(Instant.parse("2026-10-25T05:00:00Z"), zone.holdUntil(local("2026-10-24T12:00")));
  }

  @Test
  void aLongerHoldPeriodWinsAndOtherZonesDoNotAwaitDayExemptions() {
    ZoneDefinition held = new ZoneDefinition("ze", "ZE", RegimeTest.ZE, Map.of(Phase.ENFORCEMENT, d("2025-01-01")),
        List.of(), Duration.ofDays(7), Duration.ofDays(14), List.of(), Duration.ofDays(10), true);
    assertEquals(local("2026-12-17T08:10"), held.holdUntil(local("2026-12-07T08:10")));
    ZoneDefinition short6h = new ZoneDefinition("ze", "ZE", RegimeTest.ZE, Map.of(Phase.ENFORCEMENT,
        d("2025-01-01")), List.of(), Duration.ofDays(7), Duration.ofDays(14), List.of(), Duration.ofHours(6), true);
    assertEquals(local("2026-12-08T06:00"), short6h.holdUntil(local("2026-12-07T08:10")));

    ZoneDefinition milieuzone = new ZoneDefinition("mz", "Milieuzone", RegimeTest.GREEN, Map.of(Phase.ENFORCEMENT,
        d("2025-01-01")), List.of(), Duration.ofDays(7), Duration.ofDays(14), List.of());
    assertFalse(milieuzone.awaitDayExemptions());
    assertEquals(local("2026-12-07T08:10"), milieuzone.holdUntil(local("2026-12-07T08:10")), "no hold");
  }

  private static ZoneDefinition zeZone() {
    return new ZoneDefinition("ze", "ZE-zone", RegimeTest.ZE, Map.of(Phase.ENFORCEMENT, d("2025-01-01")), List.of(),
        Duration.ofDays(7), Duration.ofDays(14), List.of());
  }

  private static Instant local(String t) {
    return LocalDateTime.parse(t).atZone(Passage.LOCAL).toInstant();
  }
}
