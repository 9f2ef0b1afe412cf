package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.DatabaseSettings;
import nl.opencordon.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The read side's lag comes from PostgreSQL, not from a node's memory: two nodes (two pools on one schema) that
 * saw none of the events report the same pending events and the same oldest one, following the offsets the cases
 * projections store, whichever node runs them.
 */
class ReadSideLagIT {

  @Test
  void everyNodeReadsTheSameLagFromTheProjectionsOffsets() throws Exception {
    DatabaseSettings schema = TestDatabase.freshSchema();
    try (Database one = Database.open(schema); Database other = Database.open(schema)) {
      assertEquals(new CaseProjection.Lag(0, Optional.empty()), CaseProjection.lag(one.dataSource()));

      Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
      long first = event(one, "case-0", now.minusSeconds(40));
      long second = event(one, "case-1", now.minusSeconds(20));
      long third = event(one, "case-0", now.minusSeconds(10));
      event(one, "case", now.minusSeconds(5));   // the legacy tag is followed too
      CaseProjection.Lag nothingProcessed = new CaseProjection.Lag(4, Optional.of(now.minusSeconds(40)));
      assertEquals(nothingProcessed, CaseProjection.lag(one.dataSource()));
      assertEquals(nothingProcessed, CaseProjection.lag(other.dataSource()));

      // the projection of case-0 has processed its first event, that of case-1 everything
      offset(one, "case-0", first);
      offset(one, "case-1", second);
      CaseProjection.Lag behind = new CaseProjection.Lag(2, Optional.of(now.minusSeconds(10)));
      assertEquals(behind, CaseProjection.lag(one.dataSource()));
      assertEquals(behind, CaseProjection.lag(other.dataSource()));

      offset(one, "case-0", third);
      offset(one, "case", third + 1);
      assertEquals(new CaseProjection.Lag(0, Optional.empty()), CaseProjection.lag(other.dataSource()));
    }
  }

  /** A zone event in the journal as pekko-persistence-jdbc writes it (the payload is not read here). */
  private static long event(Database db, String tag, Instant written) throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      long ordering;
      try (PreparedStatement s = c.prepareStatement("""
          INSERT INTO event_journal (persistence_id, sequence_number, writer, write_timestamp, event_ser_id,
            event_ser_manifest, event_payload)
          VALUES (?, 1, 'w', ?, 1, 'm', '\\x00'::bytea) RETURNING ordering""")) {
        s.setString(1, "Zone|" + tag + "-" + written.toEpochMilli());
        s.setLong(2, written.toEpochMilli());
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          ordering = rs.getLong(1);
        }
      }
      try (PreparedStatement s = c.prepareStatement("INSERT INTO event_tag (event_id, tag) VALUES (?, ?)")) {
        s.setLong(1, ordering);
        s.setString(2, tag);
        s.executeUpdate();
      }
      return ordering;
    }
  }

  /** The offset as pekko-projection-jdbc stores it for a sequence offset. */
  private static void offset(Database db, String tag, long ordering) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement("""
        INSERT INTO pekko_projection_offset_store VALUES ('cases', ?, ?, 'SEQ', false, 0)
        ON CONFLICT (projection_name, projection_key) DO UPDATE SET current_offset = excluded.current_offset""")) {
      s.setString(1, tag);
      s.setString(2, Long.toString(ordering));
      s.executeUpdate();
    }
  }
}
