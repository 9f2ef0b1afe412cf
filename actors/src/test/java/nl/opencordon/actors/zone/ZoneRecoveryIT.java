package nl.opencordon.actors.zone;

import static nl.opencordon.actors.TestSightings.amsterdam;
import static nl.opencordon.actors.TestSightings.sighting;
import static nl.opencordon.actors.TestSightings.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import nl.opencordon.actors.TestSightings;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.Verdict;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.DatabaseSettings;
import nl.opencordon.persistence.TestDatabase;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Zone state in the real PostgreSQL journal: after the whole actor system is stopped and a new one started,
 * who was fined today, the recidive term and the warnings are all still known, and no-hit sightings left
 * nothing in the database.
 */
class ZoneRecoveryIT {
  private static Database database;
  private static Config config;

  @BeforeAll
  static void database() {
    DatabaseSettings settings = TestDatabase.freshSchema();
    database = Database.open(settings);
    config = TestJournal.config(settings);
  }

  @AfterAll
  static void close() {
    database.close();
  }

  private static Zone.Decision.Outcome observe(ActorTestKit kit, ActorRef<Zone.Command> zone, Sighting s) {
    TestProbe<StatusReply<Zone.Decision>> probe = kit.createTestProbe();
    zone.tell(new Zone.Observe(s, probe.ref()));
    return probe.receiveMessage(java.time.Duration.ofSeconds(10)).getValue().outcome();
  }

  @Test
  void decisionsSurviveARestartOfTheActorSystem() throws Exception {
    Plate fined = Plate.dutch("VX-123-B");
    Plate warned = Plate.dutch("VX-999-Z");
    Plate compliant = Plate.dutch("GZ-001-K");
    String entityId = Zone.entityId("ze", TestSightings.HASHER.hash(fined));

    ActorTestKit first = ActorTestKit.create("first", config);
    try {
      ActorRef<Zone.Command> zone = first.spawn(Zone.create(entityId, id -> TestSightings.zeZone()));
      assertEquals(Zone.Decision.Outcome.CASE_OPENED,
          observe(first, zone, violation(fined, Sighting.Source.ENTRY, amsterdam("2025-03-03T08:00"))));
      assertEquals(Zone.Decision.Outcome.WARNING_OPENED,
          observe(first, zone, violation(warned, Sighting.Source.ENTRY, amsterdam("2024-11-01T08:00"))));
      assertEquals(Zone.Decision.Outcome.NO_HIT, observe(first, zone, sighting(compliant, Sighting.Source.ENTRY,
          amsterdam("2025-03-03T08:01"), Verdict.of(Verdict.Outcome.ALLOWED, "ZE-1", "zero emission"))));
    } finally {
      first.shutdownTestKit();
    }

    ActorTestKit second = ActorTestKit.create("second", config);
    try {
      ActorRef<Zone.Command> zone = second.spawn(Zone.create(entityId, id -> TestSightings.zeZone()));
      assertEquals(Zone.Decision.Outcome.ALREADY_DECIDED_TODAY,
          observe(second, zone, violation(fined, Sighting.Source.SCAN, amsterdam("2025-03-03T16:00"))));
      assertEquals(Zone.Decision.Outcome.WITHIN_RECIDIVE,
          observe(second, zone, violation(fined, Sighting.Source.ENTRY, amsterdam("2025-03-10T09:00"))));
      assertEquals(Zone.Decision.Outcome.WARNED_RECENTLY,
          observe(second, zone, violation(warned, Sighting.Source.ENTRY, amsterdam("2024-11-20T09:00"))));
    } finally {
      second.shutdownTestKit();
    }

    try (Connection c = database.dataSource().getConnection();
         ResultSet rs = c.createStatement().executeQuery("SELECT event_payload FROM event_journal")) {
      int events = 0;
      while (rs.next()) {
        events++;
        String payload = new String(rs.getBytes(1), StandardCharsets.ISO_8859_1);
        assertFalse(payload.contains(compliant.text()), "a compliant plate reached the journal");
      }
      assertEquals(2, events, "only the fine and the warning are persisted");
    }
  }
}
