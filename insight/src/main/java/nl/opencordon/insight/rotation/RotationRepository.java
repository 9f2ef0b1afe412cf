package nl.opencordon.insight.rotation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Site;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code rotation_visits} table: the plan of which mobile camera stands where, when. */
public final class RotationRepository {

  public enum State { PLANNED, MOVED, REFUSED, CANCELLED }

  public record Visit(long id, String cameraId, Site site, Instant startsAt, Instant endsAt, State state, String note,
                      String plannedBy) {
    boolean overlaps(Instant from, Instant to) {
      return startsAt.isBefore(to) && from.isBefore(endsAt);
    }

    boolean active() {
      return state == State.PLANNED || state == State.MOVED;
    }
  }

  private static final RowMapper<Visit> VISIT = (rs, ctx) -> new Visit(rs.getLong("id"), rs.getString("camera_id"),
      new Site(rs.getString("location_code"), rs.getString("street"), rs.getString("direction"),
          new GeoPoint(rs.getDouble("lat"), rs.getDouble("lon")), rs.getString("observation_template")),
      rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(),
      State.valueOf(rs.getString("state")), rs.getString("note"), rs.getString("planned_by"));

  private final Jdbi jdbi;

  public RotationRepository(DataSource dataSource) {
    this.jdbi = Jdbi.create(dataSource);
  }

  /**
   * Adds a visit unless the camera has another planned or made visit overlapping it; the camera's row lock
   * (an advisory lock on its id) keeps two operators from planning it twice at once.
   *
   * @return the visit, or the visit it overlaps
   */
  public PlanResult plan(String cameraId, Site site, Instant start, Instant end, String plannedBy) {
    // as PostgreSQL keeps them, so the visit returned equals the visit read back
    Instant startsAt = start.truncatedTo(ChronoUnit.MICROS);
    Instant endsAt = end.truncatedTo(ChronoUnit.MICROS);
    return jdbi.inTransaction(h -> {
      h.execute("SELECT pg_advisory_xact_lock(hashtext(?))", "rotation:" + cameraId); // held until the commit
      Optional<Visit> overlapping = h.select("SELECT * FROM rotation_visits WHERE camera_id = ?"
              + " AND state IN ('PLANNED', 'MOVED') AND starts_at < ? AND ends_at > ? ORDER BY starts_at LIMIT 1",
          cameraId, endsAt, startsAt).map(VISIT).findFirst();
      if (overlapping.isPresent()) {
        return new PlanResult(Optional.empty(), overlapping);
      }
      long id = h.select("INSERT INTO rotation_visits (camera_id, location_code, street, direction, lat, lon,"
              + " observation_template, starts_at, ends_at, planned_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
              + " RETURNING id",
          cameraId, site.locationCode(), site.street(), site.direction(), site.position().lat(), site.position().lon(),
          site.observationTemplate(), startsAt, endsAt, plannedBy).mapTo(Long.class).one();
      return new PlanResult(Optional.of(new Visit(id, cameraId, site, startsAt, endsAt, State.PLANNED, "",
          plannedBy)), Optional.empty());
    });
  }

  /** @param planned the new visit; {@code overlapping} the camera's visit in the way when there is none */
  public record PlanResult(Optional<Visit> planned, Optional<Visit> overlapping) {}

  /** Visits overlapping [from, to), any state, by start. */
  public List<Visit> between(Instant from, Instant to) {
    return jdbi.withHandle(h -> h.select("SELECT * FROM rotation_visits WHERE starts_at < ? AND ends_at > ?"
        + " ORDER BY starts_at, id", to, from).map(VISIT).list());
  }

  /** Planned visits whose start has come, oldest first. */
  public List<Visit> due(Instant now) {
    return jdbi.withHandle(h -> h.select("SELECT * FROM rotation_visits WHERE state = 'PLANNED' AND starts_at <= ?"
        + " ORDER BY starts_at, id", now).map(VISIT).list());
  }

  /** Moves a planned visit on; false when it was no longer planned. */
  public boolean settle(long id, State to, String note) {
    return jdbi.withHandle(h -> h.execute("UPDATE rotation_visits SET state = ?, note = ? WHERE id = ?"
        + " AND state = 'PLANNED'", to.name(), note, id)) == 1;
  }
}
