package nl.opencordon.enforcement.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Sign problems at gates, the correction requests they cause, and the monthly sign inspection (schouw) log. */
public final class SignRepository {
  private final DataSource dataSource;

  public SignRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * A reported sign problem.
   *
   * @param problemFrom enforcement at the gate is suspended from here
   * @param doubtFrom cases from here on are withdrawn
   * @param resolvedAt null while the problem lasts
   * @param correctionBatchId the correction request for CJIB, when there were cases already sent
   */
  public record SignProblem(long id, String gateId, Instant problemFrom, Instant doubtFrom, String description,
                            String reportedBy, Instant reportedAt, Instant resolvedAt, String correctionBatchId) {}

  /** One case already with CJIB that a sign problem withdrew. */
  public record Correction(long signProblemId, String caseId, String exportBatchId, Instant observedAt,
                           String locationCode) {}

  public record Inspection(long id, String gateId, Instant inspectedAt, String inspector, boolean signsOk,
                           String notes) {}

  public SignProblem report(String gateId, Instant problemFrom, Instant doubtFrom, String description,
                            String reportedBy, Instant reportedAt) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        INSERT INTO sign_problems (gate_id, problem_from, doubt_from, description, reported_by, reported_at)
        VALUES (?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, gateId);
      ps.setTimestamp(2, Timestamp.from(problemFrom));
      ps.setTimestamp(3, Timestamp.from(doubtFrom));
      ps.setString(4, description);
      ps.setString(5, reportedBy);
      ps.setTimestamp(6, Timestamp.from(reportedAt));
      ps.executeUpdate();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return new SignProblem(rs.getLong("id"), gateId, problemFrom, doubtFrom, description, reportedBy,
            reportedAt, null, null);
      }
    }
  }

  /** Marks a problem resolved; false when it does not exist or was resolved already. */
  public boolean resolve(long id, Instant at) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE sign_problems SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL")) {
      ps.setTimestamp(1, Timestamp.from(at));
      ps.setLong(2, id);
      return ps.executeUpdate() == 1;
    }
  }

  public void setCorrectionBatch(long id, String batchId) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE sign_problems SET correction_batch_id = ? WHERE id = ?")) {
      ps.setString(1, batchId);
      ps.setLong(2, id);
      ps.executeUpdate();
    }
  }

  /** Problems, newest first; {@code gateId} null for all gates. */
  public List<SignProblem> problems(String gateId) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT * FROM sign_problems WHERE (?::varchar IS NULL OR gate_id = ?) ORDER BY problem_from DESC")) {
      ps.setString(1, gateId);
      ps.setString(2, gateId);
      List<SignProblem> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Timestamp resolved = rs.getTimestamp("resolved_at");
          out.add(new SignProblem(rs.getLong("id"), rs.getString("gate_id"),
              rs.getTimestamp("problem_from").toInstant(), rs.getTimestamp("doubt_from").toInstant(),
              rs.getString("description"), rs.getString("reported_by"), rs.getTimestamp("reported_at").toInstant(),
              resolved == null ? null : resolved.toInstant(), rs.getString("correction_batch_id")));
        }
      }
      return out;
    }
  }

  public Optional<SignProblem> problem(long id) throws SQLException {
    return problems(null).stream().filter(p -> p.id() == id).findFirst();
  }

  /** Whether a moment lies in the doubt period (doubt_from until resolved) of a sign problem at one of the gates. */
  public boolean inDoubt(Collection<String> gateIds, Instant at) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        SELECT EXISTS (SELECT 1 FROM sign_problems WHERE gate_id = ANY (?) AND doubt_from <= ?
                         AND (resolved_at IS NULL OR resolved_at > ?))""")) {
      ps.setArray(1, c.createArrayOf("varchar", gateIds.toArray()));
      ps.setTimestamp(2, Timestamp.from(at));
      ps.setTimestamp(3, Timestamp.from(at));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Records, in the caller's transaction, that a case already with CJIB must be corrected. */
  public static void addCorrection(Connection tx, Correction c) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement("""
        INSERT INTO correction_requests (sign_problem_id, case_id, export_batch_id, observed_at, location_code)
        VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
      ps.setLong(1, c.signProblemId());
      ps.setString(2, c.caseId());
      ps.setString(3, c.exportBatchId());
      ps.setTimestamp(4, Timestamp.from(c.observedAt()));
      ps.setString(5, c.locationCode());
      ps.executeUpdate();
    }
  }

  public List<Correction> corrections(long signProblemId) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT * FROM correction_requests WHERE sign_problem_id = ? ORDER BY observed_at")) {
      ps.setLong(1, signProblemId);
      List<Correction> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Correction(signProblemId, rs.getString("case_id"), rs.getString("export_batch_id"),
              rs.getTimestamp("observed_at").toInstant(), rs.getString("location_code")));
        }
      }
      return out;
    }
  }

  // ---- schouw -------------------------------------------------------------------------------------------

  public Inspection inspect(String gateId, Instant at, String inspector, boolean signsOk, String notes)
      throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        INSERT INTO sign_inspections (gate_id, inspected_at, inspector, signs_ok, notes) VALUES (?, ?, ?, ?, ?)""",
        Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, gateId);
      ps.setTimestamp(2, Timestamp.from(at));
      ps.setString(3, inspector);
      ps.setBoolean(4, signsOk);
      ps.setString(5, notes);
      ps.executeUpdate();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return new Inspection(rs.getLong("id"), gateId, at, inspector, signsOk, notes);
      }
    }
  }

  /** Inspections, newest first; {@code gateId} null for all gates. */
  public List<Inspection> inspections(String gateId) throws SQLException {
    return inspections(gateId, null, false);
  }

  /** The last inspection at any of the gates (a zone's) before a moment that found the signs in order. */
  public Optional<Inspection> lastOk(Collection<String> gateIds, Instant before) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        SELECT * FROM sign_inspections WHERE gate_id = ANY (?) AND inspected_at < ? AND signs_ok
        ORDER BY inspected_at DESC LIMIT 1""")) {
      ps.setArray(1, c.createArrayOf("varchar", gateIds.toArray()));
      ps.setTimestamp(2, Timestamp.from(before));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(inspection(rs)) : Optional.empty();
      }
    }
  }

  private static Inspection inspection(ResultSet rs) throws SQLException {
    return new Inspection(rs.getLong("id"), rs.getString("gate_id"), rs.getTimestamp("inspected_at").toInstant(),
        rs.getString("inspector"), rs.getBoolean("signs_ok"), rs.getString("notes"));
  }

  private List<Inspection> inspections(String gateId, Instant before, boolean okOnly) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        SELECT * FROM sign_inspections WHERE (?::varchar IS NULL OR gate_id = ?)
          AND (?::timestamptz IS NULL OR inspected_at < ?) AND (NOT ? OR signs_ok) ORDER BY inspected_at DESC""")) {
      Timestamp b = before == null ? null : Timestamp.from(before);
      ps.setString(1, gateId);
      ps.setString(2, gateId);
      ps.setTimestamp(3, b);
      ps.setTimestamp(4, b);
      ps.setBoolean(5, okOnly);
      List<Inspection> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(inspection(rs));
        }
      }
      return out;
    }
  }
}
