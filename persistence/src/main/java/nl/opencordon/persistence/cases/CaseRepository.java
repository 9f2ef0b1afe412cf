package nl.opencordon.persistence.cases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The {@code cases} table. Inserts are idempotent by case id, so a decision written twice stays one case. */
public final class CaseRepository {
  private final DataSource dataSource;

  public CaseRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Writes a case unless it is there already; true when it was new. */
  public boolean insert(CaseRecord c) throws SQLException {
    String sql = """
        INSERT INTO cases (case_id, zone_id, kind, plate, country, plate_hash, observed_at, local_day, camera_id,
          source, location_code, street, direction, observation_text, rule_id, reason, vehicle_facts,
          evidence_refs, status)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (case_id) DO NOTHING""";
    try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
      int i = 1;
      ps.setString(i++, c.caseId());
      ps.setString(i++, c.zoneId());
      ps.setString(i++, c.kind());
      ps.setString(i++, c.plate());
      ps.setString(i++, c.country());
      ps.setString(i++, c.plateHash());
      ps.setTimestamp(i++, Timestamp.from(c.observedAt()));
      ps.setObject(i++, c.localDay());
      ps.setString(i++, c.cameraId());
      ps.setString(i++, c.source());
      ps.setString(i++, c.locationCode());
      ps.setString(i++, c.street());
      ps.setString(i++, c.direction());
      ps.setString(i++, c.observationText());
      ps.setString(i++, c.ruleId());
      ps.setString(i++, c.reason());
      ps.setString(i++, c.vehicleFactsJson());
      ps.setString(i++, c.evidenceRefsJson());
      ps.setString(i, c.status());
      return ps.executeUpdate() == 1;
    }
  }

  /** The newest cases first, optionally only of one status. */
  public List<CaseRecord> list(String status, int limit) throws SQLException {
    String sql = "SELECT * FROM cases" + (status == null ? "" : " WHERE status = ?")
        + " ORDER BY observed_at DESC LIMIT ?";
    try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
      int i = 1;
      if (status != null) {
        ps.setString(i++, status);
      }
      ps.setInt(i, limit);
      List<CaseRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    }
  }

  public long count() throws SQLException {
    try (Connection conn = dataSource.getConnection();
         ResultSet rs = conn.createStatement().executeQuery("SELECT count(*) FROM cases")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static CaseRecord read(ResultSet rs) throws SQLException {
    return new CaseRecord(rs.getString("case_id"), rs.getString("zone_id"), rs.getString("kind"),
        rs.getString("plate"), rs.getString("country"), rs.getString("plate_hash"),
        rs.getTimestamp("observed_at").toInstant(), rs.getObject("local_day", java.time.LocalDate.class),
        rs.getString("camera_id"), rs.getString("source"), rs.getString("location_code"), rs.getString("street"),
        rs.getString("direction"), rs.getString("observation_text"), rs.getString("rule_id"), rs.getString("reason"),
        rs.getString("vehicle_facts"), rs.getString("evidence_refs"), rs.getString("status"));
  }
}
