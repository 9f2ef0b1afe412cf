package nl.opencordon.controlroom;

import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Site;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * What the device actors forget on a restart and the control room must not: health transitions (for
 * availability over 30 days) and the site moves of mobile cameras (which each camera loads when it starts).
 */
public final class DeviceHistoryRepository {

  /** @param from null for the controller's own (re)start, after which every device is down until it reports */
  public record HealthTransition(String kind, String deviceId, String from, String to, Instant at, String detail) {}

  public record SiteMove(String cameraId, Site site, Instant from, String movedBy) {}

  private final Jdbi jdbi;

  public DeviceHistoryRepository(DataSource dataSource) {
    this.jdbi = Jdbi.create(dataSource);
  }

  public void insert(HealthTransition t) {
    insertAll(List.of(t));
  }

  public void insertAll(List<HealthTransition> transitions) {
    jdbi.useHandle(h -> {
      PreparedBatch batch = h.prepareBatch("INSERT INTO device_health_transitions"
          + " (kind, device_id, from_health, to_health, at, detail) VALUES (?, ?, ?, ?, ?, ?)");
      transitions.forEach(t -> batch.add(t.kind(), t.deviceId(), t.from(), t.to(), t.at(), t.detail()));
      batch.execute();
    });
  }

  /**
   * Transitions since {@code since}, oldest first, plus for each device the last one before it, which
   * tells the state the device was in when the period began.
   */
  public List<HealthTransition> transitionsSince(Instant since) {
    return jdbi.withHandle(h -> h.select("""
            SELECT * FROM (
              SELECT DISTINCT ON (device_id) * FROM device_health_transitions WHERE at < ?
              ORDER BY device_id, at DESC, id DESC
            ) before
            UNION ALL
            SELECT * FROM device_health_transitions WHERE at >= ?
            ORDER BY at, id""", since, since)
        .map((rs, ctx) -> new HealthTransition(rs.getString("kind"), rs.getString("device_id"),
            rs.getString("from_health"), rs.getString("to_health"), rs.getTimestamp("at").toInstant(),
            rs.getString("detail")))
        .list());
  }

  /** Removes transitions older than the longest period the control room reports on. */
  public int pruneBefore(Instant before) {
    return jdbi.withHandle(h -> h.execute("DELETE FROM device_health_transitions WHERE at < ?", before));
  }

  public void insert(SiteMove m) {
    Site s = m.site();
    jdbi.useHandle(h -> h.execute("INSERT INTO camera_site_moves (camera_id, valid_from, location_code, street,"
            + " direction, lat, lon, observation_template, moved_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        m.cameraId(), m.from(), s.locationCode(), s.street(), s.direction(), s.position().lat(), s.position().lon(),
        s.observationTemplate(), m.movedBy()));
  }

  /** The moves of one camera, oldest first, as the camera applies them when it starts. */
  public List<SiteMove> siteMoves(String cameraId) {
    return jdbi.withHandle(h -> h.select("SELECT * FROM camera_site_moves WHERE camera_id = ? ORDER BY valid_from, id",
            cameraId)
        .map((rs, ctx) -> new SiteMove(rs.getString("camera_id"), new Site(rs.getString("location_code"),
            rs.getString("street"), rs.getString("direction"), new GeoPoint(rs.getDouble("lat"), rs.getDouble("lon")),
            rs.getString("observation_template")), rs.getTimestamp("valid_from").toInstant(), rs.getString("moved_by")))
        .list());
  }
}
