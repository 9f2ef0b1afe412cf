package nl.opencordon.enforcement;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.opencordon.enforcement.store.CaseFile;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.enforcement.store.LawfulRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hold period of a zone (wachttijd): a case waits this long after its observation before it reaches the
 * officer, so that an exemption registered afterwards still counts (a day exemption reported the next day, a
 * care visit). At release the case is checked against the exemption record again and deleted, and counted,
 * when one covers it ({@link LateExemptions}).
 */
public final class HoldPeriod {
  private static final Logger log = LoggerFactory.getLogger(HoldPeriod.class);
  private static final int PAGE = 500;

  /** What a release run did. */
  public record Release(int released, int deleted) {}

  private final LawfulRepository store;
  private final EnforcementRepository cases;
  private final LateExemptions exemptions;
  HoldPeriod(LawfulRepository store, EnforcementRepository cases, LateExemptions exemptions) {
    this.store = store;
    this.cases = cases;
    this.exemptions = exemptions;
  }

  /** Holds a new case until {@code until} (decided by {@link CasePolicy}); called before the case row is written. */
  void hold(String caseId, Instant until) throws SQLException {
    store.hold(caseId, until);
  }

  /** Whether a case still waits out its hold period. */
  public boolean held(String caseId) throws SQLException {
    return store.held(caseId);
  }

  /** Releases every case whose hold ended at or before {@code now}, deleting those an exemption now covers. */
  public synchronized Release releaseDue(Instant now) throws SQLException {
    int released = 0;
    int deleted = 0;
    for (List<String> due = store.holdsDue(now, PAGE); !due.isEmpty(); due = store.holdsDue(now, PAGE)) {
      for (String caseId : due) {
        Optional<CaseFile> file = cases.find(caseId);
        if (file.isPresent()) {
          if (exemptions.eraseIfCovered(file.get().record(), Set.of(EnforcementRepository.OPEN),
              "at the end of its hold period").isPresent()) {
            deleted++;
          } else {
            released++;
          }
        }
        // also drops holds of cases withdrawn meanwhile or never written
        store.release(caseId);
      }
    }
    if (released + deleted > 0) {
      log.info("Hold period: {} cases released to the officers, {} deleted for a late exemption", released, deleted);
    }
    return new Release(released, deleted);
  }
}
