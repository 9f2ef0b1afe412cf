package nl.opencordon.enforcement;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.enforcement.store.CaseFile;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.enforcement.store.ErasureRequestRepository;
import nl.opencordon.enforcement.store.ErasureRequestRepository.ErasureRequest;
import nl.opencordon.enforcement.store.LawfulRepository;
import nl.opencordon.enforcement.store.LawfulRepository.Detour;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detour windows (omleidingen): operations or an incident feed declare that traffic is diverted through the
 * zone from some gates for a time. Violations seen at those gates in the window make no case ({@link CasePolicy}),
 * and cases already made are withdrawn, as the policy now says of them: open ones when the detour is declared,
 * decided ones (approved, owner data requested) when a second person confirms ({@link ErasureRequests}). Fines already
 * sent to CJIB are not touched; their case ids are listed for a correction by hand.
 */
public final class Detours {
  private static final Logger log = LoggerFactory.getLogger(Detours.class);
  /** Counter outcome of a case withdrawn for a detour. */
  static final String DETOUR = "DETOUR";

  /**
   * What a declaration did.
   *
   * @param awaitingSecondPerson the decided cases of the window, withdrawn only when another person confirms
   */
  public record Declared(Detour detour, int withdrawn, List<String> withCjib,
                         Optional<ErasureRequest> awaitingSecondPerson) {}

  /** What withdrawing cases did. */
  record Withdrawal(int withdrawn, List<String> withCjib) {}

  private final LawfulRepository store;
  private final EnforcementRepository cases;
  private final Erasure erasure;
  private final ErasureRequestRepository requests;
  private final CasePolicy policy;
  private final CityLayout layout;
  private final Clock clock;

  private final EnforcementSettings settings;

  Detours(LawfulRepository store, EnforcementRepository cases, Erasure erasure, ErasureRequestRepository requests,
          CasePolicy policy, CityLayout layout, EnforcementSettings settings, Clock clock) {
    this.requests = requests;
    this.policy = policy;
    this.settings = settings;
    this.store = store;
    this.cases = cases;
    this.erasure = erasure;
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
    List<CaseFile> inWindow = new ArrayList<>();
    for (CaseFile c : cases.atCameras(cameras, from, Erasure.ANY_STATUS)) {
      if (withdrawnAs(c).isPresent()) {
        inWindow.add(c);
      }
    }
    Withdrawal now = withdraw(inWindow.stream().filter(c -> ErasureRequests.undecided(c) || ErasureRequests.sentToCjib(c)).toList());
    List<String> decided = inWindow.stream().filter(c -> !ErasureRequests.undecided(c) && !ErasureRequests.sentToCjib(c))
        .map(CaseFile::caseId).toList();
    Optional<ErasureRequest> pending = decided.isEmpty() ? Optional.empty() : Optional.of(requests.request(
        ErasureRequests.DETOUR, detour.id(), reason, decided, source, clock.instant()));
    log.info("Detour [{}] at gates {} from {} until {} ({}): {} open cases withdrawn, {} decided ones await a second "
        + "person, {} already with CJIB", detour.id(), detour.gateIds(), from, until, source, now.withdrawn(),
        decided.size(), now.withCjib().size());
    return new Declared(detour, now.withdrawn(), now.withCjib(), pending);
  }

  /** Withdraws the cases of a confirmed erasure request of a detour that are still there. */
  Withdrawal withdrawConfirmed(List<String> caseIds) throws SQLException {
    List<CaseFile> files = new ArrayList<>();
    for (String caseId : caseIds) {
      cases.find(caseId).ifPresent(files::add);
    }
    return withdraw(files);
  }

  /**
   * Erases the cases the policy now says make no case, except fines already with CJIB: those are listed for a
   * correction by hand.
   */
  private Withdrawal withdraw(List<CaseFile> files) throws SQLException {
    int withdrawn = 0;
    List<String> withCjib = new ArrayList<>();
    for (CaseFile c : files) {
      Optional<String> outcome = withdrawnAs(c);
      if (outcome.isEmpty()) {
        continue;
      }
      if (ErasureRequests.sentToCjib(c)) {
        withCjib.add(c.caseId());
      } else if (erasure.erase(c.caseId(), Erasure.ANY_STATUS, outcome.get()).isPresent()) {
        withdrawn++;
      }
    }
    return new Withdrawal(withdrawn, withCjib);
  }

  /** The outcome a case is withdrawn under where the policy now says it makes no case (a detour covers it). */
  private Optional<String> withdrawnAs(CaseFile c) throws SQLException {
    CasePolicy.Decision decision = policy.decide(CasePolicy.Violation.of(c.record()));
    return decision.outcome() == CasePolicy.Outcome.NONE ? decision.withdrawnAs() : Optional.empty();
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
