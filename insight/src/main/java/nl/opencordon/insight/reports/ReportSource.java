package nl.opencordon.insight.reports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import nl.opencordon.controlroom.Availability;
import nl.opencordon.controlroom.DeviceHistoryRepository;
import nl.opencordon.controlroom.DeviceHistoryRepository.HealthTransition;
import nl.opencordon.insight.quality.QualityRates;
import nl.opencordon.insight.quality.QualityRepository;
import nl.opencordon.insight.traffic.CameraCountRepository;
import nl.opencordon.insight.traffic.CameraCountRepository.HourCount;

/**
 * Reads a month's figures from the read models: availability from the health transitions (the control room's
 * {@link Availability}) and incidents (control room), hourly camera counts (insight), cases and the anonymous
 * counters of deleted cases (enforcement), the verdict quality rates (insight.quality). Only aggregates leave it.
 */
public final class ReportSource {
  private final DataSource dataSource;
  private final CameraCountRepository counts;
  private final QualityRates rates;
  private final DeviceHistoryRepository history;

  public ReportSource(DataSource dataSource) {
    this.dataSource = dataSource;
    this.counts = new CameraCountRepository(dataSource);
    // by zone, rule and camera only: the report needs no gates
    this.rates = new QualityRates(new QualityRepository(dataSource), Map.of());
    this.history = new DeviceHistoryRepository(dataSource);
  }

  public ReportData read(YearMonth month, ZoneId zone, double target, Instant madeAt) throws SQLException {
    Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
    Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    Map<String, DeviceFigures> devices = new java.util.TreeMap<>();
    List<HealthTransition> history = this.history.transitionsSince(from);
    history.stream().filter(t -> t.at().isBefore(to) && (t.kind().equals("camera") || t.kind().equals("display")))
        .forEach(t -> devices.computeIfAbsent(t.deviceId(), id -> new DeviceFigures(t.kind())));
    Availability availability = Availability.of(history);
    List<ReportData.Incident> incidents = incidents(from, to, devices);
    for (HourCount h : counts.between(from, to)) {
      DeviceFigures d = devices.computeIfAbsent(h.cameraId(), id -> new DeviceFigures("camera"));
      d.passages += h.passages();
      d.lowConfidence += h.lowConfidence();
      d.unreadable += h.unreadable();
    }
    List<ReportData.Device> lines = new ArrayList<>();
    devices.forEach((id, d) -> lines.add(new ReportData.Device(d.kind, id, availability.between(id, from, to),
        d.incidents, d.incidentTime.toMinutes(), d.passages, share(d.lowConfidence, d.passages),
        share(d.unreadable, d.passages))));
    lines.sort(java.util.Comparator.comparing(ReportData.Device::kind).thenComparing(ReportData.Device::deviceId));
    List<ReportData.Quality> quality = new ArrayList<>();
    for (QualityRates.By by : List.of(QualityRates.By.ZONE, QualityRates.By.RULE, QualityRates.By.CAMERA)) {
      rates.rates(month, month, by).forEach(r -> quality.add(new ReportData.Quality(by, r)));
    }
    return new ReportData(month, madeAt, target, List.copyOf(lines), incidents, zoneOutcomes(month, from, to),
        deletedCases(month), List.copyOf(quality));
  }

  private static double share(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }

  private static final class DeviceFigures {
    final String kind;
    int incidents;
    Duration incidentTime = Duration.ZERO;
    long passages;
    long lowConfidence;
    long unreadable;

    DeviceFigures(String kind) {
      this.kind = kind;
    }
  }

  private static String kindOf(ResultSet rs) {
    try {
      return rs.getString("kind");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<ReportData.Incident> incidents(Instant from, Instant to, Map<String, DeviceFigures> devices)
      throws SQLException {
    String sql = "SELECT type, kind, device_id, started_at, ended_at FROM incidents WHERE started_at < ?"
        + " AND (ended_at IS NULL OR ended_at > ?) ORDER BY started_at, id";
    List<ReportData.Incident> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(to));
      ps.setTimestamp(2, Timestamp.from(from));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          DeviceFigures f = devices.computeIfAbsent(rs.getString("device_id"), k -> new DeviceFigures(kindOf(rs)));
          Instant start = rs.getTimestamp("started_at").toInstant();
          Timestamp ended = rs.getTimestamp("ended_at");
          boolean open = ended == null || ended.toInstant().isAfter(to);
          Duration within = Duration.between(start.isBefore(from) ? from : start, open ? to : ended.toInstant());
          f.incidents++;
          f.incidentTime = f.incidentTime.plus(within);
          out.add(new ReportData.Incident(rs.getString("type"), rs.getString("kind"), rs.getString("device_id"), start,
              within.toMinutes(), open));
        }
      }
    }
    return List.copyOf(out);
  }

  private List<ReportData.ZoneOutcome> zoneOutcomes(YearMonth month, Instant from, Instant to) throws SQLException {
    List<ReportData.ZoneOutcome> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("SELECT zone_id, kind || '/' || status AS outcome, count(*) AS n"
          + " FROM cases WHERE observed_at >= ? AND observed_at < ? GROUP BY zone_id, kind, status"
          + " ORDER BY zone_id, outcome")) {
        ps.setTimestamp(1, Timestamp.from(from));
        ps.setTimestamp(2, Timestamp.from(to));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new ReportData.ZoneOutcome(rs.getString("zone_id"), rs.getString("outcome"), false,
                rs.getLong("n")));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT zone_id, outcome, count FROM enforcement_counters"
          + " WHERE month = ? ORDER BY zone_id, outcome")) {
        ps.setObject(1, month.atDay(1));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new ReportData.ZoneOutcome(rs.getString("zone_id"), rs.getString("outcome"), true,
                rs.getLong("count")));
          }
        }
      }
    }
    out.sort(java.util.Comparator.comparing((ReportData.ZoneOutcome o) -> o.zoneId())
        .thenComparing(ReportData.ZoneOutcome::deletion).thenComparing(ReportData.ZoneOutcome::outcome));
    return out;
  }

  private long deletedCases(YearMonth month) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT count(*) FROM case_tombstones WHERE deleted_on >= ? AND deleted_on < ?")) {
      ps.setObject(1, month.atDay(1));
      ps.setObject(2, month.plusMonths(1).atDay(1));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
