package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import nl.opencordon.domain.CityConfig;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Site;
import nl.opencordon.enforcement.store.LawfulRepository;
import nl.opencordon.enforcement.store.SignRepository;
import nl.opencordon.persistence.FreshDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Site approval belongs to a camera at a site, on a real PostgreSQL: a mobile camera moved to a site where it
 * has no approval makes test cases there, its approval elsewhere does not carry over, and once that site's
 * approval is recorded its cases there are real from that moment.
 */
class SiteApprovalsIT {
  private static final String CITY = """
      name = x
      zones = [{ id = ze, name = n, regime { type = closed-area }, phases { enforcement = "2025-01-01" },
                 recidive-term = 7d, warning-interval = 14d }]
      gates = [{id = g, zone = ze, kind = entry, position = [52.0, 5.0]}]
      cameras = [
        {id = mob-1, gate = g, mobile = true, site {location-code = M-01, street = Eerste, direction = noord, position = [52.0, 5.0]}}
        {id = fix-1, gate = g, site {location-code = F-01, street = Vaste, direction = oost, position = [52.0, 5.1]}}
      ]
      displays = []
      """;
  private static final Site MOVED_TO = new Site("M-02", "Tweede", "zuid", new GeoPoint(52.01, 5.0), null);

  @RegisterExtension
  static final FreshDatabase database = FreshDatabase.perClass();
  private static LawfulRepository store;
  private static SiteApprovals sites;
  private static CasePolicy policy;
  private static CityLayout layout;

  @BeforeAll
  static void open() {
    store = new LawfulRepository(database.dataSource());
    layout = CityConfig.load(ConfigFactory.parseString(CITY));
    LawfulSettings settings = LawfulSettings.fromConfig(ConfigFactory.parseString("require-site-approval = true")
        .withFallback(ConfigFactory.load().getConfig("anpr.enforcement.lawful")));
    // cases, evidence and erasure serve the sample package and test-case expiry, which this test does not call
    sites = new SiteApprovals(store, null, null, null, layout, settings, Clock.systemUTC());
    // decide() reads the records only: the RDW API is asked about new cases alone
    policy = new CasePolicy(new CasePolicy.Settings(0.8, true, false, java.time.Duration.ofDays(31),
        java.time.Duration.ofSeconds(5)), new SignRepository(database.dataSource()), store, null, layout,
        Clock.systemUTC());
  }

  @Test
  void aMobileCameraMovedToASiteWithoutItsApprovalMakesTestCasesThereUntilThatSiteIsApproved() throws Exception {
    Site home = layout.cameras().get(0).site();
    Instant homeApproved = sites.approve("mob-1", null, "CVOM-1", "ops").approval().approvedAt();
    Instant after = homeApproved.plusSeconds(1);

    assertFalse(isTest("mob-1", home, after), "the approved site made a test case");
    assertTrue(isTest("mob-1", MOVED_TO, after), "the old site's approval carried over to the new site");
    assertTrue(sites.approves("mob-1", "M-01"));
    assertFalse(sites.approves("mob-1", "M-02"));
    assertFalse(sites.approves("fix-1", "M-01"), "another camera's approval at the site counted for this one");

    SiteApprovals.Site approved = sites.approve("mob-1", "M-02", "CVOM-2", "ops");
    Instant movedApproved = approved.approvedElsewhere().get(0).approvedAt();
    assertEquals("M-02", approved.approvedElsewhere().get(0).locationCode());
    assertTrue(isTest("mob-1", MOVED_TO, movedApproved.minus(1, ChronoUnit.MILLIS)), "real before the approval");
    assertFalse(isTest("mob-1", MOVED_TO, movedApproved), "still a test case once the site was approved");
    assertTrue(sites.approves("mob-1", "M-02"));

    assertTrue(sites.revoke("mob-1", "M-02"));
    assertTrue(isTest("mob-1", MOVED_TO, movedApproved.plusSeconds(1)));
    assertFalse(isTest("mob-1", home, movedApproved.plusSeconds(1)), "revoking one site revoked the other");
  }

  @Test
  void aFixedCameraIsApprovedOnlyAtItsOwnSiteAndAnApprovalOfAnEarlierVersionGetsThatSite() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> sites.approve("fix-1", "M-02", "CVOM-3", "ops"));
    Instant before = Instant.now().minus(1, ChronoUnit.HOURS);
    try (Connection c = database.dataSource().getConnection()) {
      c.createStatement().executeUpdate("INSERT INTO site_approvals (camera_id, approved_at, approved_by, reference) "
          + "VALUES ('fix-1', '" + before + "', 'ops', 'CVOM-old')");
    }
    Site fixed = layout.cameras().get(1).site();
    assertTrue(isTest("fix-1", fixed, before.plusSeconds(1)), "an approval without a site counted before naming");
    sites.nameConfiguredSites();
    assertFalse(isTest("fix-1", fixed, before.plusSeconds(1)));
    assertEquals(Optional.of("CVOM-old"),
        store.approval("fix-1", "F-01").map(LawfulRepository.SiteApproval::reference));
  }

  /** What the case policy makes of a violation the camera saw at the site. */
  private static boolean isTest(String cameraId, Site site, Instant at) throws Exception {
    return policy.decide(new CasePolicy.Violation("ze", cameraId, site.locationCode(), at, Optional.of(0.9),
        nl.opencordon.domain.Plate.dutch("VX-123-B")))
        .outcome() == CasePolicy.Outcome.TEST_CASE;
  }
}
