package nl.opencordon.insight.rotation;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Site;
import nl.opencordon.insight.rotation.RotationRepository.Visit;

/**
 * The rotation plan of mobile cameras as operations edit it (weeks ahead); {@link RotationPlanner} carries
 * it out. Refuses a visit of a fixed or unknown camera, to a site that is not approved, or overlapping the
 * camera's other visits.
 */
public final class Rotation {

  /** @param refusal why nothing was planned; empty string when {@code planned} is present */
  public record Planned(Optional<Visit> planned, String refusal) {}

  public record Overview(LocalDate from, LocalDate to, List<Visit> visits, List<RotationPlan.Coverage> coverage,
                         List<RotationPlan.Conflict> conflicts) {}

  private final RotationRepository visits;
  private final CityLayout layout;
  private final SiteApprovals approvals;
  private final ZoneId zone;
  private final Clock clock;

  public Rotation(RotationRepository visits, CityLayout layout, SiteApprovals approvals, ZoneId zone, Clock clock) {
    this.visits = visits;
    this.layout = layout;
    this.approvals = approvals;
    this.zone = zone;
    this.clock = clock;
  }

  public Planned plan(String cameraId, Site site, Instant startsAt, Instant endsAt, String plannedBy)
      throws SQLException {
    Optional<CityLayout.Camera> camera = layout.cameras().stream().filter(c -> c.id().equals(cameraId)).findFirst();
    if (camera.isEmpty()) {
      return new Planned(Optional.empty(), "no camera " + cameraId);
    }
    String refusal = RotationPlan.refusal(camera.get().mobile(), cameraId, site.locationCode(), startsAt, endsAt,
        clock.instant(), approvals);
    if (refusal != null) {
      return new Planned(Optional.empty(), refusal);
    }
    RotationRepository.PlanResult result = visits.plan(cameraId, site, startsAt, endsAt, plannedBy);
    return result.planned().map(v -> new Planned(Optional.of(v), "")).orElseGet(() -> {
      Visit other = result.overlapping().orElseThrow();
      return new Planned(Optional.empty(), "camera " + cameraId + " is planned on site "
          + other.site().locationCode() + " from " + other.startsAt() + " to " + other.endsAt());
    });
  }

  /** Cancels a visit that has not started; false when it is no longer planned. */
  public boolean cancel(long id, String by) throws SQLException {
    return visits.settle(id, RotationRepository.State.CANCELLED, "cancelled by " + by);
  }

  /** The plan over the local days {@code from}..{@code to}: visits, days covered per site, conflicts. */
  public Overview overview(LocalDate from, LocalDate to) throws SQLException {
    List<Visit> within = visits.between(from.atStartOfDay(zone).toInstant(),
        to.plusDays(1).atStartOfDay(zone).toInstant());
    return new Overview(from, to, within, RotationPlan.coverage(within, zone),
        RotationPlan.conflicts(within, approvals));
  }
}
