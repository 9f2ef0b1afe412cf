package nl.opencordon.enforcement;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import nl.opencordon.domain.Passage;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.enforcement.store.EnforcementRepository.Batch;
import nl.opencordon.enforcement.store.EvidenceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletion at the end of the chain, run on a schedule: fines (approved or sent to CJIB) after the fine
 * retention (5 years), warnings after the warning retention, batch files after theirs, each with evidence
 * and journal personal data (see {@link Erasure}); and evidence pictures no case refers to once they are older
 * than {@code evidence-orphan-age} (so the pictures of a case being written are never taken).
 */
public final class RetentionJob {
  private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
  private static final Set<String> FINE_KEPT = Set.of(EnforcementRepository.APPROVED, EnforcementRepository.EXPORTED);
  private static final Set<String> WARNING_KEPT = Set.of(EnforcementRepository.APPROVED,
      EnforcementRepository.NAW_REQUESTED, EnforcementRepository.EXPORTED);
  private static final int PAGE = 500;

  public record Result(int finesDeleted, int warningsDeleted, int batchFilesDeleted, int orphansDeleted) {}

  private final EnforcementRepository repository;
  private final Erasure erasure;
  private final EvidenceStore store;
  private final ExportFiles files;
  private final EnforcementSettings settings;
  private final Clock clock;

  RetentionJob(EnforcementRepository repository, Erasure erasure, EvidenceStore store, ExportFiles files,
               EnforcementSettings settings, Clock clock) {
    this.repository = repository;
    this.erasure = erasure;
    this.store = store;
    this.files = files;
    this.settings = settings;
    this.clock = clock;
  }

  public synchronized Result runOnce() throws SQLException, IOException {
    Instant now = clock.instant();
    ZonedDateTime local = now.atZone(Passage.LOCAL);
    int fines = expire("FINE", FINE_KEPT, local.minus(settings.fineRetention()).toInstant());
    int warnings = expire("WARNING", WARNING_KEPT, local.minus(settings.warningRetention()).toInstant());
    int batchFiles = 0;
    for (Batch b : repository.batchFilesBefore(now.minus(settings.exportFileRetention()))) {
      files.delete(b.fileName());
      repository.markFileDeleted(b.batchId(), now);
      batchFiles++;
    }
    int orphans = store.sweepUnreferenced(now.minus(settings.evidenceOrphanAge()));
    Result result = new Result(fines, warnings, batchFiles, orphans);
    if (fines + warnings + batchFiles + orphans > 0) {
      log.info("Retention: {}", result);
    }
    return result;
  }

  private int expire(String kind, Set<String> statuses, Instant before) throws SQLException {
    int deleted = 0;
    while (true) {
      List<String> ids = repository.observedBefore(kind, statuses, before, PAGE);
      if (ids.isEmpty()) {
        return deleted;
      }
      for (String id : ids) {
        deleted += erasure.erase(id, statuses, Erasure.EXPIRED).isPresent() ? 1 : 0;
      }
    }
  }
}
