package nl.opencordon.actors.zone;

import static nl.opencordon.actors.TestSightings.amsterdam;
import static nl.opencordon.actors.TestSightings.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nl.opencordon.actors.TestSightings;
import nl.opencordon.domain.Plate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.jdbc.config.ReadJournalConfig;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The read journal the projections use, on the real PostgreSQL journal: eventsByTag gives exactly a tag's
 * events after an offset, in journal order, and a poll reads only the rows it returns, however many the tag
 * has (the query it replaces read them all).
 */
class TagRangeReadJournalDaoIT {
  @RegisterExtension
  static final TestJournal journal = new TestJournal("tags");

  @Test
  void aTagsEventsAfterAnOffsetComeInJournalOrderAndAPollReadsOnlyThose() throws Exception {
    ActorTestKit kit = journal.kit();
    assertEquals(TagRangeReadJournalDao.class.getName(), journal.config().getString("jdbc-read-journal.dao"));
    // 120 cases from eight buckets, so that every tag has events and they interleave in the journal
    List<ActorRef<Zone.Command>> zones = new ArrayList<>();
    for (int b = 0; b < 8; b++) {
      zones.add(kit.spawn(Zone.create("ze#" + b, id -> TestSightings.zeZone())));
    }
    TestProbe<StatusReply<Zone.Decision>> probe = kit.createTestProbe();
    for (int i = 0; i < 120; i++) {
      zones.get(i % 8).tell(new Zone.Observe(violation(Plate.dutch(String.format("VX-%03d-B", i)),
          Sighting.Source.ENTRY, amsterdam("2025-03-03T08:00")), probe.ref()));
      assertEquals(Zone.Decision.Outcome.CASE_OPENED, probe.receiveMessage(Duration.ofSeconds(10)).getValue().outcome());
    }

    JdbcReadJournal readJournal = PersistenceQuery.get(kit.system())
        .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    for (String tag : Zone.TAGS) {
      List<Long> stored = orderingsOf(tag);
      assertTrue(stored.size() > 10, tag + " has " + stored.size() + " events");
      long offset = stored.get(stored.size() / 2);
      List<EventEnvelope> read = readJournal.currentEventsByTag(tag, Offset.sequence(offset))
          .runWith(Sink.seq(), kit.system()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(stored.subList(stored.size() / 2 + 1, stored.size()),
          read.stream().map(e -> ((Sequence) e.offset()).value()).toList());
      read.forEach(e -> assertTrue(e.event() instanceof Zone.CaseOpened, e.event().toString()));
    }

    // Many more rows under one tag (stand-ins, never deserialised): a poll for the last few reads only those.
    try (Connection c = journal.database().dataSource().getConnection()) {
      c.createStatement().execute("INSERT INTO event_journal (persistence_id, sequence_number, writer, "
          + "event_ser_id, event_ser_manifest, event_payload) SELECT 'filler', n, 'test', 0, '', '\\x00' "
          + "FROM generate_series(1, 20000) n");
      c.createStatement().execute("INSERT INTO event_tag (event_id, tag) SELECT ordering, 'case-0' "
          + "FROM event_journal WHERE persistence_id = 'filler'");
      c.createStatement().execute("ANALYZE event_journal");
      c.createStatement().execute("ANALYZE event_tag");
      List<Long> stored = orderingsOf("case-0");
      long last = stored.get(stored.size() - 1);
      String sql = TagRangeReadJournalDao.eventsByTagSql(new ReadJournalConfig(journal.config().getConfig("jdbc-read-journal")));
      // The plan a poll gets once the driver has made the statement a server-side one (after 5 runs): a
      // generic plan, which does not know how narrow the range is. With the range on the journal it read all
      // 20,000 rows of the tag.
      c.createStatement().execute("SET plan_cache_mode = force_generic_plan");
      String[] parts = sql.split("\\?", -1);
      StringBuilder numbered = new StringBuilder(parts[0]);
      for (int i = 1; i < parts.length; i++) {
        numbered.append('$').append(i).append(parts[i]);
      }
      c.createStatement().execute("PREPARE poll(varchar, bigint, bigint, bigint) AS " + numbered);
      try (ResultSet rs = c.createStatement().executeQuery(
          "EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE poll('case-0', " + (last - 5) + ", " + last + ", 500)")) {
        rs.next();
        JsonNode plan = new ObjectMapper().readTree(rs.getString(1)).get(0).get("Plan");
        long tagRows = rowsRead(plan, "event_tag");
        assertTrue(tagRows < 100, "a poll for 5 new events read " + tagRows + " rows of event_tag: " + plan);
      }
    }
  }

  private static List<Long> orderingsOf(String tag) throws Exception {
    try (Connection c = journal.database().dataSource().getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT event_id FROM event_tag WHERE tag = ? ORDER BY event_id")) {
      ps.setString(1, tag);
      List<Long> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
      return out;
    }
  }

  /** Rows a plan's scans of {@code table} produced or threw away, over all their loops. */
  private static long rowsRead(JsonNode node, String table) {
    long rows = 0;
    if (table.equals(node.path("Relation Name").asText()) || node.path("Index Name").asText().startsWith(table)) {
      long loops = Math.max(1, node.path("Actual Loops").asLong());
      rows += loops * (node.path("Actual Rows").asLong() + node.path("Rows Removed by Filter").asLong()
          + node.path("Rows Removed by Index Recheck").asLong());
    }
    for (JsonNode child : node.path("Plans")) {
      rows += rowsRead(child, table);
    }
    return rows;
  }
}
