package nl.opencordon.controlroom;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code camera_state} table: whether operations switched a camera on or off. */
public final class CameraStateRepository {
  private final DataSource dataSource;

  public CameraStateRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Optional<Boolean> enabled(String cameraId) throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT enabled FROM camera_state WHERE camera_id = ?")) {
      ps.setString(1, cameraId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getBoolean(1)) : Optional.empty();
      }
    }
  }

  public void saveEnabled(String cameraId, boolean enabled) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        INSERT INTO camera_state (camera_id, enabled) VALUES (?, ?)
        ON CONFLICT (camera_id) DO UPDATE SET enabled = EXCLUDED.enabled, changed_at = now()""")) {
      ps.setString(1, cameraId);
      ps.setBoolean(2, enabled);
      ps.executeUpdate();
    }
  }
}
