package nl.opencordon.enforcement;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.enforcement.store.CaseFile;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.enforcement.store.LawfulRepository;
import nl.opencordon.enforcement.store.LawfulRepository.Detour;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detour windows (omleidingen): operations or an incident feed declare that traffic is diverted through the
 * zone from some gates for a time. Violations seen at those gates in the window make no case ({@link CasePolicy}),
 * and cases already made are withdrawn when the detour is declared, as the policy now says of them. Fines already
 * sent to CJIB are not touched; their case ids are listed for a correction by hand.
 */
public final class Detours {
  private static final Logger log = LoggerFactory.getLogger(Detours.class);
  /** Counter outcome of a case withdrawn for a detour. */
  static final String DETOUR = "DETOUR";

  /** What a declaration did. */
  public record Declared(Detour detour, int withdrawn, List<String> withCjib) {}

  private final LawfulRepository store;
  private final EnforcementRepository cases;
  private final Erasure erasure;
  private final CasePolicy policy;
  private final CityLayout layout;
  private final Clock clock;

  private final EnforcementSettings settings;

  Detours(LawfulRepository store, EnforcementRepository cases, Erasure erasure, CasePolicy policy, CityLayout layout,
          EnforcementSettings settings, Clock clock) {
    this.settings = settings;
    this.store = store;
    this.cases = cases;
    this.erasure = erasure;
    this.policy = policy;
    this.layout = layout;
    this.clock = clock;
  }

  /**
   * @throws IllegalArgumentException for an unknown gate, no gates, a window that ends before it starts, or one
   *     that starts further back than the reach-back limit
   */
  public Declared declare(Set<String> gateIds, Instant from, Instant until, String reason, String source)
      throws SQLException {
    if (gateIds.isEmpty() || !until.isAfter(from)) {
      throw new IllegalArgumentException("a detour needs gates and a window that ends after it starts");
    }
    gateIds.forEach(layout::gate);
    settings.checkReachBack(from, clock.instant());
    Detour detour = store.declare(gateIds, from, until, reason, source, clock.instant());
    Set<String> cameras = layout.cameras().stream().filter(c -> gateIds.contains(c.gateId()))
        .map(CityLayout.Camera::id).collect(Collectors.toUnmodifiableSet());
    int withdrawn = 0;
    List<String> withCjib = new ArrayList<>();
    for (CaseFile c : cases.atCameras(cameras, from, Erasure.ANY_STATUS)) {
      CasePolicy.Decision decision = policy.decide(CasePolicy.Violation.of(c.record()));
      if (decision.outcome() != CasePolicy.Outcome.NONE) {
        continue;
      }
      if (EnforcementRepository.EXPORTED.equals(c.record().status()) && "FINE".equals(c.record().kind())) {
        withCjib.add(c.caseId());
      } else if (erasure.erase(c.caseId(), Erasure.ANY_STATUS, decision.withdrawnAs().orElseThrow()).isPresent()) {
        withdrawn++;
      }
    }
    log.info("Detour [{}] at gates {} from {} until {} ({}): {} cases withdrawn, {} already with CJIB",
        detour.id(), detour.gateIds(), from, until, source, withdrawn, withCjib.size());
    return new Declared(detour, withdrawn, withCjib);
  }

  /** Ends a detour now; false when it is not running. */
  public boolean end(long id) throws SQLException {
    return store.end(id, clock.instant());
  }

  /** Detours running now or planned, for the control room. */
  public List<Detour> current() throws SQLException {
    return store.detoursUntilAfter(clock.instant());
  }

}
