package nl.opencordon.persistence.exemptions;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import nl.opencordon.domain.Exemption;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Exemptions (ontheffingen) in PostgreSQL, the one record of them in the cluster: list, add, remove, import a
 * CSV list, the exemptions covering a case (what enforcement checks before a case moves on), and a snapshot
 * with its change marker for the copies the gates read ({@link ExemptionCache}). Adding an id that exists
 * replaces that exemption.
 */
public final class ExemptionRepository {
  /**
   * Columns of the CSV import; plate_to and country may be empty (one plate; NL). An optional column
   * {@code kind} says DAY for a ZE day exemption (valid_from its date, valid_until empty); otherwise
   * valid_from and valid_until are dates (whole days) or local dates and times, see {@link Exemption#startOf}
   * and {@link Exemption#endOf}.
   */
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

  /** The stored exemptions as of {@code version}, the change marker every write moves (migration V88). */
  public record Snapshot(long version, List<Exemption> exemptions) {}

  private static final String COLUMNS =
      "SELECT id, zone_id, country, plate_from, plate_to, valid_from, valid_until, reason FROM exemptions";

  private final DataSource dataSource;

  public ExemptionRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public List<Exemption> list() throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement(COLUMNS + " ORDER BY id")) {
      return exemptions(ps);
    }
  }

  /** The change marker alone: cheap enough to poll every second. */
  public long version() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return version(c);
    }
  }

  /** The exemptions and the marker read in one snapshot, so that the copy is exactly that version. */
  public Snapshot snapshot() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try (PreparedStatement ps = c.prepareStatement(COLUMNS + " ORDER BY id")) {
        long version = version(c);
        List<Exemption> all = exemptions(ps);
        c.commit();
        return new Snapshot(version, all);
      } finally {
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      }
    }
  }

  /** The stored exemptions that cover a plate in a zone at a moment, asked of the record itself. */
  public List<Exemption> covering(String zoneId, Plate plate, Instant at) throws SQLException {
    LocalDateTime local = LocalDateTime.ofInstant(at, Passage.LOCAL);
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(COLUMNS
        + " WHERE (zone_id = ? OR zone_id = '*') AND country = ? AND valid_from <= ? AND valid_until > ?"
        + " ORDER BY id")) {
      ps.setString(1, zoneId);
      ps.setString(2, plate.country());
      ps.setObject(3, local);
      ps.setObject(4, local);
      // the plate range is compared by Exemption.covers, the one rule of it, not by the database's collation
      return exemptions(ps).stream().filter(e -> e.covers(zoneId, plate, at)).toList();
    }
  }

  private static long version(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT version FROM exemptions_version");
         ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<Exemption> exemptions(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<Exemption> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new Exemption(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getObject(6, LocalDateTime.class), rs.getObject(7, LocalDateTime.class), rs.getString(8)));
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

  /**
   * Imports a CSV list with the header {@link #CSV_COLUMNS} (dates as 2026-01-31, times as 2026-01-31T06:00,
   * local time in Europe/Amsterdam), and optionally {@code kind}. The whole file is checked
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
          Exemption e = Exemption.entered(r.get("id"), r.get("zone"), r.get("country"), r.get("plate_from"),
              r.get("plate_to"), Exemption.Kind.of(r.isMapped("kind") ? r.get("kind") : null), r.get("valid_from"),
              r.get("valid_until"), r.get("reason"));
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

  /** Adds or replaces several exemptions in one transaction. */
  public void addAll(List<Exemption> exemptions) throws SQLException {
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
