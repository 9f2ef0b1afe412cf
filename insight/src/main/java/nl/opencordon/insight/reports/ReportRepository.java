package nl.opencordon.insight.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/** The {@code management_reports} table: each month's report as made, PDF and CSV. */
public final class ReportRepository {

  public record Made(YearMonth month, Instant madeAt, String madeBy) {}

  private final Jdbi jdbi;

  public ReportRepository(DataSource dataSource) {
    this.jdbi = Jdbi.create(dataSource);
  }

  /** Stores the month's report, replacing one made before. */
  public void store(YearMonth month, Instant madeAt, String madeBy, byte[] pdf, String csv) {
    jdbi.useHandle(h -> h.execute("INSERT INTO management_reports (month, made_at, made_by, pdf, csv)"
        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (month) DO UPDATE SET made_at = EXCLUDED.made_at,"
        + " made_by = EXCLUDED.made_by, pdf = EXCLUDED.pdf, csv = EXCLUDED.csv",
        month.atDay(1), madeAt, madeBy, pdf, csv));
  }

  /** Newest month first. */
  public List<Made> list() {
    return jdbi.withHandle(h -> h.select("SELECT month, made_at, made_by FROM management_reports ORDER BY month DESC")
        .map((rs, ctx) -> new Made(YearMonth.from(rs.getObject("month", LocalDate.class)),
            rs.getTimestamp("made_at").toInstant(), rs.getString("made_by")))
        .list());
  }

  public Optional<byte[]> pdf(YearMonth month) {
    return column(month, "pdf", byte[].class);
  }

  public Optional<String> csv(YearMonth month) {
    return column(month, "csv", String.class);
  }

  private <T> Optional<T> column(YearMonth month, String column, Class<T> type) {
    return jdbi.withHandle(h -> h.select("SELECT " + column + " FROM management_reports WHERE month = ?",
        month.atDay(1)).mapTo(type).findOne());
  }
}
