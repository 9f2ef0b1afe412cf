package nl.opencordon.enforcement.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code case_outcomes} table (V110): what became of a case and why, with the zone, rule, gate, camera and
 * day it counts under, and no plate. The case id is kept while the case exists (a foreign key clears it when
 * the case is deleted); the SHA-256 of the id stays, so the CVOM's later objection outcome still finds its
 * counts.
 */
public final class OutcomeRepository {
  public static final String DISMISSED = "DISMISSED";
  public static final String WITHDRAWN = "WITHDRAWN";
  public static final String OBJECTION = "OBJECTION";
  public static final String APPEAL = "APPEAL";

  /** Where a case counts: everything an outcome row carries besides the outcome itself. */
  public record Facts(String caseId, String caseHash, String zoneId, String ruleId, String gateId, String cameraId,
                      String kind, LocalDate day, String status) {}

  /**
   * @param caseId null once the case is deleted
   * @param result OBJECTION and APPEAL: UPHELD or REJECTED; null otherwise
   * @param reason DISMISSED: the reason's code; WITHDRAWN: the cause
   */
  public record Outcome(long id, String caseId, String caseHash, String zoneId, String ruleId, String gateId,
                        String cameraId, String kind, LocalDate day, String outcome, String result, String reason,
                        String recordedBy, Instant recordedAt, String source) {}

  private final Jdbi jdbi;
  private final Map<String, String> gateOfCamera;

  public OutcomeRepository(DataSource dataSource, Map<String, String> gateOfCamera) {
    this.jdbi = Jdbi.create(dataSource);
    this.gateOfCamera = gateOfCamera;
  }

  /** The pseudonym of a case id that stays after the case is deleted; case ids are random, never plates. */
  public static String hash(String caseId) {
    return StoredEvidence.sha256(caseId.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Where the case counts: from the case while it exists, else from an objection or appeal recorded for it
   * before (a fine deleted at retention whose appeal comes in later); status null then.
   */
  public Optional<Facts> facts(String caseId) {
    return jdbi.withHandle(h -> h.select(
            "SELECT zone_id, rule_id, camera_id, kind, local_day, status FROM cases WHERE case_id = ?", caseId)
        .map((rs, ctx) -> new Facts(caseId, hash(caseId), rs.getString(1), rs.getString(2),
            gateOfCamera.getOrDefault(rs.getString(3), "?"), rs.getString(3), rs.getString(4),
            rs.getObject(5, LocalDate.class), rs.getString(6)))
        .findOne())
        .or(() -> outcomes(hash(caseId)).stream()
            .filter(o -> o.outcome().equals(OBJECTION) || o.outcome().equals(APPEAL)).findFirst()
            .map(o -> new Facts(null, o.caseHash(), o.zoneId(), o.ruleId(), o.gateId(), o.cameraId(), o.kind(),
                o.day(), null)));
  }

  /**
   * Records an outcome in a transaction (the erasure's, for a dismissal or withdrawal); the case id only while
   * the case is there.
   */
  public static boolean insert(Connection tx, Facts f, String outcome, String result, String reason, String by,
                            Instant at, String source) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement("""
        INSERT INTO case_outcomes (case_id, case_hash, zone_id, rule_id, gate_id, camera_id, kind, day, outcome,
          result, reason, recorded_by, recorded_at, source)
        SELECT (SELECT case_id FROM cases WHERE case_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
        ON CONFLICT DO NOTHING""")) {
      int i = 1;
      ps.setString(i++, f.caseId());
      ps.setString(i++, f.caseHash());
      ps.setString(i++, f.zoneId());
      ps.setString(i++, f.ruleId());
      ps.setString(i++, f.gateId());
      ps.setString(i++, f.cameraId());
      ps.setString(i++, f.kind());
      ps.setObject(i++, f.day());
      ps.setString(i++, outcome);
      ps.setString(i++, result);
      ps.setString(i++, reason);
      ps.setString(i++, by);
      ps.setTimestamp(i++, Timestamp.from(at));
      ps.setString(i, source);
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * Records an objection or appeal outcome; false when the case has one of that kind already (the CVOM's file
   * imported twice).
   */
  public boolean decide(Facts f, String outcome, String result, String by, Instant at, String source)
      throws SQLException {
    return jdbi.withHandle(h -> insert(h.getConnection(), f, outcome, result, null, by, at, source));
  }

  /** The outcomes of one case (by id while it exists, or by its hash), oldest first. */
  public List<Outcome> ofCase(String caseId) {
    return outcomes(hash(caseId));
  }

  private List<Outcome> outcomes(String caseHash) {
    return jdbi.withHandle(h -> h.select("SELECT * FROM case_outcomes WHERE case_hash = ? ORDER BY recorded_at, id",
        caseHash).map((rs, ctx) -> new Outcome(rs.getLong("id"), rs.getString("case_id"), rs.getString("case_hash"),
            rs.getString("zone_id"), rs.getString("rule_id"), rs.getString("gate_id"), rs.getString("camera_id"),
            rs.getString("kind"), rs.getObject("day", LocalDate.class), rs.getString("outcome"),
            rs.getString("result"), rs.getString("reason"), rs.getString("recorded_by"),
            rs.getTimestamp("recorded_at").toInstant(), rs.getString("source")))
        .list());
  }
}
