package nl.opencordon.actors.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import nl.opencordon.actors.ActorSettings;
import nl.opencordon.actors.TestSightings;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.VehicleCategory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The case threshold with a real gate before a real zone on the PostgreSQL journal: a violation read at 0.80 (the
 * configured threshold) becomes a case, one read at 0.79 does not, is counted, and leaves its plate nowhere in
 * the journal.
 */
@ExtendWith(LogCapturingExtension.class)
class CaseThresholdIT {
  @RegisterExtension
  static final TestJournal journal = new TestJournal("threshold");

  private static Passage read(Plate plate, double confidence) {
    return new Passage(UUID.randomUUID().toString(), Instant.now(), "noord-1", "T-N01", 1, "zuid",
        new GeoPoint(52.09, 5.12), plate.display(), plate, TestSightings.HASHER.hash(plate), VehicleCategory.VAN,
        confidence, List.of(), false, List.of("evidence://x"), Optional.empty());
  }

  @Test
  void aViolationReadBelowTheCaseThresholdMakesNoCaseAndLeavesNoPlateInTheJournal() throws Exception {
    ActorTestKit kit = journal.kit();
    Gate.Settings settings = ActorSettings.fromConfig(kit.system().settings().config().getConfig("anpr.actors")).gate();
    assertEquals(0.8, settings.caseThreshold(), "the shipped threshold");
    ActorRef<Zone.Command> zone = kit.spawn(Zone.create("ze#0", id -> TestSightings.zeZone()));
    List<Zone.Decision.Outcome> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
    ActorRef<Gate.Command> gate = kit.spawn(Gate.create(
        new CityLayout.Gate("noord", "ze", CityLayout.GateKind.ENTRY, new GeoPoint(52.09, 5.12)),
        TestSightings.zeZone(), List.of(), new Gate.Dependencies(
            p -> CompletableFuture.completedFuture(Optional.of(TestSightings.euro4Van(p))), new ExemptionRegistry(),
            ZoneRouter.single(zone), Gate.ZoneSchedule.AS_CONFIGURED, Gate.Suspensions.NONE,
            (zoneId, decision, failure) -> answers.add(decision.outcome())), settings));
    Plate uncertain = Plate.dutch("VX-179-B");
    Plate certain = Plate.dutch("VX-180-B");
    TestProbe<Gate.Handled> handled = kit.createTestProbe();
    gate.tell(new Gate.Observe(read(uncertain, 0.79), TestSightings.ENTRY_SITE, VehicleCategory.VAN, handled.ref()));
    assertEquals(Optional.empty(), handled.receiveMessage(Duration.ofSeconds(60)).refusal());
    gate.tell(new Gate.Observe(read(certain, 0.80), TestSightings.ENTRY_SITE, VehicleCategory.VAN, handled.ref()));
    assertEquals(Optional.empty(), handled.receiveMessage(Duration.ofSeconds(60)).refusal());

    TestProbe<Gate.Status> status = kit.createTestProbe();
    gate.tell(new Gate.GetStatus(status.ref()));
    Gate.Status s = status.receiveMessage();
    assertEquals(2, s.violations());
    assertEquals(1, s.belowCaseThreshold());
    assertEquals(1, s.decided(), "only the read at the threshold reached the zone");
    assertEquals(List.of(Zone.Decision.Outcome.BELOW_CASE_THRESHOLD, Zone.Decision.Outcome.CASE_OPENED), answers);

    List<String> events = journal.payloads();
    assertEquals(1, events.size(), "one case, for the read at the threshold");
    assertTrue(events.get(0).contains(certain.text()));
    assertFalse(events.stream().anyMatch(p -> p.contains(uncertain.text())), "a read below the threshold reached the journal");
  }
}
