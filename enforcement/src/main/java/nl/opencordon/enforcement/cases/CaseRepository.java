package nl.opencordon.enforcement.cases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.ImageFormat;
import nl.opencordon.enforcement.store.StoredEvidence;

/**
 * The {@code cases} table. Inserts are idempotent by case id, so a decision written twice stays one case, and
 * a case that was deleted (its id is in {@code case_tombstones}) is never written again.
 */
public final class CaseRepository {
  private final DataSource dataSource;

  public CaseRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Writes a case with the references and hashes of its evidence, in one transaction, unless the case is
   * there already or was deleted before; true when it was new.
   */
  public boolean insert(CaseRecord c, List<StoredEvidence> evidence) throws SQLException {
    String sql = """
        INSERT INTO cases (case_id, zone_id, kind, plate, country, plate_hash, observed_at, local_day, camera_id,
          source, location_code, street, direction, observation_text, rule_id, reason, vehicle_facts,
          evidence_refs, status, seen_category, read_confidence, latitude, longitude)
        SELECT ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::date, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
        WHERE NOT EXISTS (SELECT 1 FROM case_tombstones t WHERE t.case_id = ?)
        ON CONFLICT (case_id) DO NOTHING""";
    try (Connection conn = dataSource.getConnection()) {
      conn.setAutoCommit(false);
      try {
        boolean inserted = insertRow(conn, sql, c);
        if (inserted) {
          insertEvidence(conn, c.caseId(), evidence);
        }
        conn.commit();
        return inserted;
      } catch (SQLException | RuntimeException e) {
        conn.rollback();
        throw e;
      }
    }
  }

  private static void insertEvidence(Connection conn, String caseId, List<StoredEvidence> evidence)
      throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(
        "INSERT INTO case_evidence (case_id, position, ref, sha256, media_type) VALUES (?, ?, ?, ?, ?)")) {
      for (int i = 0; i < evidence.size(); i++) {
        StoredEvidence e = evidence.get(i);
        ps.setString(1, caseId);
        ps.setInt(2, i);
        ps.setString(3, e.ref());
        ps.setString(4, e.sha256());
        ps.setString(5, e.mediaType());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Whether a case is in the table or was deleted from it. */
  public boolean known(String caseId) throws SQLException {
    try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(
        "SELECT EXISTS (SELECT 1 FROM cases WHERE case_id = ?) OR EXISTS (SELECT 1 FROM case_tombstones WHERE case_id = ?)")) {
      ps.setString(1, caseId);
      ps.setString(2, caseId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static boolean insertRow(Connection conn, String sql, CaseRecord c) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
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
      ps.setString(i++, c.status());
      ps.setString(i++, c.seenCategory());
      ps.setObject(i++, c.readConfidence(), java.sql.Types.DOUBLE);
      ps.setObject(i++, c.position() == null ? null : c.position().lat(), java.sql.Types.DOUBLE);
      ps.setObject(i++, c.position() == null ? null : c.position().lon(), java.sql.Types.DOUBLE);
      ps.setString(i, c.caseId());
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

  /** Cases by status, for the metrics. */
  public Map<String, Long> countByStatus() throws SQLException {
    try (Connection conn = dataSource.getConnection();
         ResultSet rs = conn.createStatement().executeQuery("SELECT status, count(*) FROM cases GROUP BY status")) {
      Map<String, Long> byStatus = new TreeMap<>();
      while (rs.next()) {
        byStatus.put(rs.getString(1), rs.getLong(2));
      }
      return byStatus;
    }
  }

  /** Cases without a real picture (none, or only placeholders) by status, for the metrics. */
  public Map<String, Long> countWithoutRealPicture() throws SQLException {
    try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement("""
        SELECT status, count(*) FROM cases k WHERE NOT EXISTS (SELECT 1 FROM case_evidence e
          WHERE e.case_id = k.case_id AND e.media_type = ANY(?)) GROUP BY status""")) {
      ps.setArray(1, conn.createArrayOf("varchar", Arrays.stream(ImageFormat.values())
          .map(ImageFormat::mediaType).toArray()));
      Map<String, Long> byStatus = new TreeMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byStatus.put(rs.getString(1), rs.getLong(2));
        }
      }
      return byStatus;
    }
  }

  /** A row of {@code cases} (selected with all its columns) as a record. */
  public static CaseRecord read(ResultSet rs) throws SQLException {
    return new CaseRecord(rs.getString("case_id"), rs.getString("zone_id"), rs.getString("kind"),
        rs.getString("plate"), rs.getString("country"), rs.getString("plate_hash"),
        rs.getTimestamp("observed_at").toInstant(), rs.getObject("local_day", java.time.LocalDate.class),
        rs.getString("camera_id"), rs.getString("source"), rs.getString("location_code"), rs.getString("street"),
        rs.getString("direction"), rs.getString("observation_text"), rs.getString("rule_id"), rs.getString("reason"),
        rs.getString("vehicle_facts"), rs.getString("evidence_refs"), rs.getString("status"),
        rs.getString("seen_category"), rs.getObject("read_confidence", Double.class),
        rs.getObject("latitude") == null ? null
            : new GeoPoint(rs.getDouble("latitude"), rs.getDouble("longitude")));
  }
}
