package nl.opencordon.controlroom;

import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Vehicles per gate and 10-minute bucket for the control room's plot (V94), added to by every node. */
public final class GatePassageCountRepository {

  public record GateCount(String gateId, Instant bucket, long vehicles) {}

  private final Jdbi jdbi;

  public GatePassageCountRepository(DataSource dataSource) {
    this.jdbi = Jdbi.create(dataSource);
  }

  /** Adds each count to what its gate's bucket holds already. */
  public void add(List<GateCount> counts) {
    if (counts.isEmpty()) {
      return;
    }
    jdbi.useHandle(h -> {
      PreparedBatch batch = h.prepareBatch("""
          INSERT INTO gate_passage_counts (gate_id, bucket, vehicles) VALUES (?, ?, ?)
          ON CONFLICT (gate_id, bucket) DO UPDATE SET vehicles = gate_passage_counts.vehicles + excluded.vehicles""");
      counts.forEach(c -> batch.add(c.gateId(), c.bucket(), c.vehicles()));
      batch.execute();
    });
  }

  /** The buckets that start at or after {@code from}. */
  public List<GateCount> since(Instant from) {
    return jdbi.withHandle(h -> h.select("SELECT gate_id, bucket, vehicles FROM gate_passage_counts WHERE bucket >= ?",
        from).map((rs, ctx) -> new GateCount(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getLong(3))).list());
  }

  public int pruneBefore(Instant horizon) {
    return jdbi.withHandle(h -> h.execute("DELETE FROM gate_passage_counts WHERE bucket < ?", horizon));
  }
}
