package nl.opencordon.actors.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import nl.opencordon.actors.TestSightings;
import nl.opencordon.actors.display.Display;
import nl.opencordon.actors.zone.Sighting;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.actors.zone.ZoneRouter;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.domain.Fuel;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Picture;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.VehicleCategory;
import nl.opencordon.domain.VehicleFacts;
import nl.opencordon.domain.Verdict;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LogCapturingExtension.class)
class GateTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  private static final CityLayout.Gate ENTRY =
      new CityLayout.Gate("noord", "ze", CityLayout.GateKind.ENTRY, new GeoPoint(52.09, 5.12));
  private static final Gate.Settings SETTINGS = new Gate.Settings(Duration.ofSeconds(5), Duration.ofMillis(300),
      Duration.ofSeconds(5), Duration.ofMillis(300), 5, Duration.ofMillis(50), Duration.ofMillis(100), 0.8);

  private final java.util.concurrent.atomic.AtomicInteger plates = new java.util.concurrent.atomic.AtomicInteger(100);
  /** A register whose answers the test releases, to play a slow RDW. */
  private final Map<Plate, CompletableFuture<Optional<VehicleFacts>>> pending = new ConcurrentHashMap<>();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static Passage passage(Plate plate, String cameraId, Instant at) {
    return new Passage(UUID.randomUUID().toString(), at, cameraId, "T-N01", 1, "zuid", new GeoPoint(52.09, 5.12),
        plate.display(), plate, TestSightings.HASHER.hash(plate), VehicleCategory.VAN, 0.95, List.of(), false,
        List.of("evidence://x"), Optional.empty());
  }

  private ActorRef<Gate.Command> gate(ActorRef<Display.Command> display, ActorRef<Zone.Command> zone,
                                      VehicleRegister register) {
    return testKit.spawn(Gate.create(ENTRY, TestSightings.zeZone(), List.of(display),
        new Gate.Dependencies(register, new ExemptionRegistry(), ZoneRouter.single(zone)), SETTINGS));
  }

  private static VehicleFacts electricVan(Plate plate) {
    return new VehicleFacts(plate, "Bedrijfsauto", "N1", "gesloten opbouw", Set.of(Fuel.ELECTRIC), Optional.empty(),
        LocalDate.of(2024, 3, 1), 2800, 1900, Set.of("BB"));
  }

  private VehicleRegister instant() {
    return plate -> CompletableFuture.completedFuture(Optional.of(TestSightings.euro4Van(plate)));
  }

  @Test
  void readsOfOneVehicleByTwoLanesBecomeOneSighting() {
    TestProbe<Display.Command> display = testKit.createTestProbe();
    TestProbe<Zone.Command> zone = testKit.createTestProbe();
    ActorRef<Gate.Command> gate = gate(display.ref(), zone.ref(), instant());
    Plate plate = Plate.dutch("VX-123-B");
    Instant now = Instant.now();
    TestProbe<Gate.Handled> handled = testKit.createTestProbe();
    gate.tell(new Gate.Observe(passage(plate, "noord-1", now), TestSightings.ENTRY_SITE, VehicleCategory.VAN,
        handled.ref()));
    gate.tell(new Gate.Observe(passage(plate, "noord-2", now.plusSeconds(2)), TestSightings.ENTRY_SITE,
        VehicleCategory.VAN, handled.ref()));
    Zone.Observe observed = zone.expectMessageClass(Zone.Observe.class);
    // Neither read is answered before the zone decided: the merged one waits for the first one's decision.
    handled.expectNoMessage(Duration.ofMillis(200));
    assertEquals(Sighting.Source.ENTRY, observed.sighting().source());
    assertEquals(Verdict.Outcome.NOT_ALLOWED, observed.sighting().verdict().outcome());
    assertEquals(List.of("evidence://x"), observed.sighting().evidenceRefs());
    observed.replyTo().tell(StatusReply.success(new Zone.Decision(Zone.Decision.Outcome.CASE_OPENED, Optional.of("c1"))));
    assertEquals(Optional.empty(), handled.receiveMessage().refusal());
    assertEquals(Optional.empty(), handled.receiveMessage().refusal());
    zone.expectNoMessage(Duration.ofMillis(300));
    TestProbe<Gate.Status> status = testKit.createTestProbe();
    gate.tell(new Gate.GetStatus(status.ref()));
    Gate.Status s = status.receiveMessage();
    assertEquals(1, s.vehicles());
    assertEquals(1, s.merged());
    assertEquals(1, s.decided());
  }

  @Test
  void everyAnswerOfTheZoneIsToldToTheGatesListener() {
    TestProbe<Zone.Command> zone = testKit.createTestProbe();
    TestProbe<String> answers = testKit.createTestProbe();
    ActorRef<Gate.Command> gate = testKit.spawn(Gate.create(ENTRY, TestSightings.zeZone(), List.of(),
        new Gate.Dependencies(instant(), new ExemptionRegistry(), ZoneRouter.single(zone.ref()),
            Gate.ZoneSchedule.AS_CONFIGURED, Gate.Suspensions.NONE,
            (zoneId, decision, failure) -> answers.ref().tell(zoneId + " " + (failure != null ? "failed: "
                + failure.getMessage() : decision.outcome()))), SETTINGS));
    TestProbe<Gate.Handled> handled = testKit.createTestProbe();
    gate.tell(new Gate.Observe(passage(Plate.dutch("VX-131-B"), "noord-1", Instant.now()), TestSightings.ENTRY_SITE,
        VehicleCategory.VAN, handled.ref()));
    zone.expectMessageClass(Zone.Observe.class).replyTo().tell(StatusReply.error("journal down"));
    assertEquals("ze failed: journal down", answers.receiveMessage());
    // the gate asks again after its retry delay; this time the zone decides
    zone.expectMessageClass(Zone.Observe.class).replyTo().tell(
        StatusReply.success(new Zone.Decision(Zone.Decision.Outcome.CASE_OPENED, Optional.of("c1"))));
    assertEquals("ze CASE_OPENED", answers.receiveMessage());
    assertEquals(Optional.empty(), handled.receiveMessage().refusal());
  }

  /**
   * A read without a country, and an NL read that fits no Dutch sidecode, are never looked up as Dutch vehicles
   * (a register that would answer for any plate is not asked) and reach the zone as UNKNOWN, never a violation.
   */
  @Test
  void aReadWithoutACountryOrADutchSidecodeIsNeverLookedUpAndIsUnknown() {
    TestProbe<Display.Command> display = testKit.createTestProbe();
    TestProbe<Zone.Command> zone = testKit.createTestProbe();
    List<Plate> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    ActorRef<Gate.Command> gate = gate(display.ref(), zone.ref(), plate -> {
      asked.add(plate);
      return CompletableFuture.completedFuture(Optional.of(TestSightings.euro4Van(plate)));
    });
    for (Plate read : List.of(Plate.of("VX-126-B", null), Plate.dutch("VX1270B"), Plate.dutch("VX-128-B"))) {
      gate.tell(new Gate.Observe(passage(read, "noord-1", Instant.now()), TestSightings.ENTRY_SITE,
          VehicleCategory.VAN, testKit.<Gate.Handled>createTestProbe().ref()));
    }
    Verdict noCountry = zone.expectMessageClass(Zone.Track.class).sighting().verdict();
    assertEquals(Verdict.Outcome.UNKNOWN, noCountry.outcome(), noCountry::toString);
    assertTrue(noCountry.reason().contains("without a country"), noCountry::toString);
    Verdict noSidecode = zone.expectMessageClass(Zone.Track.class).sighting().verdict();
    assertEquals(Verdict.Outcome.UNKNOWN, noSidecode.outcome(), noSidecode::toString);
    assertTrue(noSidecode.reason().contains("no Dutch sidecode"), noSidecode::toString);
    Verdict dutch = zone.expectMessageClass(Zone.Observe.class).sighting().verdict();
    assertEquals(Verdict.Outcome.NOT_ALLOWED, dutch.outcome(), "the same van with a Dutch plate: " + dutch);
    assertEquals(List.of(Plate.dutch("VX128B")), asked);
  }

  @Test
  void aVehicleWithoutFuelRowsIsUnknownNeverAViolationAndIsCounted() {
    TestProbe<Display.Command> display = testKit.createTestProbe();
    TestProbe<Zone.Command> zone = testKit.createTestProbe();
    // A van first admitted 2025 whose register record has no fuel rows: it may be electric.
    ActorRef<Gate.Command> gate = gate(display.ref(), zone.ref(), plate -> CompletableFuture.completedFuture(Optional.of(
        new VehicleFacts(plate, "Bedrijfsauto", "N1", "gesloten opbouw", Set.of(), Optional.empty(),
            LocalDate.of(2025, 3, 10), 3000, 1900, Set.of("BB")))));
    gate.tell(new Gate.Observe(passage(Plate.dutch("VX-125-B"), "noord-1", Instant.now()), TestSightings.ENTRY_SITE,
        VehicleCategory.VAN, testKit.<Gate.Handled>createTestProbe().ref()));
    assertEquals(Verdict.Outcome.UNKNOWN, zone.expectMessageClass(Zone.Track.class).sighting().verdict().outcome());
    TestProbe<Gate.Status> status = testKit.createTestProbe();
    gate.tell(new Gate.GetStatus(status.ref()));
    Gate.Status s = status.receiveMessage();
    assertEquals(1, s.unknown());
    assertEquals(0, s.violations());
  }

  /**
   * A refused van driving north past an entry camera whose lane goes south is leaving, not entering: the zone
   * only tracks it, no case; the same van going the lane's way is asked about, with the camera's read
   * confidence and position.
   */
  @Test
  void aPassageTheOtherWayThanTheLaneMakesNoCase() {
    TestProbe<Zone.Command> zone = testKit.createTestProbe();
    ActorRef<Gate.Command> gate = gate(testKit.<Display.Command>createTestProbe().ref(), zone.ref(), instant());
    Passage lanesWay = passage(Plate.dutch("VX-128-B"), "noord-1", Instant.now());
    Passage otherWay = new Passage(UUID.randomUUID().toString(), lanesWay.at(), "noord-1", "T-N01", 1, "noord",
        lanesWay.position(), "VX-129-B", Plate.dutch("VX-129-B"), TestSightings.HASHER.hash(Plate.dutch("VX-129-B")),
        VehicleCategory.VAN, 0.95, List.of(), false, List.of("evidence://y"), Optional.empty());
    TestProbe<Gate.Handled> handled = testKit.createTestProbe();
    gate.tell(new Gate.Observe(otherWay, TestSightings.ENTRY_SITE, VehicleCategory.VAN, handled.ref()));
    Sighting tracked = zone.expectMessageClass(Zone.Track.class).sighting();
    assertEquals(Verdict.Outcome.NOT_ALLOWED, tracked.verdict().outcome());
    assertEquals(List.of(), tracked.evidenceRefs(), "no evidence kept of a passage that makes no case");
    assertEquals(Optional.empty(), handled.receiveMessage().refusal());

    gate.tell(new Gate.Observe(lanesWay, TestSightings.ENTRY_SITE, VehicleCategory.VAN, handled.ref()));
    Sighting asked = zone.expectMessageClass(Zone.Observe.class).sighting();
    assertEquals(Optional.of(0.95), asked.readConfidence());
    assertEquals(lanesWay.position(), asked.seenAt());
  }

  @Test
  void theDisplayGetsAnAnswerInTimeEvenWhenTheRegisterIsSlow() {
    TestProbe<Display.Command> display = testKit.createTestProbe();
    TestProbe<Zone.Command> zone = testKit.createTestProbe();
    ActorRef<Gate.Command> gate = gate(display.ref(), zone.ref(),
        plate -> pending.computeIfAbsent(plate, p -> new CompletableFuture<>()));
    Plate plate = Plate.dutch("VX-124-B");
    long start = System.nanoTime();
    gate.tell(new Gate.Observe(passage(plate, "noord-1", Instant.now()), TestSightings.ENTRY_SITE, VehicleCategory.VAN,
        testKit.<Gate.Handled>createTestProbe().ref()));
    Display.Show shown = display.expectMessageClass(Display.Show.class, Duration.ofSeconds(1));
    assertTrue(System.nanoTime() - start < 1_000_000_000L, "verdict must reach the display within a second");
    assertEquals(Verdict.Outcome.UNKNOWN, shown.verdict().outcome());
    // The zone still gets the real verdict once the register answers.
    zone.expectNoMessage(Duration.ofMillis(100));
    pending.get(plate).complete(Optional.of(TestSightings.euro4Van(plate)));
    assertEquals(Verdict.Outcome.NOT_ALLOWED,
        zone.expectMessageClass(Zone.Observe.class).sighting().verdict().outcome());
  }

  @Test
  void compliantVehiclesCarryNoEvidenceOrFactsToTheZone() {
    TestProbe<Display.Command> display = testKit.createTestProbe();
    TestProbe<Zone.Command> zone = testKit.createTestProbe();
    ActorRef<Gate.Command> gate = gate(display.ref(), zone.ref(), plate -> CompletableFuture.completedFuture(Optional.empty()));
    gate.tell(new Gate.Observe(passage(Plate.of("B-XY-123", "D"), "noord-1", Instant.now()), TestSightings.ENTRY_SITE,
        VehicleCategory.UNKNOWN, testKit.<Gate.Handled>createTestProbe().ref()));
    Sighting s = zone.expectMessageClass(Zone.Track.class).sighting();
    assertEquals(Verdict.Outcome.UNKNOWN, s.verdict().outcome());
    assertEquals(List.of(), s.evidenceRefs());
    assertTrue(s.facts().isEmpty());
  }

  @Test
  void aNoHitIsAnsweredAtOnceAndOnlyToldToTheZone() {
    TestProbe<Display.Command> display = testKit.createTestProbe();
    TestProbe<Zone.Command> zone = testKit.createTestProbe();
    TestProbe<String> answers = testKit.createTestProbe();
    ActorRef<Gate.Command> gate = testKit.spawn(Gate.create(ENTRY, TestSightings.zeZone(), List.of(display.ref()),
        new Gate.Dependencies(plate -> CompletableFuture.completedFuture(Optional.of(electricVan(plate))),
            new ExemptionRegistry(), ZoneRouter.single(zone.ref()), Gate.ZoneSchedule.AS_CONFIGURED,
            Gate.Suspensions.NONE, (zoneId, decision, failure) -> answers.ref().tell(zoneId + " " + decision.outcome())),
        SETTINGS));
    TestProbe<Gate.Handled> handled = testKit.createTestProbe();
    Passage p = passage(Plate.dutch("VX-132-B"), "noord-1", Instant.now());
    gate.tell(new Gate.Observe(p, TestSightings.ENTRY_SITE, VehicleCategory.VAN, handled.ref()));
    // A no-hit leaves nothing to keep: the read is answered while the zone has not even looked at it.
    assertEquals(new Gate.Handled(p.id(), Optional.empty()), handled.receiveMessage());
    Zone.Track told = zone.expectMessageClass(Zone.Track.class);
    assertEquals(Sighting.Source.ENTRY, told.sighting().source());
    assertEquals(List.of(), told.sighting().evidenceRefs());
    assertEquals(Verdict.Outcome.ALLOWED, told.sighting().verdict().outcome());
    assertEquals("ze NO_HIT", answers.receiveMessage());
    TestProbe<Gate.Status> status = testKit.createTestProbe();
    gate.tell(new Gate.GetStatus(status.ref()));
    Gate.Status s = status.receiveMessage();
    assertEquals(1, s.noHits());
    assertEquals(0, s.decided());
  }

  @Test
  void aZoneThatDoesNotAnswerIsAskedAgain() {
    TestProbe<Display.Command> display = testKit.createTestProbe();
    TestProbe<Zone.Command> zone = testKit.createTestProbe();
    ActorRef<Gate.Command> gate = gate(display.ref(), zone.ref(), instant());
    gate.tell(new Gate.Observe(passage(Plate.dutch("VX-125-B"), "noord-1", Instant.now()), TestSightings.ENTRY_SITE,
        VehicleCategory.VAN, testKit.<Gate.Handled>createTestProbe().ref()));
    Zone.Observe first = zone.expectMessageClass(Zone.Observe.class);
    // No answer: after the ask timeout the same sighting comes again.
    Zone.Observe second = zone.expectMessageClass(Zone.Observe.class, Duration.ofSeconds(2));
    assertEquals(first.sighting().passageId(), second.sighting().passageId());
    second.replyTo().tell(StatusReply.success(new Zone.Decision(Zone.Decision.Outcome.CASE_OPENED, Optional.of("c2"))));
    zone.expectNoMessage(Duration.ofMillis(500));
  }

  @Test
  void aReadWithoutADecisionIsRefusedAndItsResendDecidedAfresh() {
    TestProbe<Display.Command> display = testKit.createTestProbe();
    TestProbe<Zone.Command> zone = testKit.createTestProbe();
    ActorRef<Gate.Command> gate = gate(display.ref(), zone.ref(), instant());
    TestProbe<Gate.Handled> handled = testKit.createTestProbe();
    Passage p = passage(Plate.dutch("VX-127-B"), "noord-1", Instant.now());
    gate.tell(new Gate.Observe(p, TestSightings.ENTRY_SITE, VehicleCategory.VAN, handled.ref()));
    // The zone never answers: after its attempts the gate refuses the read instead of dropping it.
    Gate.Handled refused = handled.expectMessageClass(Gate.Handled.class, Duration.ofSeconds(5));
    assertEquals(p.id(), refused.passageId());
    assertEquals(Optional.of("zone did not decide"), refused.refusal());
    zone.receiveSeveralMessages(SETTINGS.zoneAttempts());
    // The camera resends; it is not merged into the refused read but asked of the zone again.
    gate.tell(new Gate.Observe(p, TestSightings.ENTRY_SITE, VehicleCategory.VAN, handled.ref()));
    zone.expectMessageClass(Zone.Observe.class).replyTo().tell(
        StatusReply.success(new Zone.Decision(Zone.Decision.Outcome.CASE_OPENED, Optional.of("c3"))));
    assertEquals(new Gate.Handled(p.id(), Optional.empty()), handled.receiveMessage());
  }

  @Test
  void aReadIsRefusedWhenTheRegisterFails() {
    TestProbe<Display.Command> display = testKit.createTestProbe();
    TestProbe<Zone.Command> zone = testKit.createTestProbe();
    ActorRef<Gate.Command> gate = gate(display.ref(), zone.ref(),
        plate -> CompletableFuture.failedFuture(new IllegalStateException("RDW down")));
    TestProbe<Gate.Handled> handled = testKit.createTestProbe();
    gate.tell(new Gate.Observe(passage(Plate.dutch("VX-128-B"), "noord-1", Instant.now()), TestSightings.ENTRY_SITE,
        VehicleCategory.VAN, handled.ref()));
    assertEquals(Optional.of("vehicle register did not answer"), handled.receiveMessage().refusal());
    zone.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aGateLoadsItsSuspensionsItselfAndFollowsTheirChanges() {
    TestProbe<Display.Command> display = testKit.createTestProbe();
    TestProbe<Zone.Command> zone = testKit.createTestProbe();
    List<Gate.Suspension> stored = new java.util.concurrent.CopyOnWriteArrayList<>(
        List.of(new Gate.Suspension(Instant.now().minusSeconds(60), Optional.empty())));
    ActorRef<Gate.Command> gate = testKit.spawn(Gate.create(ENTRY, TestSightings.zeZone(), List.of(display.ref()),
        new Gate.Dependencies(instant(), new ExemptionRegistry(), ZoneRouter.single(zone.ref()),
            Gate.ZoneSchedule.AS_CONFIGURED, id -> CompletableFuture.completedFuture(List.copyOf(stored))), SETTINGS));
    TestProbe<Gate.Status> status = testKit.createTestProbe();
    TestProbe<Gate.Handled> handled = testKit.createTestProbe();
    // Stored before the gate started (a sign problem reported on another node, or before a restart).
    status.awaitAssert(() -> {
      gate.tell(new Gate.Observe(passage(Plate.dutch(String.format("VS-%03d-B", plates.incrementAndGet())),
          "noord-1", Instant.now()), TestSightings.ENTRY_SITE, VehicleCategory.VAN, handled.ref()));
      assertEquals(Optional.empty(), handled.receiveMessage().refusal());
      gate.tell(new Gate.GetStatus(status.ref()));
      assertTrue(status.receiveMessage().suspended() > 0);
      return null;
    });
    // Resolved in the store: the next refresh lifts it, and violations go to the zone again.
    stored.clear();
    status.awaitAssert(() -> {
      gate.tell(new Gate.Observe(passage(Plate.dutch(String.format("VS-%03d-C", plates.incrementAndGet())),
          "noord-1", Instant.now()), TestSightings.ENTRY_SITE, VehicleCategory.VAN, handled.ref()));
      zone.expectMessageClass(Zone.Observe.class, Duration.ofMillis(200));
      return null;
    });
  }

  /** A keeper whose stores the test completes, recording what it was asked to keep and to drop. */
  private static final class Keeper implements Gate.EvidenceKeeper {
    final CompletableFuture<Kept> stored = new CompletableFuture<>();
    final List<List<Picture>> kept = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<List<String>> dropped = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Kept> keep(Passage passage, List<Picture> pictures) {
      kept.add(pictures);
      return stored;
    }

    @Override
    public void drop(List<String> refs) {
      dropped.add(refs);
    }
  }

  private ActorRef<Gate.Command> gate(ActorRef<Zone.Command> zone, VehicleRegister register, Gate.EvidenceKeeper keeper) {
    return testKit.spawn(Gate.create(ENTRY, TestSightings.zeZone(), List.of(),
        new Gate.Dependencies(register, new ExemptionRegistry(), ZoneRouter.single(zone),
            Gate.ZoneSchedule.AS_CONFIGURED, Gate.Suspensions.NONE, Gate.ZoneAnswers.NONE, keeper), SETTINGS));
  }

  private static final Picture OVERVIEW = new Picture("evidence://x", "image/jpeg", new byte[] {(byte) 0xFF, 1});

  @Test
  void aViolationsPicturesAreStoredBeforeTheZoneIsAskedAndTheCaseRefersToTheStoredOnes() {
    TestProbe<Zone.Command> zone = testKit.createTestProbe();
    Keeper keeper = new Keeper();
    ActorRef<Gate.Command> gate = gate(zone.ref(), instant(), keeper);
    TestProbe<Gate.Handled> handled = testKit.createTestProbe();
    Passage p = passage(Plate.dutch("VK-001-B"), "noord-1", Instant.now());
    gate.tell(new Gate.Observe(p, TestSightings.ENTRY_SITE, VehicleCategory.VAN, List.of(OVERVIEW), handled.ref()));
    zone.expectNoMessage(Duration.ofMillis(200));
    assertEquals(List.of(List.of(OVERVIEW)), keeper.kept);
    keeper.stored.complete(new Gate.EvidenceKeeper.Kept(List.of("pg:1"), true));
    Zone.Observe asked = zone.expectMessageClass(Zone.Observe.class);
    assertEquals(List.of("pg:1"), asked.sighting().evidenceRefs());
    handled.expectNoMessage(Duration.ofMillis(100));
    asked.replyTo().tell(StatusReply.success(new Zone.Decision(Zone.Decision.Outcome.CASE_OPENED, Optional.of("c1"))));
    assertEquals(new Gate.Handled(p.id(), Optional.empty()), handled.receiveMessage());
    assertEquals(List.of(), keeper.dropped, "the case's pictures are kept");
  }

  @Test
  void aReadIsRefusedWhenItsPicturesCannotBeStored() {
    TestProbe<Zone.Command> zone = testKit.createTestProbe();
    Keeper keeper = new Keeper();
    ActorRef<Gate.Command> gate = gate(zone.ref(), instant(), keeper);
    TestProbe<Gate.Handled> handled = testKit.createTestProbe();
    Passage p = passage(Plate.dutch("VK-002-B"), "noord-1", Instant.now());
    gate.tell(new Gate.Observe(p, TestSightings.ENTRY_SITE, VehicleCategory.VAN, List.of(OVERVIEW), handled.ref()));
    keeper.stored.completeExceptionally(new IllegalStateException("database down"));
    assertEquals(new Gate.Handled(p.id(), Optional.of("pictures could not be stored")), handled.receiveMessage());
    zone.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void freshPicturesOfAViolationTheZoneMadeNoCaseOfAreDropped() {
    TestProbe<Zone.Command> zone = testKit.createTestProbe();
    Keeper keeper = new Keeper();
    ActorRef<Gate.Command> gate = gate(zone.ref(), instant(), keeper);
    TestProbe<Gate.Handled> handled = testKit.createTestProbe();
    gate.tell(new Gate.Observe(passage(Plate.dutch("VK-003-B"), "noord-1", Instant.now()), TestSightings.ENTRY_SITE,
        VehicleCategory.VAN, List.of(OVERVIEW), handled.ref()));
    keeper.stored.complete(new Gate.EvidenceKeeper.Kept(List.of("pg:3"), true));
    zone.expectMessageClass(Zone.Observe.class).replyTo().tell(
        StatusReply.success(new Zone.Decision(Zone.Decision.Outcome.ALREADY_DECIDED_TODAY, Optional.empty())));
    assertEquals(Optional.empty(), handled.receiveMessage().refusal());
    handled.awaitAssert(() -> {
      assertEquals(List.of(List.of("pg:3")), keeper.dropped);
      return null;
    });
  }

  @Test
  void picturesAResendFoundStoredAreNeverDropped() {
    TestProbe<Zone.Command> zone = testKit.createTestProbe();
    Keeper keeper = new Keeper();
    ActorRef<Gate.Command> gate = gate(zone.ref(), instant(), keeper);
    TestProbe<Gate.Handled> handled = testKit.createTestProbe();
    gate.tell(new Gate.Observe(passage(Plate.dutch("VK-004-B"), "noord-1", Instant.now()), TestSightings.ENTRY_SITE,
        VehicleCategory.VAN, List.of(OVERVIEW), handled.ref()));
    // stored by the first send, whose case (with these pictures) the zone knows: it says "already decided"
    keeper.stored.complete(new Gate.EvidenceKeeper.Kept(List.of("pg:4"), false));
    zone.expectMessageClass(Zone.Observe.class).replyTo().tell(
        StatusReply.success(new Zone.Decision(Zone.Decision.Outcome.ALREADY_DECIDED_TODAY, Optional.empty())));
    assertEquals(Optional.empty(), handled.receiveMessage().refusal());
    handled.expectNoMessage(Duration.ofMillis(200));
    assertEquals(List.of(), keeper.dropped);
  }

  @Test
  void compliantVehiclesPicturesAreNeverStored() {
    TestProbe<Zone.Command> zone = testKit.createTestProbe();
    Keeper keeper = new Keeper();
    ActorRef<Gate.Command> gate = gate(zone.ref(),
        plate -> CompletableFuture.completedFuture(Optional.of(electricVan(plate))), keeper);
    TestProbe<Gate.Handled> handled = testKit.createTestProbe();
    gate.tell(new Gate.Observe(passage(Plate.dutch("VK-005-B"), "noord-1", Instant.now()), TestSightings.ENTRY_SITE,
        VehicleCategory.VAN, List.of(OVERVIEW), handled.ref()));
    assertEquals(Optional.empty(), handled.receiveMessage().refusal());
    assertEquals(List.of(), zone.expectMessageClass(Zone.Track.class).sighting().evidenceRefs());
    assertEquals(List.of(), keeper.kept);
  }

  @Test
  void gateProtocolSurvivesSerialisation() {
    testKit.serializationTestKit().verifySerialization(
        new Gate.Observe(passage(Plate.dutch("VX-129-B"), "noord-1", Instant.now()), TestSightings.ENTRY_SITE,
            VehicleCategory.VAN, List.of(OVERVIEW), testKit.<Gate.Handled>createTestProbe().ref()), true);
    Plate plate = Plate.dutch("VX-126-B");
    testKit.serializationTestKit().verifySerialization(
        new Gate.Observe(passage(plate, "noord-1", Instant.now()), TestSightings.ENTRY_SITE, VehicleCategory.VAN,
            testKit.<Gate.Handled>createTestProbe().ref()), true);
    testKit.serializationTestKit().verifySerialization(new Gate.Handled("p-1", Optional.of("zone did not decide")),
        true);
    TestProbe<Gate.Status> probe = testKit.createTestProbe();
    testKit.serializationTestKit().verifySerialization(new Gate.GetStatus(probe.ref()), true);
  }

  @Test
  void everyVehicleIsPublishedForStatisticsWithItsFactsButWithoutItsPlate() {
    TestProbe<VehiclePassed> events = testKit.createTestProbe();
    testKit.system().eventStream().tell(new EventStream.Subscribe<>(VehiclePassed.class, events.ref()));
    TestProbe<Zone.Command> zone = testKit.createTestProbe();
    CityLayout.Gate west = new CityLayout.Gate("west", "ze", CityLayout.GateKind.ENTRY, new GeoPoint(52.09, 5.10));
    ActorRef<Gate.Command> gate = testKit.spawn(Gate.create(west, TestSightings.zeZone(), List.of(),
        new Gate.Dependencies(instant(), new ExemptionRegistry(), ZoneRouter.single(zone.ref())), SETTINGS));
    Plate plate = Plate.dutch("VX-125-B");
    Passage read = passage(plate, "west-1", Instant.now());
    TestProbe<Gate.Handled> handled = testKit.createTestProbe();
    gate.tell(new Gate.Observe(read, TestSightings.ENTRY_SITE, VehicleCategory.VAN, handled.ref()));
    gate.tell(new Gate.Observe(passage(plate, "west-2", read.at().plusSeconds(1)), TestSightings.ENTRY_SITE,
        VehicleCategory.VAN, handled.ref()));
    assertEquals(new VehiclePassed("west", "ze", read.at(), VehicleCategory.VAN, "DIESEL", "4", read.plateHash()),
        events.receiveMessage());
    events.expectNoMessage(Duration.ofMillis(300)); // two lanes, one vehicle
  }
}
