package nl.opencordon.insight.rotation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import nl.opencordon.insight.rotation.RotationRepository.State;
import nl.opencordon.insight.rotation.RotationRepository.Visit;

/** What operations see of a plan: how many days each site is enforced per month, and what is in conflict. */
public final class RotationPlan {

  /** @param days local days on which a mobile camera stands on the site for at least part of the day */
  public record Coverage(String locationCode, YearMonth month, int days) {}

  public enum ConflictKind {
    /** Two cameras planned on the same site at the same time: one of them could enforce elsewhere. */
    SAME_SITE,
    /** A planned visit to a site that is (no longer) approved: it will be refused when it starts. */
    NOT_APPROVED
  }

  public record Conflict(ConflictKind kind, List<Long> visitIds, String detail) {}

  private RotationPlan() {}

  public static List<Coverage> coverage(List<Visit> visits, ZoneId zone) {
    Map<String, Map<YearMonth, Set<LocalDate>>> days = new TreeMap<>();
    for (Visit v : visits) {
      if (!v.active()) {
        continue;
      }
      LocalDate last = v.endsAt().minusNanos(1).atZone(zone).toLocalDate();
      for (LocalDate d = v.startsAt().atZone(zone).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
        days.computeIfAbsent(v.site().locationCode(), k -> new TreeMap<>())
            .computeIfAbsent(YearMonth.from(d), k -> new TreeSet<>()).add(d);
      }
    }
    List<Coverage> out = new ArrayList<>();
    days.forEach((site, months) -> months.forEach((month, d) -> out.add(new Coverage(site, month, d.size()))));
    return out;
  }

  public static List<Conflict> conflicts(List<Visit> visits, SiteApprovals approvals) {
    List<Conflict> out = new ArrayList<>();
    List<Visit> active = visits.stream().filter(Visit::active).toList();
    for (int i = 0; i < active.size(); i++) {
      Visit a = active.get(i);
      if (a.state() == State.PLANNED && !approvals.approved(a.cameraId(), a.site().locationCode())) {
        out.add(new Conflict(ConflictKind.NOT_APPROVED, List.of(a.id()),
            "site " + a.site().locationCode() + " is not approved for camera " + a.cameraId()));
      }
      for (Visit b : active.subList(i + 1, active.size())) {
        if (a.site().locationCode().equals(b.site().locationCode()) && !a.cameraId().equals(b.cameraId())
            && a.overlaps(b.startsAt(), b.endsAt())) {
          out.add(new Conflict(ConflictKind.SAME_SITE, List.of(a.id(), b.id()), "cameras " + a.cameraId() + " and "
              + b.cameraId() + " both on site " + a.site().locationCode() + " from "
              + (a.startsAt().isAfter(b.startsAt()) ? a.startsAt() : b.startsAt())));
        }
      }
    }
    return out;
  }

  /** Why a visit may not be planned, or null when it may. */
  static String refusal(boolean cameraIsMobile, String cameraId, String locationCode, Instant startsAt, Instant endsAt,
                        Instant now, SiteApprovals approvals) {
    if (!cameraIsMobile) {
      return "only mobile cameras rotate";
    }
    if (!endsAt.isAfter(startsAt)) {
      return "a visit must end after it starts";
    }
    if (endsAt.isBefore(now)) {
      return "a visit cannot be planned in the past";
    }
    if (!approvals.approved(cameraId, locationCode)) {
      return "site " + locationCode + " is not approved for enforcement with camera " + cameraId;
    }
    return null;
  }
}
