package nl.opencordon.insight.reports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code management_reports} table: each month's report as made, PDF and CSV. */
public final class ReportRepository {

  public record Made(YearMonth month, Instant madeAt, String madeBy) {}

  private final DataSource dataSource;

  public ReportRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Stores the month's report, replacing one made before. */
  public void store(YearMonth month, Instant madeAt, String madeBy, byte[] pdf, String csv) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO management_reports (month, made_at, made_by, pdf, csv) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (month) DO UPDATE SET made_at = EXCLUDED.made_at, made_by = EXCLUDED.made_by,"
            + " pdf = EXCLUDED.pdf, csv = EXCLUDED.csv")) {
      ps.setObject(1, month.atDay(1));
      ps.setTimestamp(2, Timestamp.from(madeAt));
      ps.setString(3, madeBy);
      ps.setBytes(4, pdf);
      ps.setString(5, csv);
      ps.executeUpdate();
    }
  }

  /** Newest month first. */
  public List<Made> list() throws SQLException {
    try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT month, made_at, made_by FROM management_reports ORDER BY month DESC")) {
      List<Made> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new Made(YearMonth.from(rs.getObject("month", LocalDate.class)),
            rs.getTimestamp("made_at").toInstant(), rs.getString("made_by")));
      }
      return out;
    }
  }

  public Optional<byte[]> pdf(YearMonth month) throws SQLException {
    return column(month, "pdf", rs -> rs.getBytes(1));
  }

  public Optional<String> csv(YearMonth month) throws SQLException {
    return column(month, "csv", rs -> rs.getString(1));
  }

  private interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> Optional<T> column(YearMonth month, String column, Reader<T> reader) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT " + column + " FROM management_reports WHERE month = ?")) {
      ps.setObject(1, month.atDay(1));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(reader.read(rs)) : Optional.empty();
      }
    }
  }
}
