package nl.opencordon.controlroom;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code incidents} table: device failures and reported sign problems, open until they end. */
public final class IncidentRepository {

  /** @param endedAt empty while the incident is open */
  public record Incident(long id, String type, String kind, String deviceId, Instant startedAt,
                         Optional<Instant> endedAt, String detail, Optional<String> reportedBy,
                         Optional<String> acknowledgedBy, Optional<Instant> acknowledgedAt) {}

  private static final RowMapper<Incident> INCIDENT = (rs, ctx) -> new Incident(rs.getLong("id"),
      rs.getString("type"), rs.getString("kind"), rs.getString("device_id"), rs.getTimestamp("started_at").toInstant(),
      instant(rs, "ended_at"), rs.getString("detail"), Optional.ofNullable(rs.getString("reported_by")),
      Optional.ofNullable(rs.getString("acknowledged_by")), instant(rs, "acknowledged_at"));

  private final Jdbi jdbi;

  public IncidentRepository(DataSource dataSource) {
    this.jdbi = Jdbi.create(dataSource);
  }

  /** Opens an incident; returns its id. */
  public long open(String type, String kind, String deviceId, Instant at, String detail, String reportedBy) {
    return jdbi.withHandle(h -> h.select("INSERT INTO incidents (type, kind, device_id, started_at, detail,"
            + " reported_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", type, kind, deviceId, at, detail, reportedBy)
        .mapTo(Long.class).one());
  }

  /**
   * Opens an incident unless one of its type is open for the device already (a condition every node checks: a
   * type with a unique index on its open incidents, as SCHOUW_OVERDUE, is opened once cluster-wide); true when it
   * opened one.
   */
  public boolean openUnlessOpen(String type, String kind, String deviceId, Instant at, String detail) {
    return jdbi.withHandle(h -> h.execute("INSERT INTO incidents (type, kind, device_id, started_at, detail)"
        + " SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM incidents WHERE device_id = ? AND type = ?"
        + " AND ended_at IS NULL) ON CONFLICT DO NOTHING", type, kind, deviceId, at, detail, deviceId, type)) == 1;
  }

  /** Ends the device's open incidents of the given types; returns how many ended. */
  public int endOpen(String deviceId, List<String> types, Instant at) {
    return jdbi.withHandle(h -> h.execute("UPDATE incidents SET ended_at = ?"
        + " WHERE device_id = ? AND ended_at IS NULL AND type = ANY (?)", at, deviceId, types.toArray(String[]::new)));
  }

  /** Ends one incident (a sign problem resolved); false when it was not open. */
  public boolean end(long id, Instant at) {
    return jdbi.withHandle(h -> h.execute("UPDATE incidents SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
        at, id)) == 1;
  }

  /** Records who acknowledged; false when there is no such incident or it was acknowledged already. */
  public boolean acknowledge(long id, String by, Instant at) {
    return jdbi.withHandle(h -> h.execute("UPDATE incidents SET acknowledged_by = ?, acknowledged_at = ?"
        + " WHERE id = ? AND acknowledged_by IS NULL", by, at, id)) == 1;
  }

  public Optional<Incident> find(long id) {
    return jdbi.withHandle(h -> h.select("SELECT * FROM incidents WHERE id = ?", id).map(INCIDENT).findOne());
  }

  /** The newest first; {@code openOnly} leaves out ended incidents, {@code deviceId} may be null. */
  public List<Incident> list(boolean openOnly, String deviceId, int limit) {
    return jdbi.withHandle(h -> h.select("SELECT * FROM incidents WHERE (? OR ended_at IS NULL)"
            + " AND (?::varchar IS NULL OR device_id = ?) ORDER BY started_at DESC, id DESC LIMIT ?",
        !openOnly, deviceId, deviceId, limit).map(INCIDENT).list());
  }

  private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getTimestamp(column)).map(Timestamp::toInstant);
  }
}
