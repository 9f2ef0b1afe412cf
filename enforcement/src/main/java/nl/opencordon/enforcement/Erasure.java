package nl.opencordon.enforcement;

import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.domain.Passage;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.enforcement.store.EnforcementRepository.ErasedCase;
import nl.opencordon.enforcement.store.EnforcementRepository.ErasureHook;
import nl.opencordon.enforcement.store.EvidenceStore;
import nl.opencordon.enforcement.store.OutcomeRepository;

/**
 * Deletes a case for good: its row and evidence rows, its evidence files, the plate in the journal; leaves
 * a tombstone and an anonymous count. Dismissal, sign-problem withdrawal and retention all end here; a
 * withdrawal is recorded in the case outcomes too (docs/quality.md).
 */
final class Erasure {
  static final Set<String> ANY_STATUS = Set.of(EnforcementRepository.OPEN, EnforcementRepository.APPROVED,
      EnforcementRepository.NAW_REQUESTED, EnforcementRepository.EXPORTED);
  static final String WITHDRAWN = "WITHDRAWN";
  static final String EXPIRED = "EXPIRED";
  /** Every withdrawal is a sign problem's (reported, or found on arrival). */
  private static final String WITHDRAWN_CAUSE = "SIGN_PROBLEM";

  private final EnforcementRepository repository;
  private final JournalRedactor journal;
  private final Clock clock;
  private final OutcomeRepository outcomes;

  Erasure(EnforcementRepository repository, JournalRedactor journal, OutcomeRepository outcomes, Clock clock) {
    this.outcomes = outcomes;
    this.repository = repository;
    this.journal = journal;
    this.clock = clock;
  }

  Optional<ErasedCase> erase(String caseId, Set<String> fromStatuses, String outcome) throws SQLException {
    return erase(caseId, fromStatuses, outcome, (tx, erased) -> {});
  }

  /**
   * Records that a case the zone opened is never written: tombstone, count under {@code outcome}, the plate blanked
   * in the journal, its kept pictures deleted. False when that was done before (the projection delivers twice).
   */
  boolean refuse(Zone.CaseOpened e, String outcome) throws SQLException {
    LocalDate today = clock.instant().atZone(Passage.LOCAL).toLocalDate();
    return repository.refuse(new ErasedCase(e.caseId(), e.zoneId(), e.sighting().plateHash(), e.kind().name(), null,
        e.sighting().at(), e.sighting().site().locationCode(), null,
        e.sighting().evidenceRefs().stream().filter(EvidenceStore::owns).toList()), outcome, today, journal::run);
  }

  /** @param also more work in the same transaction (a correction request) */
  Optional<ErasedCase> erase(String caseId, Set<String> fromStatuses, String outcome, ErasureHook also)
      throws SQLException {
    LocalDate today = clock.instant().atZone(Passage.LOCAL).toLocalDate();
    // read before the row goes; the fields it takes never change
    Optional<OutcomeRepository.Facts> withdrawn = WITHDRAWN.equals(outcome) ? outcomes.facts(caseId) : Optional.empty();
    return repository.erase(caseId, fromStatuses, outcome, today, (tx, erased) -> {
      journal.run(tx, erased);
      also.run(tx, erased);
      if (withdrawn.isPresent()) {
        OutcomeRepository.insert(tx, withdrawn.get(), OutcomeRepository.WITHDRAWN, null, WITHDRAWN_CAUSE, "system",
            clock.instant(), "SYSTEM");
      }
    });
  }
}
