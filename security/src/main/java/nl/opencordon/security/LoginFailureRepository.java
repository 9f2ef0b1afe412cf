package nl.opencordon.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The table {@code login_failures}: failed password checks per key in fixed windows, shared by every node.
 * Successful checks write nothing.
 */
final class LoginFailureRepository {
  /** The failures of a key in its current window. */
  record Count(int failures, Instant windowStart) {}

  private static final RowMapper<Count> COUNT = (rs, ctx) ->
      new Count(rs.getInt("failures"), rs.getTimestamp("window_start").toInstant());

  private final Jdbi jdbi;

  LoginFailureRepository(DataSource dataSource) {
    this.jdbi = Jdbi.create(dataSource);
  }

  /** The counts of the keys whose window has not yet passed. */
  Map<String, Count> current(Collection<String> keys, Duration window) {
    return jdbi.withHandle(h -> h.select("SELECT key, failures, window_start FROM login_failures WHERE key = ANY (?)"
            + " AND window_start > now() - make_interval(secs => ?)", keys.toArray(String[]::new), window.toSeconds())
        .map((rs, ctx) -> Map.entry(rs.getString("key"), COUNT.map(rs, ctx)))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }

  /** Counts one failure for each key (a new window where the old one passed), and drops passed windows. */
  Map<String, Count> recordFailure(Collection<String> keys, Duration window) {
    Map<String, Count> out = new HashMap<>();
    jdbi.useHandle(h -> {
      for (String key : keys) {
        out.put(key, h.select("""
            INSERT INTO login_failures AS f (key, window_start, failures) VALUES (?, now(), 1)
            ON CONFLICT (key) DO UPDATE SET
              failures = CASE WHEN f.window_start > now() - make_interval(secs => ?) THEN f.failures + 1 ELSE 1 END,
              window_start = CASE WHEN f.window_start > now() - make_interval(secs => ?) THEN f.window_start
                                  ELSE now() END
            RETURNING failures, window_start""", key, window.toSeconds(), window.toSeconds()).map(COUNT).one());
      }
      h.execute("DELETE FROM login_failures WHERE window_start < now() - make_interval(secs => ?)",
          window.toSeconds());
    });
    return out;
  }
}
