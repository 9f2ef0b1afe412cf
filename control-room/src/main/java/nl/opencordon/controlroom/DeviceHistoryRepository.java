package nl.opencordon.controlroom;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Site;

/**
 * What the device actors forget on a restart and the control room must not: health transitions (for
 * availability over 30 days) and the site moves of mobile cameras (which each camera loads when it starts).
 */
public final class DeviceHistoryRepository {

  /** @param from null for the controller's own (re)start, after which every device is down until it reports */
  public record HealthTransition(String kind, String deviceId, String from, String to, Instant at, String detail) {}

  public record SiteMove(String cameraId, Site site, Instant from, String movedBy) {}

  private final DataSource dataSource;

  public DeviceHistoryRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void insert(HealthTransition t) throws SQLException {
    insertAll(List.of(t));
  }

  public void insertAll(List<HealthTransition> transitions) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO device_health_transitions (kind, device_id, from_health, to_health, at, detail)"
            + " VALUES (?, ?, ?, ?, ?, ?)")) {
      for (HealthTransition t : transitions) {
        ps.setString(1, t.kind());
        ps.setString(2, t.deviceId());
        ps.setString(3, t.from());
        ps.setString(4, t.to());
        ps.setTimestamp(5, Timestamp.from(t.at()));
        ps.setString(6, t.detail());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Transitions since {@code since}, oldest first, plus for each device the last one before it, which
   * tells the state the device was in when the period began.
   */
  public List<HealthTransition> transitionsSince(Instant since) throws SQLException {
    String sql = """
        SELECT * FROM (
          SELECT DISTINCT ON (device_id) * FROM device_health_transitions WHERE at < ? ORDER BY device_id, at DESC, id DESC
        ) before
        UNION ALL
        SELECT * FROM device_health_transitions WHERE at >= ?
        ORDER BY at, id""";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(since));
      ps.setTimestamp(2, Timestamp.from(since));
      List<HealthTransition> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new HealthTransition(rs.getString("kind"), rs.getString("device_id"), rs.getString("from_health"),
              rs.getString("to_health"), rs.getTimestamp("at").toInstant(), rs.getString("detail")));
        }
      }
      return out;
    }
  }

  /** Removes transitions older than the longest period the control room reports on. */
  public int pruneBefore(Instant before) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "DELETE FROM device_health_transitions WHERE at < ?")) {
      ps.setTimestamp(1, Timestamp.from(before));
      return ps.executeUpdate();
    }
  }

  public void insert(SiteMove m) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO camera_site_moves (camera_id, valid_from, location_code, street, direction, lat, lon,"
            + " observation_template, moved_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      Site s = m.site();
      ps.setString(1, m.cameraId());
      ps.setTimestamp(2, Timestamp.from(m.from()));
      ps.setString(3, s.locationCode());
      ps.setString(4, s.street());
      ps.setString(5, s.direction());
      ps.setDouble(6, s.position().lat());
      ps.setDouble(7, s.position().lon());
      ps.setString(8, s.observationTemplate());
      ps.setString(9, m.movedBy());
      ps.executeUpdate();
    }
  }

  /** The moves of one camera, oldest first, as the camera applies them when it starts. */
  public List<SiteMove> siteMoves(String cameraId) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT * FROM camera_site_moves WHERE camera_id = ? ORDER BY valid_from, id")) {
      ps.setString(1, cameraId);
      List<SiteMove> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Site site = new Site(rs.getString("location_code"), rs.getString("street"), rs.getString("direction"),
              new GeoPoint(rs.getDouble("lat"), rs.getDouble("lon")), rs.getString("observation_template"));
          out.add(new SiteMove(rs.getString("camera_id"), site, rs.getTimestamp("valid_from").toInstant(),
              rs.getString("moved_by")));
        }
      }
      return out;
    }
  }
}
