package nl.opencordon.controlroom;

import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/** The {@code camera_state} table: whether operations switched a camera on or off. */
public final class CameraStateRepository {
  private final Jdbi jdbi;

  public CameraStateRepository(DataSource dataSource) {
    this.jdbi = Jdbi.create(dataSource);
  }

  public Optional<Boolean> enabled(String cameraId) {
    return jdbi.withHandle(h -> h.select("SELECT enabled FROM camera_state WHERE camera_id = ?", cameraId)
        .mapTo(Boolean.class).findOne());
  }

  public void saveEnabled(String cameraId, boolean enabled) {
    jdbi.useHandle(h -> h.execute("""
        INSERT INTO camera_state (camera_id, enabled) VALUES (?, ?)
        ON CONFLICT (camera_id) DO UPDATE SET enabled = EXCLUDED.enabled, changed_at = now()""", cameraId, enabled));
  }
}
