package nl.opencordon.persistence.exemptions;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import nl.opencordon.domain.Exemption;
import nl.opencordon.domain.ExemptionRegistry;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Exemptions (ontheffingen) in PostgreSQL: list, add, remove, import a CSV list, and load them into the
 * in-memory {@link ExemptionRegistry} the gates read. Adding an id that exists replaces that exemption.
 */
public final class ExemptionRepository {
  /** Columns of the CSV import; plate_to and country may be empty (one plate; NL). */
  public static final List<String> CSV_COLUMNS =
      List.of("id", "zone", "country", "plate_from", "plate_to", "valid_from", "valid_until", "reason");

  private static final String UPSERT = "INSERT INTO exemptions (id, zone_id, country, plate_from, plate_to, valid_from, "
      + "valid_until, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET zone_id = EXCLUDED.zone_id, "
      + "country = EXCLUDED.country, plate_from = EXCLUDED.plate_from, plate_to = EXCLUDED.plate_to, "
      + "valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until, reason = EXCLUDED.reason";

  /** Every problem of a rejected CSV, each as "line N: reason"; nothing of that file was stored. */
  public static final class InvalidCsvException extends Exception {
    private final List<String> problems;

    InvalidCsvException(List<String> problems) {
      super("exemption list rejected:\n - " + String.join("\n - ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  /** One stored row of an imported list, with its line in the file (the header is line 1). */
  public record Imported(long line, Exemption exemption) {}

  private final DataSource dataSource;

  public ExemptionRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public List<Exemption> list() throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT id, zone_id, country, plate_from, plate_to, valid_from, valid_until, reason FROM exemptions ORDER BY id");
         ResultSet rs = ps.executeQuery()) {
      List<Exemption> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new Exemption(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getDate(6).toLocalDate(), rs.getDate(7).toLocalDate(), rs.getString(8)));
      }
      return out;
    }
  }

  public void add(Exemption e) throws SQLException {
    addAll(List.of(e));
  }

  /** @return false when there was no exemption with that id */
  public boolean remove(String id) throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement("DELETE FROM exemptions WHERE id = ?")) {
      ps.setString(1, id);
      return ps.executeUpdate() > 0;
    }
  }

  /** Makes the registry hold exactly the stored exemptions. */
  public void loadInto(ExemptionRegistry registry) throws SQLException {
    List<Exemption> stored = list();
    Set<String> ids = new HashSet<>();
    stored.forEach(e -> {
      registry.put(e);
      ids.add(e.id());
    });
    registry.all().stream().filter(e -> !ids.contains(e.id())).forEach(e -> registry.remove(e.id()));
  }

  /**
   * Imports a CSV list with the header {@link #CSV_COLUMNS} (dates as 2026-01-31). The whole file is checked
   * first; with any problem nothing is stored and every problem is reported with its line.
   *
   * @param knownZones zone ids a row may name besides "*"
   * @return the exemptions stored, with their lines
   */
  public List<Imported> importCsv(Reader csv, Set<String> knownZones)
      throws IOException, SQLException, InvalidCsvException {
    List<String> problems = new ArrayList<>();
    List<Imported> rows = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
        .setIgnoreEmptyLines(true).build();
    try (CSVParser parser = CSVParser.parse(csv, format)) {
      List<String> missing = CSV_COLUMNS.stream().filter(col -> !parser.getHeaderNames().contains(col)).toList();
      if (!missing.isEmpty()) {
        throw new InvalidCsvException(List.of("line 1: missing columns " + missing + ", expected " + CSV_COLUMNS));
      }
      for (CSVRecord r : parser) {
        long lineNumber = r.getRecordNumber() + 1;
        String line = "line " + lineNumber + ": ";
        try {
          Exemption e = new Exemption(r.get("id"), r.get("zone"), r.get("country"), r.get("plate_from"),
              r.get("plate_to"), java.time.LocalDate.parse(r.get("valid_from")),
              java.time.LocalDate.parse(r.get("valid_until")), r.get("reason"));
          if (e.id().isBlank()) {
            problems.add(line + "id is empty");
          } else if (!ids.add(e.id())) {
            problems.add(line + "id '" + e.id() + "' appears twice");
          } else if (!"*".equals(e.zoneId()) && !knownZones.contains(e.zoneId())) {
            problems.add(line + "unknown zone '" + e.zoneId() + "', expected one of " + knownZones + " or *");
          } else {
            rows.add(new Imported(lineNumber, e));
          }
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
          problems.add(line + e.getMessage());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidCsvException(problems);
    }
    addAll(rows.stream().map(Imported::exemption).toList());
    return rows;
  }

  private void addAll(List<Exemption> exemptions) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(UPSERT)) {
      c.setAutoCommit(false);
      try {
        for (Exemption e : exemptions) {
          ps.setString(1, e.id());
          ps.setString(2, e.zoneId());
          ps.setString(3, e.country());
          ps.setString(4, e.plateFrom());
          ps.setString(5, e.plateTo());
          ps.setObject(6, e.validFrom());
          ps.setObject(7, e.validUntil());
          ps.setString(8, e.reason() == null ? "" : e.reason());
          ps.addBatch();
        }
        ps.executeBatch();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }
}
