package nl.opencordon.actors.zone;

import static nl.opencordon.actors.TestSightings.amsterdam;
import static nl.opencordon.actors.TestSightings.sighting;
import static nl.opencordon.actors.TestSightings.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nl.opencordon.actors.TestSightings;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.Verdict;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Zone state in the real PostgreSQL journal: after the whole actor system is stopped and a new one started,
 * who was fined today, the recidive term and the warnings are all still known, and no-hit sightings left
 * nothing in the database.
 */
class ZoneRecoveryIT {
  @RegisterExtension
  static final TestJournal journal = new TestJournal("recovery");

  /** The zone's outcomes for {@code sightings}, one after the other, in a new actor system that is then stopped. */
  private static List<Zone.Decision.Outcome> decide(String system, String entityId, Sighting... sightings) {
    ActorTestKit kit = journal.newKit(system);
    try {
      ActorRef<Zone.Command> zone = kit.spawn(Zone.create(entityId, id -> TestSightings.zeZone()));
      TestProbe<StatusReply<Zone.Decision>> probe = kit.createTestProbe();
      List<Zone.Decision.Outcome> outcomes = new ArrayList<>();
      for (Sighting s : sightings) {
        zone.tell(new Zone.Observe(s, probe.ref()));
        outcomes.add(probe.receiveMessage(Duration.ofSeconds(10)).getValue().outcome());
      }
      return outcomes;
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void decisionsSurviveARestartOfTheActorSystem() throws Exception {
    Plate fined = Plate.dutch("VX-123-B");
    Plate warned = Plate.dutch("VX-999-Z");
    Plate compliant = Plate.dutch("GZ-001-K");
    String entityId = Zone.entityId("ze", TestSightings.HASHER.hash(fined));

    assertEquals(List.of(Zone.Decision.Outcome.CASE_OPENED, Zone.Decision.Outcome.WARNING_OPENED,
            Zone.Decision.Outcome.NO_HIT),
        decide("first", entityId, violation(fined, Sighting.Source.ENTRY, amsterdam("2025-03-03T08:00")),
            violation(warned, Sighting.Source.ENTRY, amsterdam("2024-11-01T08:00")),
            sighting(compliant, Sighting.Source.ENTRY, amsterdam("2025-03-03T08:01"),
                Verdict.of(Verdict.Outcome.ALLOWED, "ZE-1", "zero emission"))));
    // a new actor system knows only what the journal kept
    assertEquals(List.of(Zone.Decision.Outcome.ALREADY_DECIDED_TODAY, Zone.Decision.Outcome.WITHIN_RECIDIVE,
            Zone.Decision.Outcome.WARNED_RECENTLY),
        decide("second", entityId, violation(fined, Sighting.Source.SCAN, amsterdam("2025-03-03T16:00")),
            violation(fined, Sighting.Source.ENTRY, amsterdam("2025-03-10T09:00")),
            violation(warned, Sighting.Source.ENTRY, amsterdam("2024-11-20T09:00"))));

    List<String> events = journal.payloads();
    assertEquals(2, events.size(), "only the fine and the warning are persisted");
    assertFalse(events.stream().anyMatch(p -> p.contains(compliant.text())), "a compliant plate reached the journal");
  }
}
