package nl.opencordon.enforcement.store;

import java.time.Instant;
import java.util.List;
import nl.opencordon.domain.ImageFormat;
import nl.opencordon.enforcement.cases.CaseRecord;

/**
 * A case as the enforcement chain sees it: the read-model row, its evidence with integrity hashes, who
 * reviewed it and in which batch it left.
 *
 * @param reviewedBy null while OPEN
 * @param exportBatchId the CJIB, NAW or letter batch it was last part of; null before
 * @param firstApprovedBy in a four-eyes zone, the officer whose approval awaits a second; null otherwise
 */
public record CaseFile(CaseRecord record, List<StoredEvidence> evidence, String reviewedBy, Instant reviewedAt,
                       String exportBatchId, Instant exportedAt, String firstApprovedBy) {
  public CaseFile {
    evidence = List.copyOf(evidence);
  }

  public String caseId() {
    return record.caseId();
  }

  /** Whether one of its pictures is a real one (JPEG or PNG from a camera), not none or only a placeholder. */
  public boolean hasRealPicture() {
    return evidence.stream().anyMatch(e -> ImageFormat.isImage(e.mediaType()));
  }
}
