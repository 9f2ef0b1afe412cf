package nl.opencordon.security;

import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/** The {@code access_log} table: one row per request that revealed personal data. Rows are only added. */
public final class AccessLogRepository {
  public record Entry(long id, Instant at, String userName, String roles, String action, String subject) {}

  private final Jdbi jdbi;

  public AccessLogRepository(DataSource dataSource) {
    this.jdbi = Jdbi.create(dataSource);
  }

  public void insert(String userName, String roles, String action, String subject) {
    jdbi.useHandle(h -> h.execute("INSERT INTO access_log (user_name, roles, action, subject) VALUES (?, ?, ?, ?)",
        userName, roles, action, subject));
  }

  /** The newest entries first, optionally only those about one subject. */
  public List<Entry> list(String subject, int limit) {
    String sql = "SELECT * FROM access_log" + (subject == null ? "" : " WHERE subject = ?")
        + " ORDER BY id DESC LIMIT ?";
    Object[] args = subject == null ? new Object[] {limit} : new Object[] {subject, limit};
    return jdbi.withHandle(h -> h.select(sql, args)
        .map((rs, ctx) -> new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("user_name"),
            rs.getString("roles"), rs.getString("action"), rs.getString("subject")))
        .list());
  }
}
