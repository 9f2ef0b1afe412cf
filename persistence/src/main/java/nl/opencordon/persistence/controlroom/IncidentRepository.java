package nl.opencordon.persistence.controlroom;

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

/** The {@code incidents} table: device failures and reported sign problems, open until they end. */
public final class IncidentRepository {

  /** @param endedAt empty while the incident is open */
  public record Incident(long id, String type, String kind, String deviceId, Instant startedAt,
                         Optional<Instant> endedAt, String detail, Optional<String> reportedBy,
                         Optional<String> acknowledgedBy, Optional<Instant> acknowledgedAt) {}

  private final DataSource dataSource;

  public IncidentRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Opens an incident; returns its id. */
  public long open(String type, String kind, String deviceId, Instant at, String detail, String reportedBy)
      throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO incidents (type, kind, device_id, started_at, detail, reported_by) VALUES (?, ?, ?, ?, ?, ?)",
        Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, type);
      ps.setString(2, kind);
      ps.setString(3, deviceId);
      ps.setTimestamp(4, Timestamp.from(at));
      ps.setString(5, detail);
      ps.setString(6, reportedBy);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /**
   * Opens an incident unless one of its type is open for the device already (a condition every node checks: a
   * type with a unique index on its open incidents, as SCHOUW_OVERDUE, is opened once cluster-wide); true when it
   * opened one.
   */
  public boolean openUnlessOpen(String type, String kind, String deviceId, Instant at, String detail)
      throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        INSERT INTO incidents (type, kind, device_id, started_at, detail) SELECT ?, ?, ?, ?, ?
        WHERE NOT EXISTS (SELECT 1 FROM incidents WHERE device_id = ? AND type = ? AND ended_at IS NULL)
        ON CONFLICT DO NOTHING""")) {
      ps.setString(1, type);
      ps.setString(2, kind);
      ps.setString(3, deviceId);
      ps.setTimestamp(4, Timestamp.from(at));
      ps.setString(5, detail);
      ps.setString(6, deviceId);
      ps.setString(7, type);
      return ps.executeUpdate() == 1;
    }
  }

  /** Ends the device's open incidents of the given types; returns how many ended. */
  public int endOpen(String deviceId, List<String> types, Instant at) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE incidents SET ended_at = ? WHERE device_id = ? AND ended_at IS NULL AND type = ANY (?)")) {
      ps.setTimestamp(1, Timestamp.from(at));
      ps.setString(2, deviceId);
      ps.setArray(3, c.createArrayOf("varchar", types.toArray()));
      return ps.executeUpdate();
    }
  }

  /** Ends one incident (a sign problem resolved); false when it was not open. */
  public boolean end(long id, Instant at) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE incidents SET ended_at = ? WHERE id = ? AND ended_at IS NULL")) {
      ps.setTimestamp(1, Timestamp.from(at));
      ps.setLong(2, id);
      return ps.executeUpdate() == 1;
    }
  }

  /** Records who acknowledged; false when there is no such incident or it was acknowledged already. */
  public boolean acknowledge(long id, String by, Instant at) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE incidents SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ? AND acknowledged_by IS NULL")) {
      ps.setString(1, by);
      ps.setTimestamp(2, Timestamp.from(at));
      ps.setLong(3, id);
      return ps.executeUpdate() == 1;
    }
  }

  public Optional<Incident> find(long id) throws SQLException {
    List<Incident> found = query("SELECT * FROM incidents WHERE id = ?", ps -> ps.setLong(1, id));
    return found.stream().findFirst();
  }

  /** The newest first; {@code openOnly} leaves out ended incidents, {@code deviceId} may be null. */
  public List<Incident> list(boolean openOnly, String deviceId, int limit) throws SQLException {
    String sql = "SELECT * FROM incidents WHERE (? OR ended_at IS NULL) AND (?::varchar IS NULL OR device_id = ?)"
        + " ORDER BY started_at DESC, id DESC LIMIT ?";
    return query(sql, ps -> {
      ps.setBoolean(1, !openOnly);
      ps.setString(2, deviceId);
      ps.setString(3, deviceId);
      ps.setInt(4, limit);
    });
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private List<Incident> query(String sql, Binder binder) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      List<Incident> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Incident(rs.getLong("id"), rs.getString("type"), rs.getString("kind"),
              rs.getString("device_id"), rs.getTimestamp("started_at").toInstant(), instant(rs, "ended_at"),
              rs.getString("detail"), Optional.ofNullable(rs.getString("reported_by")),
              Optional.ofNullable(rs.getString("acknowledged_by")), instant(rs, "acknowledged_at")));
        }
      }
      return out;
    }
  }

  private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return Optional.ofNullable(t).map(Timestamp::toInstant);
  }
}
