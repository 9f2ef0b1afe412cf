package nl.opencordon.enforcement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import javax.sql.DataSource;

/**
 * The rate limit of the public evidence page, cluster-wide: counted in PostgreSQL per client address and minute
 * (the database's clock), so a client gets {@code perClient} answers a minute whichever nodes the load balancer
 * sends it to, and all clients together at most {@code ceiling}. Only requests within their client's limit count
 * towards the ceiling, so one client cannot use it up. One statement per request; the client is kept as a hash of
 * its address, and a minute's rows are deleted when the minute after next starts.
 */
final class CitizenRateLimit {
  static final String EVERYONE = "*";
  private final DataSource dataSource;
  private final int perClient;
  private final int ceiling;

  CitizenRateLimit(DataSource dataSource, int perClient, int ceiling) {
    this.dataSource = dataSource;
    this.perClient = perClient;
    this.ceiling = ceiling;
  }

  /** Counts a request of a client; true when it may be answered. */
  boolean permit(String clientAddress) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
        WITH mine AS (
          INSERT INTO evidence_request_counts (client, minute, requests) VALUES (?, date_trunc('minute', now()), 1)
          ON CONFLICT (client, minute) DO UPDATE SET requests = evidence_request_counts.requests + 1
          RETURNING requests),
        everyone AS (
          INSERT INTO evidence_request_counts (client, minute, requests)
          SELECT ?, date_trunc('minute', now()), 1 FROM mine WHERE requests <= ?
          ON CONFLICT (client, minute) DO UPDATE SET requests = evidence_request_counts.requests + 1
          RETURNING requests)
        SELECT (SELECT requests FROM mine), (SELECT requests FROM everyone)""")) {
      s.setString(1, hash(clientAddress));
      s.setString(2, EVERYONE);
      s.setInt(3, perClient);
      int everyone;
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        everyone = rs.getInt(2);
        if (rs.wasNull()) {
          return false;   // over the client's own limit: not counted towards the ceiling
        }
      }
      if (everyone == 1) {
        // the first request of a minute clears the minutes before the last
        try (PreparedStatement d = c.prepareStatement(
            "DELETE FROM evidence_request_counts WHERE minute < date_trunc('minute', now()) - interval '1 minute'")) {
          d.executeUpdate();
        }
      }
      return everyone <= ceiling;
    }
  }

  private static String hash(String clientAddress) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(clientAddress.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
