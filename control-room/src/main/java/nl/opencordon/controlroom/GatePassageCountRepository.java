package nl.opencordon.controlroom;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Vehicles per gate and 10-minute bucket for the control room's plot (V94), added to by every node. */
public final class GatePassageCountRepository {

  public record GateCount(String gateId, Instant bucket, long vehicles) {}

  private final DataSource dataSource;

  public GatePassageCountRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Adds each count to what its gate's bucket holds already. */
  public void add(List<GateCount> counts) throws SQLException {
    if (counts.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
        INSERT INTO gate_passage_counts (gate_id, bucket, vehicles) VALUES (?, ?, ?)
        ON CONFLICT (gate_id, bucket) DO UPDATE SET vehicles = gate_passage_counts.vehicles + excluded.vehicles""")) {
      for (GateCount count : counts) {
        ps.setString(1, count.gateId());
        ps.setTimestamp(2, Timestamp.from(count.bucket()));
        ps.setLong(3, count.vehicles());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The buckets that start at or after {@code from}. */
  public List<GateCount> since(Instant from) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT gate_id, bucket, vehicles FROM gate_passage_counts WHERE bucket >= ?")) {
      ps.setTimestamp(1, Timestamp.from(from));
      List<GateCount> counts = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts.add(new GateCount(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getLong(3)));
        }
      }
      return counts;
    }
  }

  public int pruneBefore(Instant horizon) throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement("DELETE FROM gate_passage_counts WHERE bucket < ?")) {
      ps.setTimestamp(1, Timestamp.from(horizon));
      return ps.executeUpdate();
    }
  }
}
