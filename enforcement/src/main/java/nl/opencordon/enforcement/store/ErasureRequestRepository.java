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
import javax.sql.DataSource;

/** Requests to erase decided cases, waiting for a second person (table of V104). */
public final class ErasureRequestRepository {
  private final DataSource dataSource;

  public ErasureRequestRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * One request.
   *
   * @param source {@code SIGN_PROBLEM} or {@code DETOUR}; {@code sourceId} its id
   * @param confirmed null while pending
   */
  public record ErasureRequest(long id, String source, long sourceId, String reason, List<String> caseIds,
                               String requestedBy, Instant requestedAt, String decidedBy, Instant decidedAt,
                               Boolean confirmed) {
    public boolean pending() {
      return confirmed == null;
    }
  }

  public ErasureRequest request(String source, long sourceId, String reason, List<String> caseIds, String requestedBy,
                                Instant at) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        long id;
        try (PreparedStatement ps = c.prepareStatement("""
            INSERT INTO erasure_requests (source, source_id, reason, requested_by, requested_at)
            VALUES (?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
          ps.setString(1, source);
          ps.setLong(2, sourceId);
          ps.setString(3, reason);
          ps.setString(4, requestedBy);
          ps.setTimestamp(5, Timestamp.from(at));
          ps.executeUpdate();
          try (ResultSet rs = ps.getGeneratedKeys()) {
            rs.next();
            id = rs.getLong("id");
          }
        }
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO erasure_request_cases (request_id, case_id) VALUES (?, ?)")) {
          for (String caseId : caseIds) {
            ps.setLong(1, id);
            ps.setString(2, caseId);
            ps.addBatch();
          }
          ps.executeBatch();
        }
        c.commit();
        return new ErasureRequest(id, source, sourceId, reason, List.copyOf(caseIds), requestedBy, at, null, null, null);
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  public Optional<ErasureRequest> find(long id) throws SQLException {
    return select(id).stream().findFirst();
  }

  /** Requests still waiting for a second person, oldest first. */
  public List<ErasureRequest> pending() throws SQLException {
    return select(null);
  }

  /**
   * Decides a pending request, in one statement so two deciders cannot both win; false when it was decided
   * already or the decider is the requester.
   */
  public boolean decide(long id, String decidedBy, boolean confirmed, Instant at) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        UPDATE erasure_requests SET decided_by = ?, decided_at = ?, confirmed = ?
        WHERE id = ? AND confirmed IS NULL AND requested_by <> ?""")) {
      ps.setString(1, decidedBy);
      ps.setTimestamp(2, Timestamp.from(at));
      ps.setBoolean(3, confirmed);
      ps.setLong(4, id);
      ps.setString(5, decidedBy);
      return ps.executeUpdate() == 1;
    }
  }

  /** Whether a case waits in a pending request: it must not leave for CJIB meanwhile. */
  public boolean pendingFor(String caseId) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        SELECT EXISTS (SELECT 1 FROM erasure_request_cases k JOIN erasure_requests r ON r.id = k.request_id
                       WHERE k.case_id = ? AND r.confirmed IS NULL)""")) {
      ps.setString(1, caseId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** One request by id, or with {@code id} null every pending one. */
  private List<ErasureRequest> select(Long id) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        SELECT r.*, coalesce(array_agg(k.case_id ORDER BY k.case_id) FILTER (WHERE k.case_id IS NOT NULL), '{}') AS cases
        FROM erasure_requests r LEFT JOIN erasure_request_cases k ON k.request_id = r.id
        WHERE (?::bigint IS NULL AND r.confirmed IS NULL) OR r.id = ?
        GROUP BY r.id ORDER BY r.id""")) {
      ps.setObject(1, id, java.sql.Types.BIGINT);
      ps.setObject(2, id, java.sql.Types.BIGINT);
      List<ErasureRequest> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Timestamp decided = rs.getTimestamp("decided_at");
          Object confirmed = rs.getObject("confirmed");
          out.add(new ErasureRequest(rs.getLong("id"), rs.getString("source"), rs.getLong("source_id"),
              rs.getString("reason"), List.of((String[]) rs.getArray("cases").getArray()), rs.getString("requested_by"),
              rs.getTimestamp("requested_at").toInstant(), rs.getString("decided_by"),
              decided == null ? null : decided.toInstant(), (Boolean) confirmed));
        }
      }
      return out;
    }
  }
}
