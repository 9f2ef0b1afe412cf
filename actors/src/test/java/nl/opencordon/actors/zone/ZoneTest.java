package nl.opencordon.actors.zone;

import static nl.opencordon.actors.TestSightings.amsterdam;
import static nl.opencordon.actors.TestSightings.sighting;
import static nl.opencordon.actors.TestSightings.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import nl.opencordon.domain.EnforcementWindow;
import nl.opencordon.domain.Phase;
import nl.opencordon.domain.Regime;
import nl.opencordon.domain.VehicleCategory;
import nl.opencordon.domain.ZoneDefinition;
import java.util.ArrayList;
import java.util.List;
import nl.opencordon.actors.TestSightings;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.Verdict;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The zone's decision rules, on the in-memory journal; every command, event and state is serialised. */
@ExtendWith(LogCapturingExtension.class)
class ZoneTest {
  static final org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit testKit =
      org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit.create(
          EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

  /** The events the zone persisted through {@link #observe}. */
  private final List<Zone.Event> persisted = new ArrayList<>();
  private final EventSourcedBehaviorTestKit<Zone.Command, Zone.Event, Zone.State> zone =
      EventSourcedBehaviorTestKit.create(testKit.system(), Zone.create("ze#1", id -> TestSightings.zeZone()));

  private static final Plate VAN = Plate.dutch("VX-123-B");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    zone.clear();
    persisted.clear();
  }

  private Zone.Decision observe(Sighting s) {
    var result = zone.<StatusReply<Zone.Decision>>runCommand(replyTo -> new Zone.Observe(s, replyTo));
    persisted.addAll(result.events());
    return result.reply().getValue();
  }

  private Zone.Decision.Outcome outcome(Sighting s) {
    return observe(s).outcome();
  }

  /** Observes {@link #VAN} seen by {@code source} at the Amsterdam time {@code at}, and checks the decision. */
  private void assertDecides(Zone.Decision.Outcome expected, Sighting.Source source, String at) {
    assertEquals(expected, outcome(violation(VAN, source, amsterdam(at))), source + " at " + at);
  }

  private static Zone.Decision.Outcome outcome(EventSourcedBehaviorTestKit<Zone.Command, Zone.Event, Zone.State> zone,
                                              Sighting s) {
    return zone.<StatusReply<Zone.Decision>>runCommand(replyTo -> new Zone.Observe(s, replyTo)).reply().getValue()
        .outcome();
  }

  /** A closed area enforced on weekdays from 11:00 to 07:00: suppliers may come in from 07:00 to 11:00. */
  private static final ZoneDefinition LOADING_HOURS = new ZoneDefinition("markt", "Markt",
      new Regime.ClosedArea(Set.of(VehicleCategory.BUS)), Map.of(Phase.ENFORCEMENT, LocalDate.of(2025, 1, 1)),
      List.of(new EnforcementWindow(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(11, 0),
          LocalTime.of(7, 0), null)), Duration.ofDays(7), Duration.ofDays(14), List.of());

  private static Sighting entryWhileNotEnforced(Plate plate, Instant at) {
    return sighting(plate, Sighting.Source.ENTRY, at,
        Verdict.of(Verdict.Outcome.NOT_ENFORCED, "TW-1", "outside enforcement times (5 minute grace)"));
  }

  /** A supplier who came in during loading hours is judged by that entry: leaving after 11:00 is no case. */
  @Test
  void inAZoneWithWindowsAVehicleIsJudgedByItsEntry() {
    var markt = EventSourcedBehaviorTestKit.<Zone.Command, Zone.Event, Zone.State>create(testKit.system(),
        Zone.create("markt#1", id -> LOADING_HOURS));
    Plate supplier = Plate.dutch("VX-124-B");
    markt.runCommand(new Zone.Track(entryWhileNotEnforced(supplier, amsterdam("2025-03-03T10:30"))));
    var leaving = markt.<StatusReply<Zone.Decision>>runCommand(replyTo -> new Zone.Observe(
        violation(supplier, Sighting.Source.EXIT, amsterdam("2025-03-03T11:30")), replyTo));
    assertEquals(Zone.Decision.Outcome.ENTERED_OUTSIDE_ENFORCEMENT, leaving.reply().getValue().outcome());
    assertTrue(leaving.events().isEmpty());

    // a scan car seeing it inside after 11:00 does not fine it either
    Plate other = Plate.dutch("VX-125-B");
    markt.runCommand(new Zone.Track(entryWhileNotEnforced(other, amsterdam("2025-03-03T10:50"))));
    assertEquals(Zone.Decision.Outcome.ENTERED_OUTSIDE_ENFORCEMENT,
        outcome(markt, violation(other, Sighting.Source.SCAN, amsterdam("2025-03-03T12:00"))));

    // an exit whose entry the zone did not see proves no entry while enforced
    assertEquals(Zone.Decision.Outcome.ENTRY_NOT_SEEN,
        outcome(markt, violation(Plate.dutch("VX-126-B"), Sighting.Source.EXIT, amsterdam("2025-03-03T12:00"))));

    // a vehicle that came in while enforced is fined at its entry
    assertEquals(Zone.Decision.Outcome.CASE_OPENED,
        outcome(markt, violation(Plate.dutch("VX-127-B"), Sighting.Source.ENTRY, amsterdam("2025-03-03T11:10"))));
    // and the supplier, having left, is judged afresh at its next entry
    assertEquals(Zone.Decision.Outcome.CASE_OPENED,
        outcome(markt, violation(supplier, Sighting.Source.ENTRY, amsterdam("2025-03-03T14:00"))));
  }

  /** Without enforcement windows an exit camera's violation is a case as before. */
  @Test
  void withoutWindowsAnExitStillMakesACase() {
    assertDecides(Zone.Decision.Outcome.CASE_OPENED, Sighting.Source.EXIT, "2025-03-03T12:00");
  }

  @Test
  void aNoHitIsAnsweredButNeverPersisted() {
    var result = zone.<StatusReply<Zone.Decision>>runCommand(replyTo -> new Zone.Observe(
        sighting(VAN, Sighting.Source.ENTRY, amsterdam("2025-03-03T10:00"),
            Verdict.of(Verdict.Outcome.ALLOWED, "ZE-1", "zero emission")), replyTo));
    assertEquals(Zone.Decision.Outcome.NO_HIT, result.reply().getValue().outcome());
    assertTrue(result.events().isEmpty(), "a no-hit must leave no event");
    assertTrue(result.state().vehicles().isEmpty());
  }

  @Test
  void aTrackedNoHitMovesTheVehicleInAndOutWithoutAnEvent() {
    Verdict allowed = Verdict.of(Verdict.Outcome.ALLOWED, "ZE-1", "zero emission");
    var entered = zone.runCommand(new Zone.Track(sighting(VAN, Sighting.Source.ENTRY, amsterdam("2025-03-03T10:00"),
        allowed)));
    assertTrue(entered.events().isEmpty(), "a no-hit must leave no event");
    assertEquals(new Zone.Presence(1, 0), zone.<Zone.Presence>runCommand(Zone.GetPresence::new).reply());
    zone.runCommand(new Zone.Track(sighting(VAN, Sighting.Source.EXIT, amsterdam("2025-03-03T11:00"), allowed)));
    assertEquals(new Zone.Presence(0, 0), zone.<Zone.Presence>runCommand(Zone.GetPresence::new).reply());
  }

  @Test
  void oneCasePerVehiclePerDayWhateverSawIt() {
    Zone.Decision first = observe(violation(VAN, Sighting.Source.ENTRY, amsterdam("2025-03-03T08:00")));
    assertEquals(Zone.Decision.Outcome.CASE_OPENED, first.outcome());
    assertDecides(Zone.Decision.Outcome.ALREADY_DECIDED_TODAY, Sighting.Source.SCAN, "2025-03-03T15:30");
    assertDecides(Zone.Decision.Outcome.ALREADY_DECIDED_TODAY, Sighting.Source.ENTRY, "2025-03-03T23:59:59");
    assertEquals(1, persisted.size());
    Zone.CaseOpened opened = (Zone.CaseOpened) persisted.get(0);
    assertEquals(first.caseId().orElseThrow(), opened.caseId());
    assertEquals("T-N01", opened.sighting().site().locationCode());
  }

  @Test
  void theDayIsTheCalendarDayInAmsterdamNotUtc() {
    // 23:30 local on 3 March is 22:30 UTC; 00:30 local on 4 March is 23:30 UTC, still 3 March in UTC.
    Instant lateEvening = amsterdam("2025-03-03T23:30");
    Instant afterMidnight = amsterdam("2025-03-04T00:30");
    assertEquals(lateEvening.atZone(java.time.ZoneOffset.UTC).toLocalDate(),
        afterMidnight.atZone(java.time.ZoneOffset.UTC).toLocalDate());
    assertEquals(Zone.Decision.Outcome.CASE_OPENED,
        outcome(violation(VAN, Sighting.Source.ENTRY, lateEvening)));
    // The next local day is inside the recidive term, so it is not a new fine, but it is not "today" either.
    assertEquals(Zone.Decision.Outcome.WITHIN_RECIDIVE,
        outcome(violation(VAN, Sighting.Source.ENTRY, afterMidnight)));
  }

  @Test
  void recidiveTermSuppressesRepeatFinesUntilItEnds() {
    assertDecides(Zone.Decision.Outcome.CASE_OPENED, Sighting.Source.ENTRY, "2025-03-03T09:00");
    assertDecides(Zone.Decision.Outcome.WITHIN_RECIDIVE, Sighting.Source.ENTRY, "2025-03-16T09:00");
    assertDecides(Zone.Decision.Outcome.CASE_OPENED, Sighting.Source.ENTRY, "2025-03-17T09:00");
  }

  @Test
  void warningPeriodGivesLettersAtMostOncePerInterval() {
    assertDecides(Zone.Decision.Outcome.WARNING_OPENED, Sighting.Source.ENTRY, "2024-11-01T09:00");
    assertDecides(Zone.Decision.Outcome.WARNED_RECENTLY, Sighting.Source.ENTRY, "2024-11-28T09:00");
    assertDecides(Zone.Decision.Outcome.WARNING_OPENED, Sighting.Source.ENTRY, "2024-11-29T09:00");
    assertEquals(List.of(Zone.CaseKind.WARNING, Zone.CaseKind.WARNING), persisted.stream().map(e -> ((Zone.CaseOpened) e).kind()).toList());
  }

  @Test
  void nothingHappensDuringTheAnnouncementPhase() {
    var result = zone.<StatusReply<Zone.Decision>>runCommand(replyTo -> new Zone.Observe(
        violation(VAN, Sighting.Source.ENTRY, amsterdam("2024-08-01T09:00")), replyTo));
    assertEquals(Zone.Decision.Outcome.NOT_IN_FORCE, result.reply().getValue().outcome());
    assertTrue(result.events().isEmpty());
  }

  @Test
  void otherVehiclesAreDecidedIndependently() {
    assertDecides(Zone.Decision.Outcome.CASE_OPENED, Sighting.Source.ENTRY, "2025-03-03T09:00");
    assertEquals(Zone.Decision.Outcome.CASE_OPENED,
        outcome(violation(Plate.dutch("VX-124-B"), Sighting.Source.SCAN, amsterdam("2025-03-03T09:01"))));
  }

  @Test
  void stateSurvivesARestartOfTheEntity() {
    observe(violation(VAN, Sighting.Source.ENTRY, amsterdam("2025-03-03T09:00")));
    zone.restart();
    assertDecides(Zone.Decision.Outcome.ALREADY_DECIDED_TODAY, Sighting.Source.SCAN, "2025-03-03T17:00");
  }

  @Test
  void aLateSightingInsideTheRecidiveTermOfALaterFineIsNotFinedAgain() {
    assertDecides(Zone.Decision.Outcome.CASE_OPENED, Sighting.Source.ENTRY, "2025-03-13T09:00");
    assertDecides(Zone.Decision.Outcome.WITHIN_RECIDIVE, Sighting.Source.SCAN, "2025-03-09T09:00");
    assertDecides(Zone.Decision.Outcome.CASE_OPENED, Sighting.Source.ENTRY, "2025-02-27T09:00");
    // The late case must not move the term back: 2025-03-26 is still within 14 days of 2025-03-13.
    assertDecides(Zone.Decision.Outcome.WITHIN_RECIDIVE, Sighting.Source.ENTRY, "2025-03-26T09:00");
  }
}
