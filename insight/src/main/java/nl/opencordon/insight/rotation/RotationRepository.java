package nl.opencordon.insight.rotation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Site;

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

  private final DataSource dataSource;

  public RotationRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Adds a visit unless the camera has another planned or made visit overlapping it; the camera's row lock
   * (an advisory lock on its id) keeps two operators from planning it twice at once.
   *
   * @return the visit, or the visit it overlaps
   */
  public PlanResult plan(String cameraId, Site site, Instant start, Instant end, String plannedBy)
      throws SQLException {
    // as PostgreSQL keeps them, so the visit returned equals the visit read back
    Instant startsAt = start.truncatedTo(ChronoUnit.MICROS);
    Instant endsAt = end.truncatedTo(ChronoUnit.MICROS);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
          lock.setString(1, "rotation:" + cameraId);
          lock.executeQuery().close();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM rotation_visits WHERE camera_id = ?"
            + " AND state IN ('PLANNED', 'MOVED') AND starts_at < ? AND ends_at > ? ORDER BY starts_at LIMIT 1")) {
          ps.setString(1, cameraId);
          ps.setTimestamp(2, Timestamp.from(endsAt));
          ps.setTimestamp(3, Timestamp.from(startsAt));
          List<Visit> overlapping = read(ps);
          if (!overlapping.isEmpty()) {
            c.rollback();
            return new PlanResult(Optional.empty(), Optional.of(overlapping.get(0)));
          }
        }
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rotation_visits (camera_id, location_code, street,"
            + " direction, lat, lon, observation_template, starts_at, ends_at, planned_by)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
          ps.setString(1, cameraId);
          ps.setString(2, site.locationCode());
          ps.setString(3, site.street());
          ps.setString(4, site.direction());
          ps.setDouble(5, site.position().lat());
          ps.setDouble(6, site.position().lon());
          ps.setString(7, site.observationTemplate());
          ps.setTimestamp(8, Timestamp.from(startsAt));
          ps.setTimestamp(9, Timestamp.from(endsAt));
          ps.setString(10, plannedBy);
          ps.executeUpdate();
          try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            id = keys.getLong(1);
          }
        }
        c.commit();
        return new PlanResult(Optional.of(new Visit(id, cameraId, site, startsAt, endsAt, State.PLANNED, "",
            plannedBy)), Optional.empty());
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** @param planned the new visit; {@code overlapping} the camera's visit in the way when there is none */
  public record PlanResult(Optional<Visit> planned, Optional<Visit> overlapping) {}

  /** Visits overlapping [from, to), any state, by start. */
  public List<Visit> between(Instant from, Instant to) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT * FROM rotation_visits WHERE starts_at < ? AND ends_at > ? ORDER BY starts_at, id")) {
      ps.setTimestamp(1, Timestamp.from(to));
      ps.setTimestamp(2, Timestamp.from(from));
      return read(ps);
    }
  }

  /** Planned visits whose start has come, oldest first. */
  public List<Visit> due(Instant now) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT * FROM rotation_visits WHERE state = 'PLANNED' AND starts_at <= ? ORDER BY starts_at, id")) {
      ps.setTimestamp(1, Timestamp.from(now));
      return read(ps);
    }
  }

  /** Moves a planned visit on; false when it was no longer planned. */
  public boolean settle(long id, State to, String note) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE rotation_visits SET state = ?, note = ? WHERE id = ? AND state = 'PLANNED'")) {
      ps.setString(1, to.name());
      ps.setString(2, note);
      ps.setLong(3, id);
      return ps.executeUpdate() == 1;
    }
  }

  private static List<Visit> read(PreparedStatement ps) throws SQLException {
    List<Visit> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Site site = new Site(rs.getString("location_code"), rs.getString("street"), rs.getString("direction"),
            new GeoPoint(rs.getDouble("lat"), rs.getDouble("lon")), rs.getString("observation_template"));
        out.add(new Visit(rs.getLong("id"), rs.getString("camera_id"), site,
            rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(),
            State.valueOf(rs.getString("state")), rs.getString("note"), rs.getString("planned_by")));
      }
    }
    return out;
  }
}
