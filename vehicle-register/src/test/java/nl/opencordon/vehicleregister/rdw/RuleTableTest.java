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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
 * the zone's regime from rules/zones.conf, the day, the facts as RDW's API fields of the vehicle, fuel,
 * carrosserie, carrosserie specificatie and bijzonderheden datasets, the expected verdict). Codes of several
 * rows are joined with "+"; blank is no rows; "?" in carrosseriecode or bijzonderheid_code is "not known". The act of the type approval goes to
 * milieuklasse_eg_goedkeuring_zwaar for the heavy acts (595/2009, 88/77), else to _licht.
 * Each row becomes RDW API JSON (all values strings, dates as 20130517, blank fields left out as the API
 * does) and goes through the client's own mapping ({@link RdwClient#record}, {@link RdwRecord#toFacts}).
 */
class RuleTableTest {
  static final Config ZONES = ConfigFactory.parseResources("rules/zones.conf").resolve();
  static final ObjectMapper JSON = new ObjectMapper();
  static final Plate PLATE = Plate.dutch("VX123B");

  @ParameterizedTest(name = "[{index}] {0} in {1} on {2}: {3} {4} {5} {6} {7} first admitted {8} -> {15} {16}")
  @CsvFileSource(resources = "/rules/rule-cases.csv", numLinesToSkip = 1)
  void verdictFollowsTheRule(String ruleId, String zone, LocalDate day, String euCategory, String bodyType,
                             String bodyworkCodes, String bodyworkNumbers, String particulars,
                             LocalDate firstAdmission, String maxMass, String massRijklaar, String fuels,
                             String emissionCode, String exhaustLevel, String approval, Verdict.Outcome outcome,
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
          putIfPresent(row, approval != null && approval.startsWith("595/") || approval != null
              && approval.startsWith("88/77") ? "milieuklasse_eg_goedkeuring_zwaar" : "milieuklasse_eg_goedkeuring_licht",
              approval);
        }
        fuelRows.add(row);
      }
    }
    Map<RdwDataset, List<ObjectNode>> rows = new EnumMap<>(RdwDataset.class);
    rows.put(RdwDataset.VEHICLES, List.of(vehicle));
    rows.put(RdwDataset.FUELS, fuelRows);
    // One carrosserie row per code ("BB+SH": two rows); none when blank, as for a vehicle RDW has none for.
    rows.put(RdwDataset.BODIES, codeRows(bodyworkCodes, "carrosserie_volgnummer", "carrosserietype"));
    // The specific numbers all on the first carrosserie; "?" for rows not known (e.g. facts of an old event).
    rows.put(RdwDataset.BODY_SPECIFICS, codeRows(known(bodyworkNumbers),
        "carrosserie_voertuig_nummer_code_volgnummer", "carrosseriecode"));
    rows.put(RdwDataset.PARTICULARS, codeRows(known(particulars), "bijzonderheid_volgnummer", "bijzonderheid_code"));
    rows.get(RdwDataset.BODY_SPECIFICS).forEach(r -> r.put("carrosserie_volgnummer", "1"));
    Verdict v = judge(zone, rows, !"?".equals(bodyworkNumbers), !"?".equals(particulars), day);

    assertEquals(outcome, v.outcome(), v::toString);
    assertEquals(verdictRule, v.ruleId(), v::toString);
    assertTrue(v.reason().contains("facts: "), () -> "reason names the facts used: " + v.reason());
    assertFalse(v.source().startsWith("no source recorded"), () -> "rule " + v.ruleId() + " has a source");
  }

  private static String known(String codes) {
    return "?".equals(codes) ? null : codes;
  }

  /** One row per code of "A+B", numbered from 1 in {@code sequenceField}; none for null. */
  private static List<ObjectNode> codeRows(String codes, String sequenceField, String codeField) {
    List<ObjectNode> out = new ArrayList<>();
    if (codes != null) {
      String[] each = codes.split("\\+");
      for (int i = 0; i < each.length; i++) {
        out.add(JSON.createObjectNode().put("kenteken", PLATE.text()).put(sequenceField, "" + (i + 1))
            .put(codeField, each[i]));
      }
    }
    return out;
  }

  static Regime regime(String zone) {
    return CityConfig.regime(ZONES.getConfig(zone));
  }

  /**
   * The verdict of a zone's regime on RDW API rows, through the client's mapping; as in ZoneDefinition, no
   * facts (no first admission) is UNKNOWN. Without specific carrosserie or bijzonderheden rows given.
   */
  static Verdict judge(String zone, JsonNode vehicle, List<? extends JsonNode> fuelRows,
                       List<? extends JsonNode> bodyRows, LocalDate day) {
    return judge(zone, Map.of(RdwDataset.VEHICLES, List.of(vehicle), RdwDataset.FUELS, fuelRows,
        RdwDataset.BODIES, bodyRows, RdwDataset.BODY_SPECIFICS, List.of(), RdwDataset.PARTICULARS, List.of()),
        true, true, day);
  }

  /**
   * The same with the rows of each dataset; a dataset not {@code known} is left out of the facts, as in facts
   * persisted before the field existed.
   */
  static Verdict judge(String zone, Map<RdwDataset, ? extends List<? extends JsonNode>> rows,
                       boolean bodyNumbersKnown, boolean particularsKnown, LocalDate day) {
    Map<RdwDataset, List<JsonNode>> copy = new EnumMap<>(RdwDataset.class);
    rows.forEach((dataset, r) -> copy.put(dataset, List.copyOf(r)));
    Optional<VehicleFacts> facts = RdwClient.record(copy).orElseThrow().toFacts(PLATE)
        .map(f -> new VehicleFacts(f.plate(), f.vehicleType(), f.euCategory(), f.bodyType(), f.fuels(),
            f.emissionClass(), f.firstAdmission(), f.maxMassKg(), f.massInRunningOrderKg(), f.bodyworkCodes(),
            bodyNumbersKnown ? f.bodyworkNumbers() : Optional.empty(),
            particularsKnown ? f.particularCodes() : Optional.empty(), f.emissionApproval(), f.make(), f.model(), f.colour()));
    return facts.map(f -> regime(zone).evaluate(f, day))
        .orElse(Verdict.of(Verdict.Outcome.UNKNOWN, "VF-0", "no vehicle facts"));
  }

  static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null && !value.isBlank()) {
      node.put(field, value);
    }
  }
}
