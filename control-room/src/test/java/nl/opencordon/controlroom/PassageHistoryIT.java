package nl.opencordon.controlroom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.DatabaseSettings;
import nl.opencordon.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The control room's passage plot is the cluster's, not a node's: two nodes (two pools on one schema) each count
 * the gates they run, one of which moved from the first to the second, and each node's plot shows every gate
 * with all its vehicles, the moved gate's from both.
 */
class PassageHistoryIT {

  @Test
  void everyNodesPlotShowsEveryGateAndAMovedGateKeepsItsHistory() throws Exception {
    DatabaseSettings schema = TestDatabase.freshSchema();
    try (Database a = Database.open(schema); Database b = Database.open(schema)) {
      GatePassageCountRepository onA = new GatePassageCountRepository(a.dataSource());
      GatePassageCountRepository onB = new GatePassageCountRepository(b.dataSource());
      Instant now = Instant.now();
      PassageHistory nodeA = new PassageHistory();
      PassageHistory nodeB = new PassageHistory();
      nodeA.record("noord", 7, now);
      nodeA.record("oost", 5, now);
      onA.add(nodeA.drain());
      // node A dies; oost starts on node B and counts from zero there
      nodeB.record("zuid", 3, now);
      nodeB.record("oost", 2, now);
      onB.add(nodeB.drain());

      for (GatePassageCountRepository node : List.of(onA, onB)) {
        PassageHistory.Series plot = PassageHistory.series(node.since(PassageHistory.from(now)), now);
        assertEquals(7L, last(plot, "noord"));
        assertEquals(7L, last(plot, "oost"), "5 counted on A, 2 on B");
        assertEquals(3L, last(plot, "zuid"));
      }
      assertEquals(3, onB.pruneBefore(now.plusSeconds(PassageHistory.BUCKET.toSeconds())));
    }
  }

  private static long last(PassageHistory.Series plot, String gate) {
    return plot.perGate().get(gate).get(PassageHistory.BUCKETS - 1);
  }
}
