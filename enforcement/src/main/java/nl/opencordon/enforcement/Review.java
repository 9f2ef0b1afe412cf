package nl.opencordon.enforcement;

import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.opencordon.domain.Passage;
import nl.opencordon.enforcement.store.CaseFile;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.enforcement.store.EvidenceStore;
import nl.opencordon.enforcement.store.OutcomeRepository;
import nl.opencordon.enforcement.store.StoredEvidence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Officer review (handbak): the queue of open cases, approval for CJIB (or, for warnings, for a letter) and
 * dismissal for one of the configured reasons, which deletes the case and its evidence at once. Each case is reviewed once: of two officers
 * acting on the same case, exactly one succeeds and the other is told it is no longer open. Before an approval
 * the case is checked against the exemption record: a case an exemption now covers is deleted instead
 * ({@code EXEMPTED}), as at the end of a hold period.
 */
public final class Review {
  private static final Logger log = LoggerFactory.getLogger(Review.class);

  /**
   * {@code NOT_OPEN}: the case was reviewed, withdrawn or erased already, which an approval answers before any
   * other reason; {@code FIRST_APPROVAL}: a four-eyes case has its first approval and stays open for a second officer;
   * {@code NEEDS_OTHER_OFFICER}: the officer who approved it first cannot be the second; {@code EXEMPTED}: not
   * approved, an exemption covers the vehicle and the case was deleted; {@code NO_REAL_PICTURE}: the case has no
   * camera picture (outside the demo it can only be dismissed); {@code UNKNOWN_REASON}: a dismissal without
   * one of the configured reasons.
   */
  public enum Result {
    APPROVED, FIRST_APPROVAL, DISMISSED, NOT_OPEN, NEEDS_OTHER_OFFICER, EXEMPTED, NO_REAL_PICTURE, UNKNOWN_REASON
  }

  private final EnforcementRepository repository;
  private final EvidenceStore store;
  private final Erasure erasure;
  private final LateExemptions exemptions;
  private final Clock clock;
  private final int queueLimit;
  private final Set<String> fourEyesZones;
  private final boolean placeholderEvidence;
  private final OutcomeRepository outcomes;
  private final QualitySettings quality;

  Review(EnforcementRepository repository, EvidenceStore store, Erasure erasure, LateExemptions exemptions,
         Clock clock, int queueLimit, Set<String> fourEyesZones, boolean placeholderEvidence,
         OutcomeRepository outcomes, QualitySettings quality) {
    this.outcomes = outcomes;
    this.quality = quality;
    this.exemptions = exemptions;
    this.placeholderEvidence = placeholderEvidence;
    this.fourEyesZones = fourEyesZones;
    this.repository = repository;
    this.store = store;
    this.erasure = erasure;
    this.clock = clock;
    this.queueLimit = queueLimit;
  }

  /** Open cases, oldest first; those in their zone's hold period wait (LawfulProcess). */
  public List<CaseFile> queue() throws SQLException {
    return repository.queue(queueLimit);
  }

  public Optional<CaseFile> find(String caseId) throws SQLException {
    return repository.find(caseId);
  }

  /** The picture at {@code position} of a case, with the media type it was stored with, checked against its hash. */
  public Optional<EvidenceSource.Image> evidence(String caseId, int position) throws SQLException {
    Optional<CaseFile> file = repository.find(caseId);
    if (file.isEmpty() || position < 0 || position >= file.get().evidence().size()) {
      return Optional.empty();
    }
    StoredEvidence stored = file.get().evidence().get(position);
    return Optional.of(new EvidenceSource.Image(store.get(stored), stored.mediaType()));
  }

  /** Today's work (local day) for the review screen; dismissals are only counted per month. */
  public EnforcementRepository.WorkCounts today(String officer) throws SQLException {
    LocalDate day = LocalDate.now(clock.withZone(Passage.LOCAL));
    return repository.workCounts(day.atStartOfDay(Passage.LOCAL).toInstant(), officer, day);
  }

  public Result approve(String caseId, String officer) throws SQLException {
    Optional<CaseFile> file = repository.find(caseId);
    // A case reviewed, withdrawn or erased already is not open, whatever else is true of it; the checks below
    // would give the officer the wrong reason. The update in the repository stays the guard against a race.
    if (file.isEmpty() || !EnforcementRepository.OPEN.equals(file.get().record().status())) {
      return Result.NOT_OPEN;
    }
    if (exemptions.eraseIfCovered(file.get().record(), Set.of(EnforcementRepository.OPEN), "at approval")
        .isPresent()) {
      return Result.EXEMPTED;
    }
    if (!placeholderEvidence && !file.get().hasRealPicture()) {
      log.info("Case [{}] not approved by [{}]: it has no real picture", caseId, officer);
      return Result.NO_REAL_PICTURE;
    }
    if (fourEyesZones.contains(file.get().record().zoneId())) {
      return approveFourEyes(file.get(), officer);
    }
    if (!repository.approve(caseId, officer, clock.instant())) {
      return Result.NOT_OPEN;
    }
    log.info("Case [{}] approved by [{}]", caseId, officer);
    return Result.APPROVED;
  }

  /** The first approval keeps the case open; the second, by another officer, approves it. */
  private Result approveFourEyes(CaseFile file, String officer) throws SQLException {
    String caseId = file.caseId();
    if (repository.approveFirst(caseId, officer, clock.instant())) {
      log.info("Case [{}] approved first by [{}]; it awaits a second officer", caseId, officer);
      return Result.FIRST_APPROVAL;
    }
    if (repository.approveSecond(caseId, officer, clock.instant())) {
      log.info("Case [{}] approved by [{}] as second officer", caseId, officer);
      return Result.APPROVED;
    }
    Optional<CaseFile> now = repository.find(caseId);
    return now.isPresent() && EnforcementRepository.OPEN.equals(now.get().record().status())
        && officer.equals(now.get().firstApprovedBy()) ? Result.NEEDS_OTHER_OFFICER : Result.NOT_OPEN;
  }

  /**
   * Dismisses an open case for one of the configured reasons (its code), deletes it and records the dismissal
   * with its reason in the case outcomes, in one transaction.
   */
  public Result dismiss(String caseId, String officer, String reason) throws SQLException {
    if (quality.reason(reason).isEmpty()) {
      return Result.UNKNOWN_REASON;
    }
    Optional<OutcomeRepository.Facts> facts = outcomes.facts(caseId);
    if (facts.isEmpty() || erasure.erase(caseId, Set.of(EnforcementRepository.OPEN), "DISMISSED:" + reason,
        (tx, erased) -> OutcomeRepository.insert(tx, facts.get(), OutcomeRepository.DISMISSED, null, reason, officer,
            clock.instant(), "OFFICER")).isEmpty()) {
      return Result.NOT_OPEN;
    }
    log.info("Case [{}] dismissed by [{}] ({}) and deleted", caseId, officer, reason);
    return Result.DISMISSED;
  }
}
