package nl.opencordon.insight.quality;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads the counts the verdict quality loop keeps (V110): cases and fines sent per day, zone, rule and camera
 * ({@code case_counts}, kept by triggers on the cases), the outcomes with their reasons ({@code case_outcomes},
 * written by the enforcement chain), and the vehicles seen per zone, category and emission class
 * ({@code zone_passage_counts}, which this module writes). Counts only: no plate, no case id leaves it.
 */
public final class QualityRepository {
  private final DataSource dataSource;

  public QualityRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Cases and fines sent to CJIB in a month, for one zone, rule and camera. */
  public record CaseCount(LocalDate month, String zoneId, String ruleId, String cameraId, long cases, long finesSent) {}

  /**
   * Outcomes in a month (of the passage) for one zone, rule and camera.
   *
   * @param result UPHELD or REJECTED for objections and appeals, else null
   * @param reason a dismissal's reason code, a withdrawal's cause
   */
  public record OutcomeCount(LocalDate month, String zoneId, String ruleId, String gateId, String cameraId,
                             String outcome, String result, String reason, long count) {}

  public List<CaseCount> caseCounts(LocalDate from, LocalDate to) throws SQLException {
    return query("""
        SELECT date_trunc('month', day)::date, zone_id, rule_id, camera_id, sum(cases), sum(exported)
        FROM case_counts WHERE day BETWEEN ? AND ? GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4""", from, to,
        rs -> new CaseCount(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getLong(5), rs.getLong(6)));
  }

  public List<OutcomeCount> outcomeCounts(LocalDate from, LocalDate to) throws SQLException {
    return query("""
        SELECT date_trunc('month', day)::date, zone_id, rule_id, gate_id, camera_id, outcome, result, reason, count(*)
        FROM case_outcomes WHERE day BETWEEN ? AND ? GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 5""", from, to,
        rs -> new OutcomeCount(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9)));
  }

  /** A camera's cases since a day, and how many of them officers dismissed for the misread reason. */
  public record CameraWindow(String cameraId, long cases, long misread) {}

  public List<CameraWindow> cameraWindow(LocalDate since, String misreadReason) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        SELECT camera_id, sum(cases), coalesce((SELECT count(*) FROM case_outcomes o WHERE o.camera_id = k.camera_id
          AND o.day >= ? AND o.outcome = 'DISMISSED' AND o.reason = ?), 0)
        FROM case_counts k WHERE day >= ? GROUP BY camera_id ORDER BY camera_id""")) {
      ps.setObject(1, since);
      ps.setString(2, misreadReason);
      ps.setObject(3, since);
      List<CameraWindow> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new CameraWindow(rs.getString(1), rs.getLong(2), rs.getLong(3)));
        }
      }
      return out;
    }
  }

  /** A rule's objection outcomes recorded since a moment, and how many were upheld. */
  public record RuleWindow(String ruleId, long objections, long upheld) {}

  public List<RuleWindow> ruleWindow(Instant since) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        SELECT rule_id, count(*), count(*) FILTER (WHERE result = 'UPHELD') FROM case_outcomes
        WHERE outcome = 'OBJECTION' AND recorded_at >= ? GROUP BY rule_id ORDER BY rule_id""")) {
      ps.setTimestamp(1, Timestamp.from(since));
      List<RuleWindow> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new RuleWindow(rs.getString(1), rs.getLong(2), rs.getLong(3)));
        }
      }
      return out;
    }
  }

  /**
   * The ministry's monitoring figures for a period: per zone, vehicle category and emission class, the vehicles
   * seen, the potential violations (cases of both kinds), the warnings and the fines sent to CJIB.
   */
  public record Figure(String zoneId, String category, String emissionClass, long passages, long violations,
                       long warnings, long fines) {}

  public List<Figure> figures(LocalDate from, LocalDate to) throws SQLException {
    return query("""
        SELECT zone_id, category, emission_class, sum(passages), sum(violations), sum(warnings), sum(fines) FROM (
          SELECT zone_id, category, emission_class, passages, 0 AS violations, 0 AS warnings, 0 AS fines
            FROM zone_passage_counts WHERE day BETWEEN ? AND ?
          UNION ALL
          SELECT zone_id, category, emission_class, 0, cases, CASE WHEN kind = 'WARNING' THEN cases ELSE 0 END,
            CASE WHEN kind = 'FINE' THEN exported ELSE 0 END FROM case_counts WHERE day BETWEEN ? AND ?) f
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""", new Object[] {from, to, from, to},
        rs -> new Figure(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
            rs.getLong(6), rs.getLong(7)));
  }

  /** One cell of vehicles seen, as a node's gates counted them since its last write. */
  public record PassageCell(LocalDate day, String zoneId, String category, String emissionClass) {}

  /** Adds a node's counts to the shared ones, in one transaction. */
  public void addPassages(Map<PassageCell, Long> counts) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        INSERT INTO zone_passage_counts AS z (day, zone_id, category, emission_class, passages) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (day, zone_id, category, emission_class) DO UPDATE SET passages = z.passages + excluded.passages""")) {
      c.setAutoCommit(false);
      for (Map.Entry<PassageCell, Long> e : counts.entrySet()) {
        ps.setObject(1, e.getKey().day());
        ps.setString(2, e.getKey().zoneId());
        ps.setString(3, e.getKey().category());
        ps.setString(4, e.getKey().emissionClass());
        ps.setLong(5, e.getValue());
        ps.addBatch();
      }
      ps.executeBatch();
      c.commit();
    }
  }

  @FunctionalInterface
  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, LocalDate from, LocalDate to, Row<T> row) throws SQLException {
    return query(sql, new Object[] {from, to}, row);
  }

  private <T> List<T> query(String sql, Object[] params, Row<T> row) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row.read(rs));
        }
      }
      return out;
    }
  }
}
