package nl.opencordon.vehicleregister.rdw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.Regime;
import nl.opencordon.domain.VehicleFacts;
import nl.opencordon.domain.Verdict;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RdwVehicleRegisterTest {
  private static Database db;
  private static RdwTestServer server;
  private static final ExecutorService blocking = Executors.newFixedThreadPool(2);

  @BeforeAll
  static void open() throws Exception {
    db = Database.open(TestDatabase.freshSchema());
    server = new RdwTestServer();
  }

  @AfterAll
  static void close() {
    server.close();
    db.close();
    blocking.shutdownNow();
  }

  private static RdwVehicleRegister register() {
    return new RdwVehicleRegister(new RdwMirror(db.dataSource()), RdwClient.create(server.settings("")), blocking);
  }

  /** The mirror's tables that keep a time with a row of the plate (Leidraad 4.2.4: none should for an API answer). */
  private static List<String> timedRows(String kenteken) throws Exception {
    List<String> timed = new java.util.ArrayList<>();
    try (java.sql.Connection c = db.dataSource().getConnection()) {
      for (RdwDataset dataset : RdwDataset.values()) {
        try (java.sql.PreparedStatement ps = c.prepareStatement(
            "SELECT count(*) FROM " + dataset.table() + " WHERE kenteken = ? AND updated_at IS NOT NULL")) {
          ps.setString(1, kenteken);
          try (java.sql.ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getInt(1) > 0) {
              timed.add(dataset.table());
            }
          }
        }
      }
    }
    return timed;
  }

  private static Optional<VehicleFacts> lookup(RdwVehicleRegister r, Plate p) throws Exception {
    return r.lookup(p).toCompletableFuture().get();
  }

  @Test
  void fillsAGapFromTheApiAndAnswersFromTheMirrorAfterwards() throws Exception {
    int before = server.requests(RdwClient.VEHICLES);
    VehicleFacts fromApi = lookup(register(), Plate.dutch("TT601D")).orElseThrow();
    assertEquals(before + 1, server.requests(RdwClient.VEHICLES));
    assertTrue(new RdwMirror(db.dataSource()).find("TT601D").isPresent(), "the API's answer is in the mirror");
    assertEquals(List.of(), timedRows("TT601D"), "the lookup of a passing plate left the time it passed");

    VehicleFacts fromMirror = lookup(register(), Plate.dutch("TT601D")).orElseThrow(); // new client: empty cache
    assertEquals(before + 1, server.requests(RdwClient.VEHICLES), "answered by the mirror");
    assertEquals(fromApi, fromMirror);
    assertEquals(Set.of("AF"), fromMirror.bodyworkCodes());
  }

  /**
   * A wheelchair-accessible diesel van (a van carrosserie BB and a second row SH) as the API sends it, and the
   * same rows as a bulk export in the mirror: both paths give the same facts, and the ZE-zone exempts it (ZE-11).
   */
  @Test
  void aWheelchairVanHasTheSameFactsFromTheApiAndFromTheBulkMirror() throws Exception {
    VehicleFacts f = sameFactsFromApiAndMirror("VW300B", Map.of(
        RdwClient.VEHICLES, "[{\"kenteken\":\"VW300B\",\"voertuigsoort\":\"Bedrijfsauto\",\"merk\":\"VOLKSWAGEN\","
            + "\"handelsbenaming\":\"CADDY\",\"eerste_kleur\":\"WIT\",\"inrichting\":\"gesloten opbouw\",\"datum_eerste_toelating\":\"20110415\","
            + "\"toegestane_maximum_massa_voertuig\":\"2800\",\"massa_rijklaar\":\"1990\","
            + "\"europese_voertuigcategorie\":\"N1\"}]",
        RdwClient.FUELS, "[{\"kenteken\":\"VW300B\",\"brandstof_volgnummer\":\"1\",\"brandstof_omschrijving\":\"Diesel\","
            + "\"emissiecode_omschrijving\":\"5\",\"uitlaatemissieniveau\":\"EURO 5 A\"}]",
        RdwClient.BODIES, "[{\"kenteken\":\"VW300B\",\"carrosserie_volgnummer\":\"1\",\"carrosserietype\":\"BB\","
            + "\"type_carrosserie_europese_omschrijving\":\"Bestelwagen\"},{\"kenteken\":\"VW300B\","
            + "\"carrosserie_volgnummer\":\"2\",\"carrosserietype\":\"SH\","
            + "\"type_carrosserie_europese_omschrijving\":\"Rolstoeltoegankelijk voertuig\"}]"));
    assertEquals(Set.of("BB", "SH"), f.bodyworkCodes());
    assertEquals(List.of("VOLKSWAGEN", "CADDY", "WIT"), List.of(f.make(), f.model(), f.colour()));
    assertEquals(Optional.of(Set.of()), f.particularCodes(), "none registered, which is known");
    Verdict v = ZE.evaluate(f, LocalDate.of(2027, 6, 1));
    assertEquals(Verdict.Outcome.EXEMPT, v.outcome(), v::toString);
    assertEquals("ZE-11", v.ruleId());
  }

  /**
   * A wheelchair-accessible diesel car registered only by bijzonderheidscode 146 (7ug8-2dtt), and a crane truck
   * registered by the specific carrosserie number 26 (jhie-znh9, beside its code BA): from the API and from the
   * bulk mirror alike, the milieuzone exempts the car (MZ-3b) and the ZE-zone the young crane (ZE-12).
   */
  @Test
  void bijzonderhedenAndSpecificNumbersComeFromTheApiAndFromTheBulkMirrorAlike() throws Exception {
    VehicleFacts car = sameFactsFromApiAndMirror("VW301B", Map.of(
        RdwClient.VEHICLES, "[{\"kenteken\":\"VW301B\",\"voertuigsoort\":\"Personenauto\",\"inrichting\":\"MPV\","
            + "\"datum_eerste_toelating\":\"20030415\",\"toegestane_maximum_massa_voertuig\":\"2400\","
            + "\"massa_rijklaar\":\"1200\",\"europese_voertuigcategorie\":\"M1\"}]",
        RdwClient.FUELS, "[{\"kenteken\":\"VW301B\",\"brandstof_volgnummer\":\"1\",\"brandstof_omschrijving\":\"Diesel\","
            + "\"emissiecode_omschrijving\":\"3\"}]",
        RdwClient.BODIES, "[{\"kenteken\":\"VW301B\",\"carrosserie_volgnummer\":\"1\",\"carrosserietype\":\"AF\"}]",
        RdwClient.PARTICULARS, "[{\"kenteken\":\"VW301B\",\"bijzonderheid_volgnummer\":\"1\",\"bijzonderheid_code\":\"146\","
            + "\"bijzonderheid_code_1\":\"rolstoeltoegankelijk\"}]"));
    assertEquals(Optional.of(Set.of("146")), car.particularCodes());
    Verdict mz = new Regime.Milieuzone(4, 6, null, 40).evaluate(car, LocalDate.of(2026, 6, 1));
    assertEquals(Verdict.Outcome.EXEMPT, mz.outcome(), mz::toString);
    assertEquals("MZ-3b", mz.ruleId());

    VehicleFacts crane = sameFactsFromApiAndMirror("VW302B", Map.of(
        RdwClient.VEHICLES, "[{\"kenteken\":\"VW302B\",\"voertuigsoort\":\"Bedrijfsauto\",\"inrichting\":\"kraanwagen\","
            + "\"datum_eerste_toelating\":\"20150301\",\"toegestane_maximum_massa_voertuig\":\"26000\","
            + "\"massa_rijklaar\":\"12000\",\"europese_voertuigcategorie\":\"N3\"}]",
        RdwClient.FUELS, "[{\"kenteken\":\"VW302B\",\"brandstof_volgnummer\":\"1\",\"brandstof_omschrijving\":\"Diesel\","
            + "\"emissiecode_omschrijving\":\"6\"}]",
        RdwClient.BODIES, "[{\"kenteken\":\"VW302B\",\"carrosserie_volgnummer\":\"1\",\"carrosserietype\":\"BA\"}]",
        RdwClient.BODY_SPECIFICS, "[{\"kenteken\":\"VW302B\",\"carrosserie_volgnummer\":\"1\","
            + "\"carrosserie_voertuig_nummer_code_volgnummer\":\"1\",\"carrosseriecode\":\"26\","
            + "\"carrosserie_voertuig_nummer_europese_omschrijving\":\"Kraanwagen\"}]"));
    assertEquals(Optional.of(Set.of("26")), crane.bodyworkNumbers());
    Verdict ze = ZE.evaluate(crane, LocalDate.of(2026, 6, 1));
    assertEquals(Verdict.Outcome.EXEMPT, ze.outcome(), ze::toString);
    assertEquals("ZE-12", ze.ruleId());
  }

  private static final Regime ZE = new Regime.ZeroEmission(LocalDate.of(2025, 1, 1), LocalDate.of(2026, 12, 31),
      LocalDate.of(2027, 12, 31), LocalDate.of(2029, 12, 31));

  /**
   * The facts of a plate from the API (the given answers, "[]" for the other datasets), then from the mirror after
   * a bulk import of the same rows (vehicles first); asserts they are equal.
   */
  private static VehicleFacts sameFactsFromApiAndMirror(String plate, Map<String, String> given) throws Exception {
    server.behave((dataset, kenteken) -> kenteken.equals(plate)
        ? new RdwTestServer.Answer(200, given.getOrDefault(dataset, "[]")) : null);
    VehicleFacts fromApi = RdwClient.create(server.settings("")).lookup(Plate.dutch(plate)).toCompletableFuture().get()
        .orElseThrow();

    RdwImporter importer = new RdwImporter(db.dataSource(), 10, p -> {});
    for (RdwDataset dataset : RdwDataset.values()) {
      importer.importFrom(dataset, plate + "-" + dataset,
          new StringReader(csv(dataset, given.getOrDefault(dataset.socrataId(), "[]"))));
    }
    server.behave((dataset, kenteken) -> new RdwTestServer.Answer(500, "the mirror should have answered"));
    VehicleFacts fromMirror = lookup(register(), Plate.dutch(plate)).orElseThrow();
    server.behave((dataset, kenteken) -> null);
    assertEquals(fromApi, fromMirror);
    return fromMirror;
  }

  /** The API's JSON rows as a bulk CSV export with the API's field names of the dataset's columns as headers. */
  private static String csv(RdwDataset dataset, String json) throws Exception {
    List<Map<String, String>> rows = new ObjectMapper().readValue(json, new TypeReference<>() {});
    List<String> headers = dataset.columns();
    StringBuilder out = new StringBuilder(String.join(",", headers)).append('\n');
    rows.forEach(r -> out.append(String.join(",", headers.stream().map(h -> r.getOrDefault(h, "")).toList())).append('\n'));
    return out.toString();
  }

  @Test
  void aMirroredPlateNeverReachesTheApi() throws Exception {
    new RdwMirror(db.dataSource()).save(new RdwRecord(
        new RdwVehicle("VV123B", "Bedrijfsauto", "N1", "gesloten opbouw", LocalDate.of(2019, 2, 1), 3100, 1800),
        List.of(new RdwFuel("VV123B", 1, "Elektriciteit", "Z", null, null, null)), List.of(new RdwBody("VV123B", 1, "BB")),
        List.of(), List.of()));
    int before = server.requests(RdwClient.VEHICLES);
    VehicleFacts f = lookup(register(), Plate.dutch("VV-123-B")).orElseThrow();
    assertTrue(f.isZeroEmission());
    assertEquals(before, server.requests(RdwClient.VEHICLES));
  }

  /**
   * A van first admitted 2025-03-10 whose fuel rows RDW does not give: it may be electric. Through the mirror
   * (vehicle row only, so the API is asked) and through the API alone, the ZE-zone's verdict is UNKNOWN.
   */
  @Test
  void aVehicleWithoutFuelRowsIsUnknownOnTheMirrorAndTheApiPathAlike() throws Exception {
    server.behave((dataset, kenteken) -> !kenteken.startsWith("VW12") ? null
        : new RdwTestServer.Answer(200, !dataset.equals(RdwClient.VEHICLES) ? "[]"
            : "[{\"kenteken\":\"" + kenteken + "\",\"voertuigsoort\":\"Bedrijfsauto\",\"europese_voertuigcategorie\":\"N1\","
            + "\"inrichting\":\"gesloten opbouw\",\"datum_eerste_toelating\":\"20250310\","
            + "\"toegestane_maximum_massa_voertuig\":\"3000\",\"massa_rijklaar\":\"1900\"}]"));
    new RdwMirror(db.dataSource()).save(new RdwRecord(
        new RdwVehicle("VW124B", "Bedrijfsauto", "N1", "gesloten opbouw", LocalDate.of(2025, 3, 10), 3000, 1900), List.of(), List.of(),
        List.of(), List.of()));
    Regime ze = new Regime.ZeroEmission(LocalDate.of(2025, 1, 1), LocalDate.of(2026, 12, 31), LocalDate.of(2027, 12, 31),
        LocalDate.of(2029, 12, 31));
    for (String plate : List.of("VW124B", "VW125B")) {
      VehicleFacts f = lookup(register(), Plate.dutch(plate)).orElseThrow();
      Verdict v = ze.evaluate(f, LocalDate.of(2025, 6, 1));
      assertEquals(Verdict.Outcome.UNKNOWN, v.outcome(), plate + ": " + v);
    }
  }

  @Test
  void unknownForeignCountrylessAndNonDutchShapedPlatesAreEmpty() throws Exception {
    assertEquals(Optional.empty(), lookup(register(), Plate.dutch("ZZ999Z")));
    int before = server.requests(RdwClient.VEHICLES);
    assertEquals(Optional.empty(), lookup(register(), Plate.of("TT601D", "B")));
    // TT601D is a real Dutch registration, but a read without a country or in no Dutch sidecode is not looked up
    assertEquals(Optional.empty(), lookup(register(), Plate.of("TT601D", null)));
    assertEquals(Optional.empty(), lookup(register(), Plate.dutch("TT6010D")));
    assertEquals(before, server.requests(RdwClient.VEHICLES));
  }
}
