package nl.opencordon.insight.traffic;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The {@code camera_hourly_counts} table: passages a camera read per hour, counts only. */
public final class CameraCountRepository {

  public record HourCount(String cameraId, Instant hourStart, int passages, int lowConfidence, int unreadable) {
    public double lowConfidenceShare() {
      return passages == 0 ? 0 : (double) lowConfidence / passages;
    }
  }

  private final DataSource dataSource;

  public CameraCountRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Stores an hour's counts; storing the same hour again replaces them. */
  public void record(HourCount h) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO camera_hourly_counts (camera_id, hour_start, passages, low_confidence, unreadable)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (camera_id, hour_start) DO UPDATE SET passages = EXCLUDED.passages,"
            + " low_confidence = EXCLUDED.low_confidence, unreadable = EXCLUDED.unreadable")) {
      ps.setString(1, h.cameraId());
      ps.setTimestamp(2, Timestamp.from(h.hourStart()));
      ps.setInt(3, h.passages());
      ps.setInt(4, h.lowConfidence());
      ps.setInt(5, h.unreadable());
      ps.executeUpdate();
    }
  }

  /** The camera's counts of the given hours (those stored). */
  public List<HourCount> hours(String cameraId, List<Instant> hourStarts) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT * FROM camera_hourly_counts WHERE camera_id = ? AND hour_start = ANY (?) ORDER BY hour_start")) {
      ps.setString(1, cameraId);
      ps.setArray(2, c.createArrayOf("timestamptz", hourStarts.stream().map(Timestamp::from).toArray()));
      return read(ps);
    }
  }

  /** Every camera's counts per hour in [from, to). */
  public List<HourCount> between(Instant from, Instant to) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT * FROM camera_hourly_counts WHERE hour_start >= ? AND hour_start < ? ORDER BY camera_id, hour_start")) {
      ps.setTimestamp(1, Timestamp.from(from));
      ps.setTimestamp(2, Timestamp.from(to));
      return read(ps);
    }
  }

  private static List<HourCount> read(PreparedStatement ps) throws SQLException {
    List<HourCount> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new HourCount(rs.getString("camera_id"), rs.getTimestamp("hour_start").toInstant(),
            rs.getInt("passages"), rs.getInt("low_confidence"), rs.getInt("unreadable")));
      }
    }
    return out;
  }
}
