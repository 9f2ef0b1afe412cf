package nl.opencordon.enforcement;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import nl.opencordon.enforcement.store.CaseFile;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.enforcement.store.EnforcementRepository.Batch;
import nl.opencordon.enforcement.store.ErasureRequestRepository;
import nl.opencordon.enforcement.store.ErasureRequestRepository.ErasureRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Four eyes before decided cases are erased (vier-ogenprincipe). A sign problem or a detour withdraws its open
 * cases at once; cases an officer already approved, or that went out for owner data or to CJIB, stay until a
 * second person, not the one who asked, confirms the request. A rejected request leaves them as they are.
 */
public final class ErasureRequests {
  private static final Logger log = LoggerFactory.getLogger(ErasureRequests.class);
  static final String SIGN_PROBLEM = "SIGN_PROBLEM";
  static final String DETOUR = "DETOUR";

  /** How a decision went; only CONFIRMED and REJECTED changed anything. */
  public enum Outcome { CONFIRMED, REJECTED, NOT_FOUND, DECIDED_ALREADY, SAME_PERSON }

  /**
   * @param withdrawn cases erased by the confirmation
   * @param correction a sign problem's correction request for CJIB, when fines already there were withdrawn
   * @param withCjib a detour's fines already with CJIB, left for a correction by hand
   */
  public record Decision(Outcome outcome, Optional<ErasureRequest> request, int withdrawn,
                         Optional<Batch> correction, List<String> withCjib) {
    static Decision refused(Outcome outcome, Optional<ErasureRequest> request) {
      return new Decision(outcome, request, 0, Optional.empty(), List.of());
    }
  }

  private final ErasureRequestRepository store;
  private final SignProblems signs;
  private final Detours detours;
  private final Clock clock;

  ErasureRequests(ErasureRequestRepository store, SignProblems signs, Detours detours, Clock clock) {
    this.store = store;
    this.signs = signs;
    this.detours = detours;
    this.clock = clock;
  }

  /** Whether a case may be withdrawn without a second person: nobody decided on it yet. */
  static boolean undecided(CaseFile c) {
    return EnforcementRepository.OPEN.equals(c.record().status());
  }

  static boolean sentToCjib(CaseFile c) {
    return EnforcementRepository.EXPORTED.equals(c.record().status()) && "FINE".equals(c.record().kind());
  }

  public List<ErasureRequest> pending() throws SQLException {
    return store.pending();
  }

  /** The second person agrees: the request's cases that are still there are withdrawn. */
  public Decision confirm(long id, String user) throws SQLException, IOException {
    Optional<ErasureRequest> claimed = claim(id, user, true);
    if (claimed.isEmpty()) {
      return refusal(id, user);
    }
    ErasureRequest r = claimed.get();
    Decision done = switch (r.source()) {
      case SIGN_PROBLEM -> {
        SignProblems.Withdrawal w = signs.withdrawConfirmed(r.sourceId(), r.caseIds(), user);
        yield new Decision(Outcome.CONFIRMED, claimed, w.withdrawn(), w.correction(), List.of());
      }
      case DETOUR -> {
        Detours.Withdrawal w = detours.withdrawConfirmed(r.caseIds());
        yield new Decision(Outcome.CONFIRMED, claimed, w.withdrawn(), Optional.empty(), w.withCjib());
      }
      default -> throw new IllegalStateException("erasure request " + id + " has an unknown source " + r.source());
    };
    log.warn("Erasure request [{}] ({} {}) by [{}] confirmed by [{}]: {} decided cases withdrawn", id, r.source(),
        r.sourceId(), r.requestedBy(), user, done.withdrawn());
    return done;
  }

  /** The second person disagrees: the cases stay as they are. */
  public Decision reject(long id, String user) throws SQLException {
    Optional<ErasureRequest> claimed = claim(id, user, false);
    if (claimed.isEmpty()) {
      return refusal(id, user);
    }
    log.info("Erasure request [{}] by [{}] rejected by [{}]: its cases stay", id, claimed.get().requestedBy(), user);
    return Decision.refused(Outcome.REJECTED, claimed);
  }

  /** Decides the request for this user, when it is pending and theirs to decide; the request as decided. */
  private Optional<ErasureRequest> claim(long id, String user, boolean confirm) throws SQLException {
    return store.decide(id, user, confirm, clock.instant()) ? store.find(id) : Optional.empty();
  }

  private Decision refusal(long id, String user) throws SQLException {
    Optional<ErasureRequest> r = store.find(id);
    Outcome why = r.isEmpty() ? Outcome.NOT_FOUND : !r.get().pending() ? Outcome.DECIDED_ALREADY
        : r.get().requestedBy().equals(user) ? Outcome.SAME_PERSON : Outcome.DECIDED_ALREADY;
    return Decision.refused(why, r);
  }
}
