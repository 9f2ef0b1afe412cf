package nl.opencordon.vehicleregister.rdw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.opencordon.domain.CityConfig;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.Regime;
import nl.opencordon.domain.VehicleFacts;
import nl.opencordon.domain.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * The rules table: one row per boundary of a rule of testdata/rules/ze_milieuzone_rules.csv (rule id,
 * the zone's regime from rules/zones.conf, the day, the facts as RDW's API fields of the vehicle, fuel and
 * carrosserie datasets, the expected verdict).
 * Each row becomes RDW API JSON (all values strings, dates as 20130517, blank fields left out as the API
 * does) and goes through the client's own mapping ({@link RdwClient#record}, {@link RdwRecord#toFacts}).
 */
class RuleTableTest {
  static final Config ZONES = ConfigFactory.parseResources("rules/zones.conf").resolve();
  static final ObjectMapper JSON = new ObjectMapper();
  static final Plate PLATE = Plate.dutch("VX123B");

  @ParameterizedTest(name = "[{index}] {0} in {1} on {2}: {3} {4} {5} first admitted {6} -> {12} {13}")
  @CsvFileSource(resources = "/rules/rule-cases.csv", numLinesToSkip = 1)
  void verdictFollowsTheRule(String ruleId, String zone, LocalDate day, String euCategory, String bodyType,
                             String bodyworkCodes, LocalDate firstAdmission, String maxMass, String massRijklaar,
                             String fuels, String emissionCode, String exhaustLevel, Verdict.Outcome outcome,
                             String verdictRule) throws Exception {
    ObjectNode vehicle = JSON.createObjectNode().put("kenteken", PLATE.text());
    putIfPresent(vehicle, "europese_voertuigcategorie", euCategory);
    putIfPresent(vehicle, "inrichting", bodyType);
    putIfPresent(vehicle, "datum_eerste_toelating",
        firstAdmission == null ? null : firstAdmission.format(DateTimeFormatter.BASIC_ISO_DATE));
    putIfPresent(vehicle, "toegestane_maximum_massa_voertuig", maxMass);
    putIfPresent(vehicle, "massa_rijklaar", massRijklaar);
    List<ObjectNode> fuelRows = new ArrayList<>();
    if (fuels != null) {
      String[] names = fuels.split("\\+");
      for (int i = 0; i < names.length; i++) {
        ObjectNode row = JSON.createObjectNode().put("kenteken", PLATE.text()).put("brandstof_volgnummer", "" + (i + 1));
        putIfPresent(row, "brandstof_omschrijving", "(blank)".equals(names[i]) ? null : names[i]);
        if (i == 0) {
          putIfPresent(row, "emissiecode_omschrijving", emissionCode);
          putIfPresent(row, "uitlaatemissieniveau", exhaustLevel);
        }
        fuelRows.add(row);
      }
    }
    // One carrosserie row per code ("BB+SH": two rows); none when blank, as for a vehicle RDW has none for.
    List<ObjectNode> bodyRows = new ArrayList<>();
    if (bodyworkCodes != null) {
      String[] codes = bodyworkCodes.split("\\+");
      for (int i = 0; i < codes.length; i++) {
        bodyRows.add(JSON.createObjectNode().put("kenteken", PLATE.text()).put("carrosserie_volgnummer", "" + (i + 1))
            .put("carrosserietype", codes[i]));
      }
    }
    Verdict v = judge(zone, vehicle, fuelRows, bodyRows, day);

    assertEquals(outcome, v.outcome(), v::toString);
    assertEquals(verdictRule, v.ruleId(), v::toString);
    assertTrue(v.reason().contains("facts: "), () -> "reason names the facts used: " + v.reason());
    assertFalse(v.source().startsWith("no source recorded"), () -> "rule " + v.ruleId() + " has a source");
  }

  static Regime regime(String zone) {
    return CityConfig.regime(ZONES.getConfig(zone));
  }

  /**
   * The verdict of a zone's regime on RDW API rows, through the client's mapping; as in ZoneDefinition, no
   * facts (no first admission) is UNKNOWN.
   */
  static Verdict judge(String zone, JsonNode vehicle, List<? extends JsonNode> fuelRows,
                       List<? extends JsonNode> bodyRows, LocalDate day) {
    Optional<VehicleFacts> facts = RdwClient.record(List.of(vehicle), List.copyOf(fuelRows), List.copyOf(bodyRows))
        .orElseThrow().toFacts(PLATE);
    return facts.map(f -> regime(zone).evaluate(f, day))
        .orElse(Verdict.of(Verdict.Outcome.UNKNOWN, "VF-0", "no vehicle facts"));
  }

  static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null && !value.isBlank()) {
      node.put(field, value);
    }
  }
}
