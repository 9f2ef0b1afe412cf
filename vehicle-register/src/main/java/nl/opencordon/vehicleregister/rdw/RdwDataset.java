package nl.opencordon.vehicleregister.rdw;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The five RDW datasets the mirror keeps, with the table and columns (named as RDW's API fields) of each.
 * Bulk CSV exports name their columns by label ("Datum eerste toelating", "Emissieklasse"), the API by field
 * name; {@link #fieldOf} accepts both, using RDW's column lists (columns_*.tsv).
 */
public enum RdwDataset {
  VEHICLES(RdwClient.VEHICLES, "rdw_vehicles", List.of("kenteken", "voertuigsoort", "europese_voertuigcategorie",
      "inrichting", "datum_eerste_toelating", "toegestane_maximum_massa_voertuig", "massa_rijklaar",
      "merk", "handelsbenaming", "eerste_kleur"), List.of("kenteken")),
  FUELS(RdwClient.FUELS, "rdw_vehicle_fuels", List.of("kenteken", "brandstof_volgnummer", "brandstof_omschrijving",
      "emissiecode_omschrijving", "uitlaatemissieniveau", "milieuklasse_eg_goedkeuring_licht",
      "milieuklasse_eg_goedkeuring_zwaar"), List.of("kenteken", "brandstof_volgnummer")),
  BODIES(RdwClient.BODIES, "rdw_vehicle_bodies", List.of("kenteken", "carrosserie_volgnummer", "carrosserietype"),
      List.of("kenteken", "carrosserie_volgnummer")),
  BODY_SPECIFICS(RdwClient.BODY_SPECIFICS, "rdw_vehicle_body_specifics", List.of("kenteken", "carrosserie_volgnummer",
      "carrosserie_voertuig_nummer_code_volgnummer", "carrosseriecode"),
      List.of("kenteken", "carrosserie_volgnummer", "carrosserie_voertuig_nummer_code_volgnummer")),
  PARTICULARS(RdwClient.PARTICULARS, "rdw_vehicle_particulars", List.of("kenteken", "bijzonderheid_volgnummer",
      "bijzonderheid_code"), List.of("kenteken", "bijzonderheid_volgnummer"));

  private final String socrataId;
  private final String table;
  private final List<String> columns;
  private final List<String> key;
  private Map<String, String> fieldByName;

  RdwDataset(String socrataId, String table, List<String> columns, List<String> key) {
    this.socrataId = socrataId;
    this.table = table;
    this.columns = columns;
    this.key = key;
  }

  /** RDW's Socrata id of the dataset, e.g. "vezc-m2t6". */
  public String socrataId() {
    return socrataId;
  }

  public String table() {
    return table;
  }

  public List<String> columns() {
    return columns;
  }

  /**
   * Columns a bulk file may lack: make, model and colour only help the officer compare the photo, so a file
   * without them imports with them empty.
   */
  boolean optional(String column) {
    return this == VEHICLES && LOOKS.contains(column);
  }

  private static final List<String> LOOKS = List.of("merk", "handelsbenaming", "eerste_kleur");

  /** A row's values in the order of {@link #columns()}; IllegalArgumentException for an unusable row. */
  List<Object> row(Function<String, String> field) {
    return switch (this) {
      case VEHICLES -> values(RdwVehicle.fromFields(field));
      case FUELS -> values(RdwFuel.fromFields(field));
      case BODIES -> values(RdwBody.fromFields(field));
      case BODY_SPECIFICS -> values(RdwBodySpecific.fromFields(field));
      case PARTICULARS -> values(RdwParticular.fromFields(field));
    };
  }

  static List<Object> values(RdwVehicle v) {
    requirePlate(v.plate());
    return Arrays.asList(v.plate(), v.vehicleType(), v.euCategory(), v.bodyType(), v.firstAdmission(),
        v.maxMassKg(), v.massInRunningOrderKg(), v.make(), v.model(), v.colour());
  }

  static List<Object> values(RdwFuel f) {
    requirePlate(f.plate());
    return Arrays.asList(f.plate(), f.sequence(), f.fuel(), f.emissionCode(), f.exhaustLevel(), f.approvalLight(),
        f.approvalHeavy());
  }

  static List<Object> values(RdwBody b) {
    requirePlate(b.plate());
    return Arrays.asList(b.plate(), b.sequence(), b.code());
  }

  static List<Object> values(RdwBodySpecific b) {
    requirePlate(b.plate());
    return Arrays.asList(b.plate(), b.bodySequence(), b.sequence(), b.code());
  }

  static List<Object> values(RdwParticular p) {
    requirePlate(p.plate());
    return Arrays.asList(p.plate(), p.sequence(), p.code());
  }

  /**
   * Whether a plate without rows in this dataset has none (most vehicles have no bijzonderheden or specific
   * codes), as opposed to fuel and carrosserie rows, which every vehicle has, so that their absence is a gap.
   */
  boolean rowsMayBeAbsent() {
    return this == BODY_SPECIFICS || this == PARTICULARS;
  }

  /** The column of rdw_vehicles that says this dataset's rows of the vehicle are in the mirror, even if none. */
  String knownColumn() {
    return table.replace("rdw_vehicle_", "") + "_known";
  }

  private static void requirePlate(String plate) {
    if (plate == null || plate.length() > 12) {
      throw new IllegalArgumentException("kenteken missing or longer than 12: '" + plate + "'");
    }
  }

  /**
   * INSERT ... SELECT from a staging table with {@link #columns()} and a column {@code ord} in file order,
   * the last row winning per key.
   */
  String upsertFromStage(String stage, String source) {
    String cols = String.join(", ", columns);
    String keys = String.join(", ", key);
    // DISTINCT ON: one statement may not update the same row twice when a file repeats a plate.
    return "INSERT INTO " + table + " (" + cols + ", source) SELECT DISTINCT ON (" + keys + ") " + cols + ", '" + source
        + "' FROM " + stage + " ORDER BY " + keys + ", ord DESC" + onConflict("now()");
  }

  /**
   * INSERT of one row the API gave, as parameters in the order of {@link #columns()}: without a time, as the API
   * is asked when a vehicle passes and the time of the lookup would be the time of its passage (Leidraad 4.2.4).
   */
  String upsertFromApi() {
    return "INSERT INTO " + table + " (" + String.join(", ", columns) + ", source, updated_at) VALUES ("
        + "?, ".repeat(columns.size()) + "'API', NULL)" + onConflict("NULL");
  }

  private String onConflict(String updatedAt) {
    StringBuilder set = new StringBuilder("source = EXCLUDED.source, updated_at = " + updatedAt);
    columns.stream().filter(c -> !key.contains(c)).forEach(c -> set.append(", ").append(c).append(" = EXCLUDED.").append(c));
    return " ON CONFLICT (" + String.join(", ", key) + ") DO UPDATE SET " + set;
  }

  /** The API field a CSV header names, by field name or label; null when this dataset has no such column. */
  String fieldOf(String header) {
    return fields().get(header.trim().toLowerCase(Locale.ROOT));
  }

  private synchronized Map<String, String> fields() {
    if (fieldByName == null) {
      Map<String, String> m = new HashMap<>();
      String resource = "/rdw/columns_" + socrataId + ".tsv";
      try (InputStream in = RdwDataset.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + resource);
        }
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().skip(1).forEach(line -> {
          String[] cells = line.split("\t");
          m.put(cells[0].toLowerCase(Locale.ROOT), cells[0]);
          if (cells.length > 1) {
            m.put(cells[1].toLowerCase(Locale.ROOT), cells[0]);
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      fieldByName = Map.copyOf(m);
    }
    return fieldByName;
  }
}
