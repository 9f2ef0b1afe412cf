package nl.opencordon.insight.reports;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import javax.sql.DataSource;

/** Makes a month's management report from the read models and stores it as PDF and CSV. */
public final class Reports {
  private final ReportSource source;
  private final ReportRepository stored;
  private final ZoneId zone;
  private final double target;
  private final Clock clock;

  public Reports(DataSource dataSource, ZoneId zone, double target, Clock clock) {
    this.source = new ReportSource(dataSource);
    this.stored = new ReportRepository(dataSource);
    this.zone = zone;
    this.target = target;
    this.clock = clock;
  }

  public ReportRepository stored() {
    return stored;
  }

  /** Makes (or makes again) the report of {@code month}. */
  public ReportData make(YearMonth month, String madeBy) throws SQLException {
    Instant now = clock.instant();
    ReportData data = source.read(month, zone, target, now);
    stored.store(month, now, madeBy, ReportFiles.pdf(data, zone), ReportFiles.csv(data));
    return data;
  }

  /** The last month that has ended. */
  public YearMonth lastMonth() {
    return YearMonth.now(clock.withZone(zone)).minusMonths(1);
  }

  /** Time from now until the first of next month at {@code at}, local time. */
  public Duration untilNextMonth(LocalTime at) {
    Instant now = clock.instant();
    Instant next = YearMonth.now(clock.withZone(zone)).plusMonths(1).atDay(1).atTime(at).atZone(zone).toInstant();
    return Duration.between(now, next);
  }

  public ZoneId zone() {
    return zone;
  }
}
