package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.DatabaseSettings;
import nl.opencordon.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The public evidence page's rate limit counts cluster-wide: two nodes (two pools on one schema, as two JVMs
 * would have; the limit keeps nothing in memory) alternately asked by the same client give it its limit once,
 * not once per node; another client still gets answers; and many clients together stop at the ceiling, which
 * the requests one client makes over its own limit do not use up.
 */
class CitizenRateLimitIT {
  private static final int PER_CLIENT = 4;
  private static final int CEILING = 10;

  @Test
  void oneClientGetsItsLimitOnceAcrossNodesAndCannotUseUpTheCeiling() throws Exception {
    DatabaseSettings schema = TestDatabase.freshSchema();
    try (Database a = Database.open(schema); Database b = Database.open(schema)) {
      List<CitizenRateLimit> nodes = List.of(new CitizenRateLimit(a.dataSource(), PER_CLIENT, CEILING),
          new CitizenRateLimit(b.dataSource(), PER_CLIENT, CEILING));
      int permitted = 0;
      for (int i = 0; i < 3 * PER_CLIENT; i++) {
        if (nodes.get(i % 2).permit("203.0.113.7")) {
          permitted++;
        }
      }
      assertEquals(PER_CLIENT, permitted, "one client, both nodes, one limit");
      assertTrue(nodes.get(1).permit("198.51.100.20"), "another client is still answered");

      // the ceiling: 1 + 4 of the two clients above are counted; 5 more clients get 5 more, then no one
      int others = 0;
      for (int client = 1; client <= 5; client++) {
        for (int i = 0; i < 2; i++) {
          if (nodes.get(i % 2).permit("192.0.2." + client)) {
            others++;
          }
        }
      }
      assertEquals(CEILING - PER_CLIENT - 1, others);
      assertFalse(nodes.get(0).permit("192.0.2.99"), "the ceiling holds for every client");
      // the addresses are kept as hashes, for the minute
      try (Connection c = a.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(
          "SELECT count(*) FROM evidence_request_counts WHERE client LIKE '%.%'")) {
        rs.next();
        assertEquals(0, rs.getInt(1));
      }
    }
  }
}
