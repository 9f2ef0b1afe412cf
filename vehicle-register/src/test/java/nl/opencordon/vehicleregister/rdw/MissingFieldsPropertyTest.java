package nl.opencordon.vehicleregister.rdw;

import static nl.opencordon.vehicleregister.rdw.RuleTableTest.JSON;
import static nl.opencordon.vehicleregister.rdw.RuleTableTest.PLATE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.time.api.Dates;
import nl.opencordon.domain.Verdict;

/**
 * No verdict becomes a refusal because a field is missing: real-format RDW records (the API's field names,
 * values as strings) judged in every zone of rules/zones.conf, whole and with fields blanked or fuel rows
 * dropped. When the record with a gap is refused, the whole record is refused by the same rule.
 *
 * <p>The emission class fields are not blanked here: without them RDW's own derivation from the first
 * admission date applies by law (its boundaries are in the rule table), and it may give a lower class than
 * a vehicle admitted early under a newer standard had registered.
 */
class MissingFieldsPropertyTest {
  /**
   * What can be missing from a record: a field of the vehicle row, a fuel row's fuel, a whole fuel row, or every
   * carrosserie row (RDW registers one for almost every vehicle, so none at all is a gap).
   */
  enum Gap {
    VOERTUIGSOORT("voertuigsoort"), CATEGORY("europese_voertuigcategorie"), INRICHTING("inrichting"),
    FIRST_ADMISSION("datum_eerste_toelating"), MAX_MASS("toegestane_maximum_massa_voertuig"),
    MASS_IN_RUNNING_ORDER("massa_rijklaar"), FUEL_OF_ROW_1(null), FUEL_OF_ROW_2(null), ROW_1(null), ROW_2(null),
    CARROSSERIE_ROWS(null);

    final String field;

    Gap(String field) {
      this.field = field;
    }
  }

  /** A record as the API returns it: the vehicle row, its fuel rows and its carrosserie rows. */
  record Record(ObjectNode vehicle, List<ObjectNode> fuels, List<ObjectNode> bodies) {
    Record withGaps(Set<Gap> gaps) {
      ObjectNode v = vehicle.deepCopy();
      List<ObjectNode> f = new ArrayList<>(fuels.stream().map(ObjectNode::deepCopy).toList());
      gaps.stream().filter(g -> g.field != null).forEach(g -> v.remove(g.field));
      for (int i = 0; i < f.size(); i++) {
        if (gaps.contains(i == 0 ? Gap.FUEL_OF_ROW_1 : Gap.FUEL_OF_ROW_2)) {
          f.get(i).remove("brandstof_omschrijving");
        }
      }
      // Dropping rows last, from the back, so the row numbers above still name the same rows.
      if (gaps.contains(Gap.ROW_2) && f.size() > 1) {
        f.remove(1);
      }
      if (gaps.contains(Gap.ROW_1) && !f.isEmpty()) {
        f.remove(0);
      }
      return new Record(v, f, gaps.contains(Gap.CARROSSERIE_ROWS) ? List.of() : bodies);
    }
  }

  @Property(tries = 3000)
  void noRefusalBecauseAFieldIsMissing(@ForAll("records") Record whole, @ForAll @Size(min = 1, max = 3) Set<Gap> gaps,
                                       @ForAll("zones") String zone, @ForAll("days") LocalDate day) {
    Record gapped = whole.withGaps(gaps);
    Verdict withGaps = RuleTableTest.judge(zone, gapped.vehicle(), gapped.fuels(), gapped.bodies(), day);
    Verdict v = RuleTableTest.judge(zone, whole.vehicle(), whole.fuels(), whole.bodies(), day);
    // The property says something only if whole records, and some with gaps, are refused.
    Statistics.label("whole").collect(v.outcome());
    Statistics.label("with gaps").collect(withGaps.outcome());
    Statistics.label("whole").coverage(c -> c.check(Verdict.Outcome.NOT_ALLOWED).percentage(p -> p > 10));
    Statistics.label("with gaps").coverage(c -> c.check(Verdict.Outcome.NOT_ALLOWED).percentage(p -> p > 2));
    if (withGaps.isViolation()) {
      assertEquals(Verdict.Outcome.NOT_ALLOWED, v.outcome(), () -> "refused only because of " + gaps + ": " + withGaps
          + ", whole: " + v);
      assertEquals(v.ruleId(), withGaps.ruleId(), () -> "refused by another rule because of " + gaps);
    }
  }

  @Provide
  Arbitrary<String> zones() {
    return Arbitraries.of(RuleTableTest.ZONES.root().keySet());
  }

  @Provide
  Arbitrary<LocalDate> days() {
    return Dates.dates().between(LocalDate.of(2025, 1, 1), LocalDate.of(2031, 12, 31));
  }

  @Provide
  Arbitrary<Record> records() {
    // Weighted towards what the rules refuse (goods vehicles, diesel), so that refusals are common.
    return Arbitraries.frequency(Tuple.of(2, "M1"), Tuple.of(3, "N1"), Tuple.of(1, "N2"), Tuple.of(2, "N3"),
        Tuple.of(1, "M3"), Tuple.of(1, "L1")).flatMap(category -> Combinators.combine(
        Arbitraries.of(bodies(category)), maxMass(category), Arbitraries.integers().between(45, 85),
        Dates.dates().between(LocalDate.of(1975, 1, 1), LocalDate.of(2026, 6, 1)), fuels(category),
        Arbitraries.of("", "0", "1", "2", "3", "4", "5", "6"), Arbitraries.of(true, false), bodyworkCodes(category))
        .as((body, max, percent, det, fuels, code, withLevel, codes) -> record(category, body, max, max * percent / 100,
            det, fuels, code, withLevel, codes)));
  }

  private static Record record(String category, String body, int maxMass, int massRijklaar, LocalDate det,
                               List<String> fuels, String code, boolean withLevel, List<String> bodyworkCodes) {
    ObjectNode v = JSON.createObjectNode().put("kenteken", PLATE.text())
        .put("voertuigsoort", switch (category) {
          case "M1" -> "Personenauto";
          case "M3" -> "Bus";
          case "L1" -> "Bromfiets";
          default -> "Bedrijfsauto";
        })
        .put("europese_voertuigcategorie", category).put("inrichting", body)
        .put("datum_eerste_toelating", det.format(DateTimeFormatter.BASIC_ISO_DATE))
        .put("toegestane_maximum_massa_voertuig", String.valueOf(maxMass))
        .put("massa_rijklaar", String.valueOf(massRijklaar));
    boolean zeroEmission = fuels.stream().allMatch(f -> f.equals("Elektriciteit") || f.equals("Waterstof"));
    List<ObjectNode> rows = new ArrayList<>();
    for (int i = 0; i < fuels.size(); i++) {
      ObjectNode row = JSON.createObjectNode().put("kenteken", PLATE.text())
          .put("brandstof_volgnummer", String.valueOf(i + 1)).put("brandstof_omschrijving", fuels.get(i));
      String cls = zeroEmission ? (code.isEmpty() ? "" : "Z") : code;
      if (i == 0 && !cls.isEmpty()) {
        row.put("emissiecode_omschrijving", cls);
        if (withLevel && !zeroEmission) {
          row.put("uitlaatemissieniveau", "EURO " + cls + " G");
        }
      }
      rows.add(row);
    }
    List<ObjectNode> bodies = new ArrayList<>();
    for (int i = 0; i < bodyworkCodes.size(); i++) {
      bodies.add(JSON.createObjectNode().put("kenteken", PLATE.text())
          .put("carrosserie_volgnummer", String.valueOf(i + 1)).put("carrosserietype", bodyworkCodes.get(i)));
    }
    return new Record(v, rows, bodies);
  }

  /** The carrosserie rows RDW registers for the category; now and then a wheelchair-accessible one (SH). */
  private static Arbitrary<List<String>> bodyworkCodes(String category) {
    return switch (category) {
      case "N1" -> Arbitraries.frequency(Tuple.of(8, List.of("BB")), Tuple.of(1, List.of("SH")),
          Tuple.of(1, List.of("BB", "SH")));
      case "N2", "N3" -> Arbitraries.frequency(Tuple.of(8, List.of("BA")), Tuple.of(1, List.of("BC")),
          Tuple.of(1, List.of("SH")));
      case "M1" -> Arbitraries.of(List.of("AB"), List.of("AF"), List.of("SH"));
      case "M3" -> Arbitraries.just(List.of("CA"));
      default -> Arbitraries.just(List.<String>of());
    };
  }

  private static List<String> bodies(String category) {
    return switch (category) {
      case "M1" -> List.of("hatchback", "stationwagen", "MPV", "kampeerwagen");
      case "N1" -> List.of("gesloten opbouw", "open laadvloer", "ambulance");
      case "N2", "N3" -> List.of("gesloten opbouw", "opleggertrekker", "kipper");
      case "M3" -> List.of("bus");
      default -> List.of("N.v.t.");
    };
  }

  private static Arbitrary<Integer> maxMass(String category) {
    return switch (category) {
      case "M1" -> Arbitraries.integers().between(900, 3500);
      case "N1" -> Arbitraries.integers().between(1200, 3500);
      case "N2" -> Arbitraries.integers().between(3000, 12000);
      case "N3" -> Arbitraries.integers().between(12001, 50000);
      case "M3" -> Arbitraries.integers().between(10000, 19500);
      default -> Arbitraries.integers().between(150, 350);
    };
  }

  private static Arbitrary<List<String>> fuels(String category) {
    return category.equals("L1") ? Arbitraries.of(List.of("Benzine"), List.of("Elektriciteit"))
        : Arbitraries.frequency(Tuple.of(8, List.of("Diesel")), Tuple.of(1, List.of("Benzine")),
            Tuple.of(1, List.of("Elektriciteit")), Tuple.of(1, List.of("Waterstof")), Tuple.of(1, List.of("LPG")),
            Tuple.of(1, List.of("Benzine", "Elektriciteit")), Tuple.of(2, List.of("Diesel", "Elektriciteit")),
            Tuple.of(1, List.of("Benzine", "LPG")));
  }
}
