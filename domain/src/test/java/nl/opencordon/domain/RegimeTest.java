package nl.opencordon.domain;

import static nl.opencordon.domain.Vehicles.d;
import static nl.opencordon.domain.Vehicles.dieselCar;
import static nl.opencordon.domain.Vehicles.dieselVan;
import static nl.opencordon.domain.Vehicles.truck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import nl.opencordon.domain.Verdict.Outcome;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegimeTest {
  static final Regime.ZeroEmission ZE = new Regime.ZeroEmission(d("2025-01-01"), d("2026-12-31"), d("2027-12-31"),
      d("2029-12-31"));
  static final Regime.Milieuzone GREEN = new Regime.Milieuzone(4, 6, d("2011-01-01"), 40);

  private static void assertVerdict(Outcome outcome, String rule, Verdict v) {
    assertEquals(outcome, v.outcome(), v.toString());
    assertEquals(rule, v.ruleId(), v.toString());
  }

  @Nested
  class ZeroEmissionZone {
    @ParameterizedTest(name = "van euro {0} on {1}: {2} {3}")
    @CsvSource({
        "4, 2025-01-01, NOT_ALLOWED, ZE-3",
        "5, 2026-12-31, ALLOWED, ZE-4",
        "5, 2027-01-01, NOT_ALLOWED, ZE-4",
        "6, 2027-12-31, ALLOWED, ZE-5",
        "6, 2028-01-01, NOT_ALLOWED, ZE-5",
        "Z, 2040-01-01, ALLOWED, ZE-1"})
    void vanTransitionEndsAfterItsLastDay(String euro, LocalDate day, Outcome outcome, String rule) {
      assertVerdict(outcome, rule, ZE.evaluate(dieselVan(euro, d("2018-03-01")), day));
    }

    @Test
    void anAllowedTransitionVanIsToldItsFirstRefusedDay() {
      assertEquals(Optional.of(d("2027-01-01")), ZE.evaluate(dieselVan("5", d("2012-01-01")), d("2026-06-01")).notAllowedFrom());
    }

    @Test
    void nonZeroEmissionFirstAdmittedFromTheCutoffIsRefused() {
      assertVerdict(Outcome.ALLOWED, "ZE-5", ZE.evaluate(dieselVan("6", d("2024-12-31")), d("2025-06-01")));
      assertVerdict(Outcome.NOT_ALLOWED, "ZE-2", ZE.evaluate(dieselVan("6", d("2025-01-01")), d("2025-06-01")));
    }

    @Test
    void electricVanWithoutEmissionCodeIsZeroEmission() {
      VehicleFacts ev = Vehicles.of("N1", "gesloten opbouw", Set.of(Fuel.ELECTRIC), null, d("2025-06-01"), 2000);
      assertVerdict(Outcome.ALLOWED, "ZE-1", ZE.evaluate(ev, d("2031-01-01")));
    }

    @Test
    void aPlugInHybridIsNotZeroEmission() {
      VehicleFacts phev = Vehicles.of("N1", "", Set.of(Fuel.PETROL, Fuel.ELECTRIC), "6", d("2020-01-01"), 2000);
      assertVerdict(Outcome.ALLOWED, "ZE-5", ZE.evaluate(phev, d("2027-01-01")));
    }

    @Test
    void carsBusesAndMopedsAreOutOfScope() {
      assertVerdict(Outcome.OUT_OF_SCOPE, "ZE-0", ZE.evaluate(dieselCar("3", d("2001-01-01")), d("2026-01-01")));
      assertVerdict(Outcome.OUT_OF_SCOPE, "ZE-0",
          ZE.evaluate(Vehicles.of("M3", "", Set.of(Fuel.DIESEL), "5", d("2010-01-01"), 12000), d("2026-01-01")));
    }

    @ParameterizedTest(name = "{0} first admitted {1} on {2}: {3} {4}")
    @CsvSource({
        "opleggertrekker, 2016-12-31, 2026-01-01, NOT_ALLOWED, ZE-8",
        "opleggertrekker, 2017-01-01, 2029-12-31, ALLOWED, ZE-6",
        "opleggertrekker, 2017-01-01, 2030-01-01, NOT_ALLOWED, ZE-10",
        "gesloten opbouw, 2016-12-31, 2026-01-01, NOT_ALLOWED, ZE-8",
        "gesloten opbouw, 2017-01-01, 2027-12-31, ALLOWED, ZE-7b",
        "gesloten opbouw, 2019-12-31, 2027-12-31, ALLOWED, ZE-7b",
        "gesloten opbouw, 2019-12-31, 2028-01-01, NOT_ALLOWED, ZE-7b",
        "gesloten opbouw, 2020-01-01, 2029-12-31, ALLOWED, ZE-7",
        "gesloten opbouw, 2020-01-01, 2030-01-01, NOT_ALLOWED, ZE-10"})
    void euroSixTrucksByBodyAndFirstAdmission(String body, LocalDate det, LocalDate day, Outcome o, String rule) {
      assertVerdict(o, rule, ZE.evaluate(truck(body, "6", det), day));
    }

    @Test
    void aEuroFiveTruckIsRefusedWhateverItsAge() {
      assertVerdict(Outcome.NOT_ALLOWED, "ZE-8", ZE.evaluate(truck("gesloten opbouw", "5", d("2021-01-01")), d("2026-01-01")));
    }

    @Test
    void aTruckWithoutEmissionClassIsUnknownNeverRefused() {
      assertVerdict(Outcome.UNKNOWN, "ZE-U", ZE.evaluate(truck("gesloten opbouw", null, d("2021-01-01")), d("2026-01-01")));
    }

    @Test
    void emissionClassDerivedFromFirstAdmissionForALightVan() {
      // RDW table, <= 1280 kg: class 5 from 2009-09-01; 1280-2585 kg: class 5 from 2010-09-01.
      VehicleFacts light4 = Vehicles.of("N1", "", Set.of(Fuel.DIESEL), null, d("2009-08-31"), 1280);
      VehicleFacts light5 = Vehicles.of("N1", "", Set.of(Fuel.DIESEL), null, d("2009-09-01"), 1280);
      VehicleFacts medium4 = Vehicles.of("N1", "", Set.of(Fuel.DIESEL), null, d("2010-08-31"), 1281);
      VehicleFacts medium5 = Vehicles.of("N1", "", Set.of(Fuel.DIESEL), null, d("2010-09-01"), 2585);
      assertVerdict(Outcome.NOT_ALLOWED, "ZE-3", ZE.evaluate(light4, d("2026-01-01")));
      assertVerdict(Outcome.ALLOWED, "ZE-4", ZE.evaluate(light5, d("2026-01-01")));
      assertVerdict(Outcome.NOT_ALLOWED, "ZE-3", ZE.evaluate(medium4, d("2026-01-01")));
      assertVerdict(Outcome.ALLOWED, "ZE-4", ZE.evaluate(medium5, d("2026-01-01")));
      VehicleFacts heavyVan = Vehicles.of("N1", "", Set.of(Fuel.DIESEL), null, d("2010-09-01"), 2586);
      assertVerdict(Outcome.UNKNOWN, "ZE-U", ZE.evaluate(heavyVan, d("2026-01-01")));
    }

    @ParameterizedTest(name = "euro 4 van with carrosserie {0} on {1}: {2} {3}")
    @CsvSource({
        "SH, 2025-01-01, EXEMPT, ZE-11",
        "BB+SH, 2029-12-31, EXEMPT, ZE-11",
        "SH, 2030-01-01, NOT_ALLOWED, ZE-10",
        "BB, 2029-12-31, NOT_ALLOWED, ZE-3",
        "'', 2029-12-31, UNKNOWN, ZE-U",
        "'', 2030-01-01, NOT_ALLOWED, ZE-10"})
    void aWheelchairAccessibleVanIsExemptUntilTheLastDayAndNoCarrosserieIsNoRefusal(String codes, LocalDate day,
                                                                                   Outcome outcome, String rule) {
      VehicleFacts van = Vehicles.of("N1", "gesloten opbouw", Set.of(Fuel.DIESEL), "4", d("2008-01-01"), 1900,
          codes.isEmpty() ? Set.of() : Set.of(codes.split("\\+")));
      Verdict v = ZE.evaluate(van, day);
      assertVerdict(outcome, rule, v);
      assertTrue(v.reason().contains("carrosserie " + (codes.isEmpty() ? "none" : codes)), v.reason());
    }

    @Test
    void withoutCarrosserieAnAllowedVanStaysAllowedAndAWheelchairTruckIsExemptToo() {
      VehicleFacts euro6 = Vehicles.of("N1", "gesloten opbouw", Set.of(Fuel.DIESEL), "6", d("2018-01-01"), 1900, Set.of());
      assertVerdict(Outcome.ALLOWED, "ZE-5", ZE.evaluate(euro6, d("2027-06-01")));
      VehicleFacts truck = Vehicles.of("N3", "gesloten opbouw", Set.of(Fuel.DIESEL), "5", d("2012-01-01"), 9000,
          Set.of("sh "));
      assertVerdict(Outcome.EXEMPT, "ZE-11", ZE.evaluate(truck, d("2028-01-01")));
    }

    @Test
    void legallyExemptBodyTypesAreExemptNotAllowed() {
      Regime ze = new Regime.ZeroEmission(d("2025-01-01"), d("2026-12-31"), d("2027-12-31"), d("2027-12-31"),
          d("2029-12-31"), d("2029-12-31"), 40, new Regime.Exempt(Set.of(), Set.of("Ambulance")));
      VehicleFacts ambulance = Vehicles.of("N1", "ambulance", Set.of(Fuel.DIESEL), "4", d("2008-01-01"), 2500);
      assertVerdict(Outcome.EXEMPT, "LX-1", ze.evaluate(ambulance, d("2026-01-01")));
      assertVerdict(Outcome.NOT_ALLOWED, "ZE-3", ZE.evaluate(ambulance, d("2026-01-01")));
    }
  }

  @Nested
  class MilieuzoneRegime {
    @ParameterizedTest(name = "diesel car euro {0} in a zone with minimum {1}: {2} by {3}")
    @CsvSource({"3, 4, NOT_ALLOWED, MZ-5", "4, 4, ALLOWED, MZ-5", "4, 5, NOT_ALLOWED, MZ-6", "5, 5, ALLOWED, MZ-6",
        "2, 3, NOT_ALLOWED, MZ-4", "6, 3, ALLOWED, MZ-4"})
    void dieselCarsByEmissionClassUnderTheZonesColour(String euro, int min, Outcome outcome, String rule) {
      Regime mz = new Regime.Milieuzone(min, 6, null, 40);
      assertVerdict(outcome, rule, mz.evaluate(dieselCar(euro, d("2006-01-01")), d("2026-01-01")));
    }

    @ParameterizedTest(name = "diesel truck euro {0}: {1}")
    @CsvSource({"5, NOT_ALLOWED", "6, ALLOWED"})
    void dieselTrucksAndBusesByEmissionClass(String euro, Outcome outcome) {
      assertVerdict(outcome, "MZ-7", GREEN.evaluate(truck("gesloten opbouw", euro, d("2012-01-01")), d("2026-01-01")));
      VehicleFacts bus = Vehicles.of("M3", "", Set.of(Fuel.DIESEL), euro, d("2012-01-01"), 12000);
      assertVerdict(outcome, "MZ-7", GREEN.evaluate(bus, d("2026-01-01")));
    }

    @Test
    void petrolAndElectricAreOutOfScope() {
      VehicleFacts petrol = Vehicles.of("M1", "", Set.of(Fuel.PETROL), "1", d("1995-01-01"), 900);
      assertVerdict(Outcome.OUT_OF_SCOPE, "MZ-1", GREEN.evaluate(petrol, d("2026-01-01")));
    }

    @Test
    void dieselsFortyYearsAfterFirstAdmissionAreExemptFromThatDay() {
      VehicleFacts old = dieselCar(null, d("1986-05-17"));
      assertVerdict(Outcome.NOT_ALLOWED, "MZ-5", GREEN.evaluate(old, d("2026-05-16")));
      assertVerdict(Outcome.EXEMPT, "MZ-2", GREEN.evaluate(old, d("2026-05-17")));
    }

    @Test
    void derivedClassDecidesForADieselCarWithoutOne() {
      // <= 1280 kg: class 4 from 2005-01-01.
      assertVerdict(Outcome.NOT_ALLOWED, "MZ-5", GREEN.evaluate(dieselCar(null, d("2004-12-31")), d("2026-01-01")));
      assertVerdict(Outcome.ALLOWED, "MZ-5", GREEN.evaluate(dieselCar(null, d("2005-01-01")), d("2026-01-01")));
    }

    @Test
    void mopedsByFirstAdmissionUnlessElectricOrTheZoneHasNoMopedRule() {
      VehicleFacts before = Vehicles.of("L1", "N.v.t.", Set.of(Fuel.PETROL), null, d("2010-12-31"), 90);
      VehicleFacts from = Vehicles.of("L1", "N.v.t.", Set.of(Fuel.PETROL), null, d("2011-01-01"), 90);
      VehicleFacts electric = Vehicles.of("L1", "N.v.t.", Set.of(Fuel.ELECTRIC), null, d("2009-01-01"), 90);
      assertVerdict(Outcome.NOT_ALLOWED, "MZ-9", GREEN.evaluate(before, d("2026-01-01")));
      assertVerdict(Outcome.ALLOWED, "MZ-9", GREEN.evaluate(from, d("2026-01-01")));
      assertVerdict(Outcome.OUT_OF_SCOPE, "MZ-9", GREEN.evaluate(electric, d("2026-01-01")));
      assertVerdict(Outcome.OUT_OF_SCOPE, "MZ-9", new Regime.Milieuzone(4, 6, null, 40).evaluate(before, d("2026-01-01")));
    }

    @Test
    void invalidSettingsAreRefused() {
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new Regime.Milieuzone(7, 6, null, 40));
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new Regime.Milieuzone(4, 6, null, 0));
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> new Regime.ZeroEmission(d("2025-01-01"), d("2027-12-31"), d("2026-12-31"), d("2029-12-31")));
    }
  }

  @Nested
  class FactsAndReasons {
    @ParameterizedTest(name = "{0} with massa rijklaar {1} kg: derived class present {2}")
    @CsvSource({"PASSENGER_CAR, 1280, true", "PASSENGER_CAR, 1281, false", "COMMERCIAL_VEHICLE, 0, false",
        "COMMERCIAL_VEHICLE, 1280, true", "COMMERCIAL_VEHICLE, 2585, true", "COMMERCIAL_VEHICLE, 2586, false",
        "BUS, 1280, false", "BUS, 1281, true", "TRUCK, 2000, false"})
    void classesAreDerivedOnlyInsideRdwsPublishedMassGroups(LegalKind kind, int mass, boolean derived) {
      assertEquals(derived, EmissionClasses.derive(mass, kind, d("2012-01-01")).isPresent());
    }

    @ParameterizedTest(name = "type approval {0}: classes {1}")
    @CsvSource(delimiter = '|', value = {"595/2009*2016/1718D | 6-6", "595/2009 | 6-6", "715/2007*692/2008J | 5-6",
        "715/2007*136/2014W | 5-6", "715/2007*2016/427W | 6-6", "715/2007*2018/1832AX | 6-6",
        "715 / 2007 * 2017/1151zd | 6-6", "715/2007 | 5-6", "70/220*2003/76B | none", "88/77*2005/55B2 | none",
        "2005/55*2008/74 | none"})
    void theTypeApprovalsActBoundsTheClassOnlyWhereItFixesIt(String approval, String classes) {
      assertEquals(classes, EmissionClasses.fromApproval(approval).map(r -> r.min() + "-" + r.max()).orElse("none"));
    }

    @ParameterizedTest(name = "{0} of {1} kg is {2}")
    @CsvSource({"N1, 3500, COMMERCIAL_VEHICLE", "N1, 0, COMMERCIAL_VEHICLE", "N1, 3501, UNKNOWN",
        "N2, 3500, COMMERCIAL_VEHICLE", "N2, 3501, TRUCK", "N2, 0, UNKNOWN", "N3, 3500, UNKNOWN", "N3, 0, TRUCK",
        "M1, 0, PASSENGER_CAR", "M3, 18000, BUS", "L2, 0, MOPED", "O4, 0, OTHER", "'', 1500, UNKNOWN"})
    void theKindFollowsArt86cByMass(String eu, int maxMass, LegalKind kind) {
      VehicleFacts f = new VehicleFacts(Plate.dutch("VX123B"), "", eu, "", Set.of(Fuel.DIESEL), Optional.of("6"),
          d("2020-01-01"), maxMass, 1500, Set.of());
      assertEquals(kind, LegalKind.of(f));
    }

    @Test
    void aVerdictNamesTheFactsItUsedAndItsSource() {
      Verdict v = ZE.evaluate(dieselVan(null, d("2010-09-01")), d("2026-06-01"));
      assertVerdict(Outcome.ALLOWED, "ZE-4", v);
      assertTrue(v.reason().contains("emission class 5 (derived from first admission, massa rijklaar 1900 kg)"), v.reason());
      assertTrue(v.reason().contains("first admission 2010-09-01"), v.reason());
      assertTrue(v.source().contains("art 86e lid 3"), v.source());
    }
  }

  @Nested
  class ClosedAreaRegime {
    final Regime closed = new Regime.ClosedArea(Set.of(VehicleCategory.BUS),
        new Regime.Exempt(Set.of(VehicleCategory.MOTORCYCLE), Set.of("brandweerwagen")));

    @Test
    void onlyListedCategoriesAndExemptKindsMayEnter() {
      assertVerdict(Outcome.ALLOWED, "CA-1",
          closed.evaluate(Vehicles.of("M3", "", Set.of(Fuel.DIESEL), "6", d("2020-01-01"), 12000), d("2026-01-01")));
      assertVerdict(Outcome.NOT_ALLOWED, "CA-1", closed.evaluate(dieselCar("6", d("2020-01-01")), d("2026-01-01")));
      assertVerdict(Outcome.EXEMPT, "LX-1",
          closed.evaluate(Vehicles.of("L3", "", Set.of(Fuel.PETROL), null, d("2020-01-01"), 200), d("2026-01-01")));
      assertVerdict(Outcome.EXEMPT, "LX-1", closed.evaluate(truck("Brandweerwagen", "6", d("2020-01-01")), d("2026-01-01")));
    }
  }
}
