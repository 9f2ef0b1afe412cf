package nl.opencordon.insight.rotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Site;
import nl.opencordon.insight.rotation.RotationRepository.State;
import nl.opencordon.insight.rotation.RotationRepository.Visit;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.TestDatabase;
import nl.opencordon.controlroom.DeviceHistoryRepository;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The rotation plan on PostgreSQL, carried out on real camera actors. */
class RotationIT {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Database db = Database.open(TestDatabase.freshSchema());
  static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
  static final Site HOME = new Site("M-HOME", "Depot", "noord", new GeoPoint(52.0, 5.0), null);
  static final Site SCHOOL = new Site("M-SCHOOL", "Schoolstraat", "oost", new GeoPoint(52.1, 5.1),
      "Ik zag het voertuig op de {street} richting {direction}.");
  static final Site MARKET = new Site("M-MARKET", "Markt", "west", new GeoPoint(52.2, 5.2), null);
  static final CityLayout LAYOUT = new CityLayout("test", List.of(), List.of(), List.of(
      new CityLayout.Camera("mob-1", "g1", true, 1, HOME), new CityLayout.Camera("mob-2", "g1", true, 1, HOME),
      new CityLayout.Camera("fix-1", "g1", false, 1, HOME)), List.of());
  /** Approvals the lawful process would give, as camera/site; a test withdraws one. */
  static final Set<String> approved = ConcurrentHashMap.newKeySet();
  static final SiteApprovals APPROVALS = (camera, site) -> approved.contains(camera + "/" + site);
  static final RotationRepository visits = new RotationRepository(db.dataSource());
  static final Rotation rotation = new Rotation(visits, LAYOUT, APPROVALS, ZONE, Clock.systemUTC());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
    db.close();
  }

  /** Approves the two mobile cameras at a site. */
  static void approve(Site site) {
    approved.add("mob-1/" + site.locationCode());
    approved.add("mob-2/" + site.locationCode());
  }

  static void approveNot(Site site) {
    approved.remove("mob-1/" + site.locationCode());
    approved.remove("mob-2/" + site.locationCode());
  }

  static Instant days(int n) {
    return Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(n));
  }

  @Test
  void refusesFixedCamerasUnapprovedSitesAndOverlaps() throws Exception {
    approve(SCHOOL);
    assertEquals("only mobile cameras rotate", rotation.plan("fix-1", SCHOOL, days(30), days(31), "ops").refusal());
    assertEquals("site M-MARKET is not approved for enforcement with camera mob-1",
        rotation.plan("mob-1", MARKET, days(30), days(31), "ops").refusal());
    approved.add("mob-2/" + MARKET.locationCode());
    assertEquals("site M-MARKET is not approved for enforcement with camera mob-1",
        rotation.plan("mob-1", MARKET, days(30), days(31), "ops").refusal(), "another camera's approval counted");
    assertTrue(rotation.plan("mob-1", SCHOOL, days(30), days(33), "ops").planned().isPresent());
    String overlap = rotation.plan("mob-1", SCHOOL, days(32), days(35), "ops").refusal();
    assertTrue(overlap.startsWith("camera mob-1 is planned on site M-SCHOOL"), overlap);
    assertTrue(rotation.plan("mob-1", SCHOOL, days(33), days(35), "ops").planned().isPresent(), "back to back is fine");
  }

  @Test
  void showsCoveragePerSiteAndMonthAndConflicts() throws Exception {
    approve(SCHOOL);
    approve(MARKET);
    Instant start = LocalDate.now(ZONE).plusMonths(4).withDayOfMonth(3).atTime(8, 0).atZone(ZONE).toInstant();
    Visit a = rotation.plan("mob-1", MARKET, start, start.plus(Duration.ofDays(2)), "ops").planned().orElseThrow();
    Visit b = rotation.plan("mob-2", MARKET, start.plus(Duration.ofDays(1)), start.plus(Duration.ofDays(5)), "ops")
        .planned().orElseThrow();
    approveNot(MARKET); // the lawful process withdrew its approval after planning
    LocalDate day = start.atZone(ZONE).toLocalDate();
    Rotation.Overview o = rotation.overview(day.withDayOfMonth(1), day.withDayOfMonth(28));
    assertEquals(List.of(new RotationPlan.Coverage("M-MARKET", YearMonth.from(day), 6)),
        o.coverage().stream().filter(c -> c.locationCode().equals("M-MARKET")).toList(),
        "3rd to 8th: six days with a camera on the market");
    assertTrue(o.conflicts().contains(new RotationPlan.Conflict(RotationPlan.ConflictKind.SAME_SITE,
        List.of(a.id(), b.id()), "cameras mob-1 and mob-2 both on site M-MARKET from " + b.startsAt())),
        o.conflicts().toString());
    assertEquals(2, o.conflicts().stream().filter(c -> c.kind() == RotationPlan.ConflictKind.NOT_APPROVED).count());
  }

  @Test
  void atThePlannedTimeTheCameraMovesWithItsSiteAndTextAndAnUnapprovedVisitIsRefused() throws Exception {
    approve(SCHOOL);
    approve(MARKET);
    TestProbe<Gate.Command> gate = testKit.createTestProbe();
    ActorRef<Camera.Command> camera = testKit.spawn(Camera.create(LAYOUT.cameras().get(1), gate.ref(),
        CameraDriverFactory.NONE, Camera.Settings.fromConfig(testKit.system().settings().config()
            .getConfig("anpr.actors.camera"))));
    Instant soon = Instant.now().plusMillis(300);
    Visit toSchool = visits.plan("mob-2", SCHOOL, soon, soon.plus(Duration.ofDays(1)), "ops").planned().orElseThrow();
    Visit toMarket = visits.plan("mob-2", MARKET, soon.plus(Duration.ofDays(1)), soon.plus(Duration.ofDays(2)), "ops")
        .planned().orElseThrow();
    approveNot(MARKET);
    // the market visit is due as well once time has come: make it so by planning it in the past directly
    Visit late = visits.plan("mob-1", MARKET, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), "ops")
        .planned().orElseThrow();
    DeviceHistoryRepository history = new DeviceHistoryRepository(db.dataSource());
    testKit.spawn(RotationPlanner.create(Map.of("mob-2", camera), new RotationPlanner.Stores(visits, history,
        Executors.newSingleThreadExecutor()), APPROVALS, new RotationPlanner.Settings(Duration.ofMillis(100),
        Duration.ofSeconds(3))));

    TestProbe<Camera.Status> status = testKit.createTestProbe();
    status.awaitAssert(Duration.ofSeconds(10), () -> {
      camera.tell(new Camera.GetStatus(status.ref()));
      Camera.Status s = status.receiveMessage();
      assertEquals(SCHOOL, s.site());
      assertEquals("Ik zag het voertuig op de Schoolstraat richting oost.", s.site().observationText());
      assertEquals(List.of(HOME, SCHOOL), s.siteHistory().stream().map(Camera.SiteAssignment::site).toList());
      assertEquals(toSchool.startsAt(), s.siteHistory().get(1).from());
      return null;
    });
    status.awaitAssert(Duration.ofSeconds(5), () -> {
      List<Visit> all = visits.between(Instant.now().minusSeconds(3600), Instant.now().plus(Duration.ofDays(3)));
      assertEquals(State.MOVED, find(all, toSchool.id()).state());
      assertEquals(State.PLANNED, find(all, toMarket.id()).state(), "not due yet");
      assertEquals(State.REFUSED, find(all, late.id()).state());
      assertEquals("site M-MARKET is not approved for enforcement with camera mob-1", find(all, late.id()).note());
      assertEquals(List.of(new DeviceHistoryRepository.SiteMove("mob-2", SCHOOL, toSchool.startsAt(),
          "rotation plan (ops)")), history.siteMoves("mob-2"), "loaded by the camera when it starts again");
      assertEquals(List.of(), history.siteMoves("mob-1"), "a refused move is not stored");
      return null;
    });
  }

  static Visit find(List<Visit> all, long id) {
    return all.stream().filter(v -> v.id() == id).findFirst().orElseThrow();
  }
}
