package nl.opencordon.enforcement.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** Hold periods, test cases, site approvals and detours (tables of V60). */
public final class LawfulRepository {
  private final DataSource dataSource;

  public LawfulRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  // ---- marks the intake writes before the case row -------------------------------------------------------

  public void hold(String caseId, Instant releaseAt) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO case_holds (case_id, release_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, caseId);
      ps.setTimestamp(2, Timestamp.from(releaseAt));
      ps.executeUpdate();
    }
  }

  /** Ids of held cases whose hold ended at or before a moment, soonest first. */
  public List<String> holdsDue(Instant at, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT case_id FROM case_holds WHERE release_at <= ? ORDER BY release_at LIMIT ?")) {
      ps.setTimestamp(1, Timestamp.from(at));
      ps.setInt(2, limit);
      return strings(ps);
    }
  }

  public boolean held(String caseId) throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT 1 FROM case_holds WHERE case_id = ?")) {
      ps.setString(1, caseId);
      return !strings(ps).isEmpty();
    }
  }

  public void release(String caseId) throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement("DELETE FROM case_holds WHERE case_id = ?")) {
      ps.setString(1, caseId);
      ps.executeUpdate();
    }
  }

  public void markTest(String caseId) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO test_cases (case_id) VALUES (?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, caseId);
      ps.executeUpdate();
    }
  }

  public boolean isTest(String caseId) throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT 1 FROM test_cases WHERE case_id = ?")) {
      ps.setString(1, caseId);
      return !strings(ps).isEmpty();
    }
  }

  /** Ids of test cases observed before a moment, oldest first. */
  public List<String> testCasesObservedBefore(Instant before, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        SELECT t.case_id FROM test_cases t JOIN cases k ON k.case_id = t.case_id WHERE k.observed_at < ?
        ORDER BY k.observed_at LIMIT ?""")) {
      ps.setTimestamp(1, Timestamp.from(before));
      ps.setInt(2, limit);
      return strings(ps);
    }
  }

  /** Forgets the test marks of deleted cases (their ids are tombstones); the number removed. */
  public int forgetDeletedTestCases() throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "DELETE FROM test_cases t USING case_tombstones k WHERE k.case_id = t.case_id")) {
      return ps.executeUpdate();
    }
  }

  // ---- site approvals -----------------------------------------------------------------------------------

  /**
   * The CVOM's approval of a camera at a site (Leidraad 4.2.6); its cases there from then on are real. A mobile
   * camera needs one per site it stands at.
   */
  public record SiteApproval(String cameraId, String locationCode, Instant approvedAt, String approvedBy,
                             String reference) {}

  public SiteApproval approve(SiteApproval a) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        INSERT INTO site_approvals (camera_id, location_code, approved_at, approved_by, reference)
        VALUES (?, ?, ?, ?, ?) ON CONFLICT (camera_id, location_code) DO NOTHING""")) {
      ps.setString(1, a.cameraId());
      ps.setString(2, a.locationCode());
      ps.setTimestamp(3, Timestamp.from(a.approvedAt()));
      ps.setString(4, a.approvedBy());
      ps.setString(5, a.reference());
      ps.executeUpdate();
    }
    return approval(a.cameraId(), a.locationCode()).orElseThrow();
  }

  /** Withdraws the approval of a camera at a site; false when it was not approved there. */
  public boolean revoke(String cameraId, String locationCode) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "DELETE FROM site_approvals WHERE camera_id = ? AND location_code = ?")) {
      ps.setString(1, cameraId);
      ps.setString(2, locationCode);
      return ps.executeUpdate() == 1;
    }
  }

  /** Gives an approval recorded before approvals named their site (V95) the camera's configured site. */
  public void nameSite(String cameraId, String locationCode) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE site_approvals SET location_code = ? WHERE camera_id = ? AND location_code IS NULL")) {
      ps.setString(1, locationCode);
      ps.setString(2, cameraId);
      ps.executeUpdate();
    }
  }

  public Optional<SiteApproval> approval(String cameraId, String locationCode) throws SQLException {
    return approvals().stream()
        .filter(a -> a.cameraId().equals(cameraId) && locationCode.equals(a.locationCode())).findFirst();
  }

  public List<SiteApproval> approvals() throws SQLException {
    try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery("""
        SELECT camera_id, location_code, approved_at, approved_by, reference FROM site_approvals
        ORDER BY camera_id, location_code""")) {
      List<SiteApproval> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new SiteApproval(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4),
            rs.getString(5)));
      }
      return out;
    }
  }

  // ---- detours ------------------------------------------------------------------------------------------

  /** Traffic diverted through the zone from some gates for a window (omleiding). */
  public record Detour(long id, List<String> gateIds, Instant from, Instant until, String reason, String source,
                       Instant declaredAt) {}

  public Detour declare(Set<String> gateIds, Instant from, Instant until, String reason, String source,
                        Instant declaredAt) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        INSERT INTO detours (gate_ids, valid_from, valid_until, reason, source, declared_at)
        VALUES (?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
      List<String> gates = gateIds.stream().sorted().toList();
      ps.setArray(1, c.createArrayOf("varchar", gates.toArray()));
      ps.setTimestamp(2, Timestamp.from(from));
      ps.setTimestamp(3, Timestamp.from(until));
      ps.setString(4, reason);
      ps.setString(5, source);
      ps.setTimestamp(6, Timestamp.from(declaredAt));
      ps.executeUpdate();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return new Detour(rs.getLong("id"), gates, from, until, reason, source, declaredAt);
      }
    }
  }

  /** Ends a detour early; false when it had ended already or does not exist. */
  public boolean end(long id, Instant at) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE detours SET valid_until = ? WHERE id = ? AND valid_until > ? AND valid_from < ?")) {
      ps.setTimestamp(1, Timestamp.from(at));
      ps.setLong(2, id);
      ps.setTimestamp(3, Timestamp.from(at));
      ps.setTimestamp(4, Timestamp.from(at));
      return ps.executeUpdate() == 1;
    }
  }

  /** Detours that end after a moment, soonest start first. */
  public List<Detour> detoursUntilAfter(Instant after) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT * FROM detours WHERE valid_until > ? ORDER BY valid_from, id")) {
      ps.setTimestamp(1, Timestamp.from(after));
      return detours(ps);
    }
  }

  /** Whether a detour covers a gate at a moment. */
  public boolean detoured(String gateId, Instant at) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM detours WHERE ? = ANY(gate_ids) AND valid_from <= ? AND valid_until > ?")) {
      ps.setString(1, gateId);
      ps.setTimestamp(2, Timestamp.from(at));
      ps.setTimestamp(3, Timestamp.from(at));
      return !strings(ps).isEmpty();
    }
  }

  private static List<Detour> detours(PreparedStatement ps) throws SQLException {
    List<Detour> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Detour(rs.getLong("id"), List.of((String[]) rs.getArray("gate_ids").getArray()),
            rs.getTimestamp("valid_from").toInstant(), rs.getTimestamp("valid_until").toInstant(),
            rs.getString("reason"), rs.getString("source"), rs.getTimestamp("declared_at").toInstant()));
      }
    }
    return out;
  }

  private static List<String> strings(PreparedStatement ps) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
