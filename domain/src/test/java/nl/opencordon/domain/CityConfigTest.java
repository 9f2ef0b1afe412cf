package nl.opencordon.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CityConfigTest {
  /** The documented example a municipality starts from must load as it is. */
  @Test
  void theDocumentedExampleLoads() {
    CityLayout city = CityConfig.load(ConfigFactory.parseFile(Path.of("../docs/zones-example.conf").toFile()).resolve());
    assertEquals(3, city.zones().size());
    assertTrue(city.zone("ze-centrum").regime() instanceof Regime.ZeroEmission ze
        && ze.exempt().bodyTypes().contains("ambulance"));
    Regime.Milieuzone mz = (Regime.Milieuzone) city.zone("mz-binnenstad").regime();
    assertEquals(4, mz.minDieselLightClass());
    assertEquals(Set.of(VehicleCategory.TRUCK, VehicleCategory.BUS), mz.heavyKinds());
    assertEquals(Vehicles.d("2008-01-01"), mz.mopedFourStrokeExemptFrom());
    assertEquals(Set.of(VehicleCategory.BUS), ((Regime.ClosedArea) city.zone("autoluw-markt").regime()).allowedCategories());
    assertEquals(2, city.zone("autoluw-markt").enforcementWindows().size());
    assertEquals(java.time.Duration.ofDays(10), city.zone("ze-centrum").holdPeriod());
  }

  @Test
  void transitionDatesDefaultToTheLawAndDisputedOnesAreWarnedAbout() {
    Regime.ZeroEmission ze = (Regime.ZeroEmission) CityConfig.regime(ConfigFactory.parseString(
        "type = zero-emission, new-registration-cutoff = \"2025-01-01\", van-euro6-last-day = \"2028-12-31\""));
    assertEquals(Regime.ZeroEmission.LAW_VAN_EURO5_LAST_DAY, ze.vanEuro5LastDay());
    assertEquals(Vehicles.d("2028-12-31"), ze.vanEuro6LastDay());
    assertEquals(Vehicles.d("2027-12-31"), ze.rigidEuro6From2017LastDay());
    assertEquals(Vehicles.d("2029-12-31"), ze.heavyEuro6LastDay());
    CityLayout city = CityConfig.load(ConfigFactory.parseString("name = x\nzones = [" + zone("ze",
        "type = zero-emission, new-registration-cutoff = \"2025-01-01\", van-euro6-last-day = \"2028-12-31\"", "")
        + "]"));
    assertTrue(city.warnings().stream().anyMatch(w -> w.startsWith("zone ze: ZE-5: van-euro6-last-day is 2028-12-31")
        && w.contains("last checked " + RuleSources.LAST_CHECKED)), city.warnings().toString());
  }

  @Test
  void theHeavyMilieuzoneRuleCoversOnlyTrucksAndBuses() {
    Regime.Milieuzone busesOnly = (Regime.Milieuzone) CityConfig.regime(ConfigFactory.parseString(
        "type = milieuzone, min-diesel-light-class = 4, min-diesel-heavy-class = 6, heavy-kinds = [bus]"));
    assertEquals(Set.of(VehicleCategory.BUS), busesOnly.heavyKinds());
    assertThrows(IllegalArgumentException.class, () -> CityConfig.regime(ConfigFactory.parseString(
        "type = milieuzone, min-diesel-light-class = 4, min-diesel-heavy-class = 6, heavy-kinds = [van]")));
  }

  private static List<String> problems(String zones) {
    String file = "name = x\nzones = [" + zones + "]\n";
    return assertThrows(CityConfig.InvalidCityException.class, () -> CityConfig.load(ConfigFactory.parseString(file)))
        .problems();
  }

  private static String zone(String id, String regime, String extra) {
    return "{ id = " + id + ", name = n, regime { " + regime + " }, phases { enforcement = \"2025-01-01\" }, "
        + "recidive-term = 7d, warning-interval = 14d " + extra + " }";
  }

  @Test
  void everyBadZoneIsReportedWithItsPlace() {
    List<String> problems = problems(String.join(",",
        zone("a", "type = low-emission", ""),
        zone("b", "type = milieuzone, min-diesel-light-class = 4, min-diesel-heavy-class = 6, min-diesel-ligth-class = 5", ""),
        zone("c", "type = milieuzone, min-diesel-light-class = 7, min-diesel-heavy-class = 6", ""),
        zone("d", "type = zero-emission, new-registration-cutoff = 2025-13-01, van-euro5-last-day = 2026-12-31, "
            + "van-euro6-last-day = 2027-12-31, heavy-euro6-last-day = 2029-12-31", ""),
        zone("e", "type = closed-area, allowed-categories = [tram]", ""),
        zone("f", "type = closed-area", ", enforcement-windows = [{ days = [t], from = \"10:00\", to = \"12:00\" }]"),
        zone("g", "type = closed-area, exempt { body-type = [ambulance] }", "")));
    assertEquals(7, problems.size(), String.join("\n", problems));
    assertTrue(problems.get(0).startsWith("zones[0]") && problems.get(0).contains("unknown regime 'low-emission'"));
    assertTrue(problems.get(1).contains("min-diesel-ligth-class"), problems.get(1));
    assertTrue(problems.get(2).contains("0..6"), problems.get(2));
    assertTrue(problems.get(3).contains("2025-13-01"), problems.get(3));
    assertTrue(problems.get(4).contains("'tram' is not one of"), problems.get(4));
    assertTrue(problems.get(5).contains("ambiguous"), problems.get(5));
    assertTrue(problems.get(6).contains("body-type"), problems.get(6));
  }

  @Test
  void aHoldPeriodIsOptionalAndMustNotBeNegative() {
    String file = "name = x\nzones = [" + zone("a", "type = closed-area", ", hold-period = 10d") + ","
        + zone("b", "type = closed-area", "") + "]\n";
    CityLayout city = CityConfig.load(ConfigFactory.parseString(file));
    assertEquals(java.time.Duration.ofDays(10), city.zone("a").holdPeriod());
    assertEquals(java.time.Duration.ZERO, city.zone("b").holdPeriod());
    List<String> problems = problems(zone("a", "type = closed-area", ", hold-period = 10d") + ","
        + zone("b", "type = closed-area", ", hold-period = -1d") + ","
        + zone("c", "type = closed-area", ", hold-period = tien"));
    assertEquals(2, problems.size(), String.join("\n", problems));
    assertTrue(problems.get(0).startsWith("zones[1]: hold-period must not be negative"), problems.get(0));
    assertTrue(problems.get(1).startsWith("zones[2]") && problems.get(1).contains("hold-period"), problems.get(1));
  }

  @Test
  void phasesMustBeKnownAndInOrder() {
    String outOfOrder = "{ id = a, name = n, regime { type = closed-area }, phases { warning = \"2025-03-01\", "
        + "enforcement = \"2025-02-01\" }, recidive-term = 7d, warning-interval = 14d }";
    String typo = "{ id = b, name = n, regime { type = closed-area }, phases { enforcment = \"2025-02-01\" }, "
        + "recidive-term = 7d, warning-interval = 14d }";
    List<String> problems = problems(outOfOrder + "," + typo);
    assertTrue(problems.get(0).contains("phases: enforcement 2025-02-01 is not after warning 2025-03-01"),
        problems.get(0));
    assertTrue(problems.get(1).contains("enforcment"), problems.get(1));
  }

  private static String zoneWith(String phases, String terms) {
    return "{ id = z, name = n, regime { type = closed-area }, phases { " + phases + " }, " + terms + " }";
  }

  /** What the law fixes cannot be configured away: each attempt is a problem with the zone's place. */
  @Test
  void theGraceTheRecidiveTermAndTheWarningPeriodCannotBeConfiguredAway() {
    String enforced = "enforcement = \"2025-01-01\"";
    String terms = "recidive-term = 7d, warning-interval = 14d";
    List<String> problems = problems(String.join(",",
        zoneWith(enforced, terms + ", enforcement-windows = [{ from = \"07:00\", to = \"19:00\", grace = 4m }]"),
        zoneWith(enforced, "recidive-term = 6d, warning-interval = 14d"),
        zoneWith("warning = \"2025-01-01\", enforcement = \"2025-01-31\"", terms),
        zoneWith("announcement = \"2025-01-01\", warning = \"2025-01-01\"", terms),
        // the boundaries that are allowed: 5 minutes, a week, a month of warnings
        zoneWith("warning = \"2025-01-01\", enforcement = \"2025-02-01\"", "recidive-term = 7d, "
            + "warning-interval = 14d, enforcement-windows = [{ from = \"07:00\", to = \"19:00\", grace = 5m }]")));
    assertEquals(4, problems.size(), String.join("\n", problems));
    assertTrue(problems.get(0).startsWith("zones[0]: enforcement-windows[0]: grace 4 minutes"), problems.get(0));
    assertTrue(problems.get(1).startsWith("zones[1]: recidive-term 6d"), problems.get(1));
    assertTrue(problems.get(2).startsWith("zones[2]: phases: the warning period from 2025-01-01 to enforcement "
        + "2025-01-31 is shorter than 1 month"), problems.get(2));
    assertTrue(problems.get(3).startsWith("zones[3]: phases: warning 2025-01-01 is not after announcement 2025-01-01"),
        problems.get(3));
  }

  @Test
  void duplicateZonesAndUnknownGateZonesAreReported() {
    String file = "name = x\nzones = [" + zone("a", "type = closed-area", "") + "," + zone("a", "type = closed-area", "")
        + "]\ngates = [{ id = g1, zone = nowhere, kind = entry, position = [52.0, 5.0] }]\n";
    List<String> problems = assertThrows(CityConfig.InvalidCityException.class,
        () -> CityConfig.load(ConfigFactory.parseString(file))).problems();
    assertTrue(problems.stream().anyMatch(p -> p.contains("duplicate zone id 'a'")), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.contains("'nowhere' is not defined")), problems.toString());
  }
}
