package nl.opencordon.controlroom;

import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/** The {@code zone_schedule_overrides} table: enforcement windows per zone as JSON, set at runtime. */
public final class ZoneScheduleRepository {
  private final Jdbi jdbi;

  public ZoneScheduleRepository(DataSource dataSource) {
    this.jdbi = Jdbi.create(dataSource);
  }

  public void put(String zoneId, String windowsJson, String changedBy) {
    jdbi.useHandle(h -> h.execute("""
        INSERT INTO zone_schedule_overrides (zone_id, windows, changed_by) VALUES (?, ?, ?)
        ON CONFLICT (zone_id) DO UPDATE SET windows = EXCLUDED.windows, changed_by = EXCLUDED.changed_by,
          changed_at = now()""", zoneId, windowsJson, changedBy));
  }

  /** Zone id to windows JSON. */
  public Map<String, String> all() {
    return jdbi.withHandle(h -> h.select("SELECT zone_id, windows FROM zone_schedule_overrides")
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }
}
