package nl.opencordon.controlroom;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** The {@code zone_schedule_overrides} table: enforcement windows per zone as JSON, set at runtime. */
public final class ZoneScheduleRepository {
  private final DataSource dataSource;

  public ZoneScheduleRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void put(String zoneId, String windowsJson, String changedBy) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        INSERT INTO zone_schedule_overrides (zone_id, windows, changed_by) VALUES (?, ?, ?)
        ON CONFLICT (zone_id) DO UPDATE SET windows = EXCLUDED.windows, changed_by = EXCLUDED.changed_by,
          changed_at = now()""")) {
      ps.setString(1, zoneId);
      ps.setString(2, windowsJson);
      ps.setString(3, changedBy);
      ps.executeUpdate();
    }
  }

  /** Zone id to windows JSON. */
  public Map<String, String> all() throws SQLException {
    try (Connection c = dataSource.getConnection();
         ResultSet rs = c.createStatement().executeQuery("SELECT zone_id, windows FROM zone_schedule_overrides")) {
      Map<String, String> out = new LinkedHashMap<>();
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
      return out;
    }
  }
}
