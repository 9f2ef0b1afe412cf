package nl.opencordon.enforcement;

import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import nl.opencordon.domain.Exemption;
import nl.opencordon.domain.Plate;
import nl.opencordon.enforcement.cases.CaseRecord;
import nl.opencordon.persistence.exemptions.ExemptionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exemption that arrived after its case was made: the release of held cases, the officer's approval and the
 * CJIB export each ask the exemption record in PostgreSQL (not a node's copy, which may be a second behind)
 * whether one now covers the case, and if so the case is deleted like a dismissal (tombstone, plate blanked in
 * the journal, evidence gone), counted as {@link #EXEMPTED_LATE}.
 */
final class LateExemptions {
  private static final Logger log = LoggerFactory.getLogger(LateExemptions.class);
  /** Counter outcome of a case deleted because an exemption registered after it covers it. */
  static final String EXEMPTED_LATE = "EXEMPTED_LATE";

  private final ExemptionRepository record;
  private final Erasure erasure;

  LateExemptions(ExemptionRepository record, Erasure erasure) {
    this.record = record;
    this.erasure = erasure;
  }

  /** The stored exemption that covers the case's plate and zone at the moment of its observation, if any. */
  Optional<Exemption> covering(CaseRecord r) throws SQLException {
    return record.covering(r.zoneId(), Plate.of(r.plate(), r.country()), r.observedAt()).stream().findFirst();
  }

  /**
   * Deletes the case when an exemption covers it and it is still in one of {@code fromStatuses}.
   *
   * @param when for the log: at which step it was found
   * @return the covering exemption when the case was deleted
   */
  Optional<Exemption> eraseIfCovered(CaseRecord r, Set<String> fromStatuses, String when) throws SQLException {
    Optional<Exemption> exemption = covering(r);
    if (exemption.isEmpty() || erasure.erase(r.caseId(), fromStatuses, EXEMPTED_LATE).isEmpty()) {
      return Optional.empty();
    }
    log.info("Case [{}] deleted {}: exemption [{}] covers it", r.caseId(), when, exemption.get().id());
    return exemption;
  }
}
