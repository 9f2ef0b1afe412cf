package nl.opencordon.enforcement.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Sign problems at gates, the correction requests they cause, and the monthly sign inspection (schouw) log. */
public final class SignRepository {
  private final Jdbi jdbi;

  public SignRepository(DataSource dataSource) {
    this.jdbi = Jdbi.create(dataSource);
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

  private static final RowMapper<SignProblem> PROBLEM = (rs, ctx) -> new SignProblem(rs.getLong("id"),
      rs.getString("gate_id"), rs.getTimestamp("problem_from").toInstant(), rs.getTimestamp("doubt_from").toInstant(),
      rs.getString("description"), rs.getString("reported_by"), rs.getTimestamp("reported_at").toInstant(),
      Optional.ofNullable(rs.getTimestamp("resolved_at")).map(Timestamp::toInstant).orElse(null),
      rs.getString("correction_batch_id"));

  private static final RowMapper<Inspection> INSPECTION = (rs, ctx) -> new Inspection(rs.getLong("id"),
      rs.getString("gate_id"), rs.getTimestamp("inspected_at").toInstant(), rs.getString("inspector"),
      rs.getBoolean("signs_ok"), rs.getString("notes"));

  public SignProblem report(String gateId, Instant problemFrom, Instant doubtFrom, String description,
                            String reportedBy, Instant reportedAt) {
    long id = jdbi.withHandle(h -> h.select("""
        INSERT INTO sign_problems (gate_id, problem_from, doubt_from, description, reported_by, reported_at)
        VALUES (?, ?, ?, ?, ?, ?) RETURNING id""", gateId, problemFrom, doubtFrom, description, reportedBy,
        reportedAt).mapTo(Long.class).one());
    return new SignProblem(id, gateId, problemFrom, doubtFrom, description, reportedBy, reportedAt, null, null);
  }

  /** Marks a problem resolved; false when it does not exist or was resolved already. */
  public boolean resolve(long id, Instant at) {
    return jdbi.withHandle(h -> h.execute(
        "UPDATE sign_problems SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL", at, id)) == 1;
  }

  public void setCorrectionBatch(long id, String batchId) {
    jdbi.useHandle(h -> h.execute("UPDATE sign_problems SET correction_batch_id = ? WHERE id = ?", batchId, id));
  }

  /** Problems, newest first; {@code gateId} null for all gates. */
  public List<SignProblem> problems(String gateId) {
    return jdbi.withHandle(h -> h.select("SELECT * FROM sign_problems WHERE (?::varchar IS NULL OR gate_id = ?)"
        + " ORDER BY problem_from DESC", gateId, gateId).map(PROBLEM).list());
  }

  public Optional<SignProblem> problem(long id) {
    return problems(null).stream().filter(p -> p.id() == id).findFirst();
  }

  /** Whether a moment lies in the doubt period (doubt_from until resolved) of a sign problem at one of the gates. */
  public boolean inDoubt(Collection<String> gateIds, Instant at) {
    return jdbi.withHandle(h -> h.select("""
        SELECT EXISTS (SELECT 1 FROM sign_problems WHERE gate_id = ANY (?) AND doubt_from <= ?
                         AND (resolved_at IS NULL OR resolved_at > ?))""", gateIds.toArray(String[]::new), at, at)
        .mapTo(Boolean.class).one());
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

  public List<Correction> corrections(long signProblemId) {
    return jdbi.withHandle(h -> h.select(
        "SELECT * FROM correction_requests WHERE sign_problem_id = ? ORDER BY observed_at", signProblemId)
        .map((rs, ctx) -> new Correction(signProblemId, rs.getString("case_id"), rs.getString("export_batch_id"),
            rs.getTimestamp("observed_at").toInstant(), rs.getString("location_code")))
        .list());
  }

  // ---- schouw -------------------------------------------------------------------------------------------

  public Inspection inspect(String gateId, Instant at, String inspector, boolean signsOk, String notes) {
    long id = jdbi.withHandle(h -> h.select("""
        INSERT INTO sign_inspections (gate_id, inspected_at, inspector, signs_ok, notes) VALUES (?, ?, ?, ?, ?)
        RETURNING id""", gateId, at, inspector, signsOk, notes).mapTo(Long.class).one());
    return new Inspection(id, gateId, at, inspector, signsOk, notes);
  }

  /** Inspections, newest first; {@code gateId} null for all gates. */
  public List<Inspection> inspections(String gateId) {
    return jdbi.withHandle(h -> h.select("SELECT * FROM sign_inspections WHERE (?::varchar IS NULL OR gate_id = ?)"
        + " ORDER BY inspected_at DESC", gateId, gateId).map(INSPECTION).list());
  }

  /** The last inspection at any of the gates (a zone's) before a moment that found the signs in order. */
  public Optional<Inspection> lastOk(Collection<String> gateIds, Instant before) {
    return jdbi.withHandle(h -> h.select("""
        SELECT * FROM sign_inspections WHERE gate_id = ANY (?) AND inspected_at < ? AND signs_ok
        ORDER BY inspected_at DESC LIMIT 1""", gateIds.toArray(String[]::new), before).map(INSPECTION).findOne());
  }
}
