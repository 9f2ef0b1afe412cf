package nl.opencordon.enforcement;

import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.Executor;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.enforcement.store.ErasureRequestRepository;
import nl.opencordon.enforcement.store.EvidenceStore;
import nl.opencordon.enforcement.store.LawfulRepository;
import nl.opencordon.enforcement.store.SignRepository;
import nl.opencordon.security.Access;
import nl.opencordon.security.AccessLog;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What the Leidraad asks around the case chain, and what enforcing cities do by hand: the hold period per
 * zone, detour windows, site approval with test cases, the citizen's evidence request and the schouw
 * proces-verbaal. The intake asks it about every new case; its routes are {@link LawfulProcessRoutes}.
 */
public final class LawfulProcess {
  private final LawfulSettings settings;
  private final Clock clock;
  private final HoldPeriod holds;
  private final Detours detours;
  private final SiteApprovals sites;
  private final EvidenceRequests evidenceRequests;
  private final SchouwReport schouw;
  private final CitizenRateLimit citizens;

  LawfulProcess(LawfulSettings settings, LawfulRepository store, EnforcementRepository cases, EvidenceStore evidence,
                SignRepository signs, LateExemptions exemptions, Erasure erasure,
                ErasureRequestRepository erasureRequests, CasePolicy policy, CityLayout layout,
                EnforcementSettings enforcement, CitizenRateLimit citizens, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.holds = new HoldPeriod(store, cases, exemptions);
    this.detours = new Detours(store, cases, erasure, erasureRequests, policy, layout, enforcement, clock);
    this.sites = new SiteApprovals(store, cases, evidence, erasure, layout, settings, clock);
    this.evidenceRequests = new EvidenceRequests(cases, evidence, store);
    this.schouw = new SchouwReport(signs, layout, enforcement, clock);
    this.citizens = citizens;
  }

  /** Writes what the policy decided for a new case, before its row: its hold period, its test-case mark. */
  void beforeIntake(String caseId, CasePolicy.Decision decision) throws SQLException {
    if (decision.heldUntil().isPresent()) {
      holds.hold(caseId, decision.heldUntil().get());
    }
    if (decision.outcome() == CasePolicy.Outcome.TEST_CASE) {
      sites.markTest(caseId);
    }
  }

  /** Releases the held cases whose hold ended and deletes old test cases: one run of its cluster job. */
  void releaseDue() throws SQLException {
    holds.releaseDue(clock.instant());
    sites.expireTestCases(clock.instant().minus(settings.testCaseRetention()));
  }

  public Route routes(Access access, AccessLog accessLog, Executor blocking) {
    return new LawfulProcessRoutes(this, access, accessLog, blocking).routes();
  }

  public LawfulSettings settings() {
    return settings;
  }

  public HoldPeriod holds() {
    return holds;
  }

  public Detours detours() {
    return detours;
  }

  public SiteApprovals sites() {
    return sites;
  }

  public EvidenceRequests evidenceRequests() {
    return evidenceRequests;
  }

  CitizenRateLimit citizens() {
    return citizens;
  }

  public SchouwReport schouw() {
    return schouw;
  }
}
