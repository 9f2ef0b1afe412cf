package nl.opencordon.enforcement;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.opencordon.actors.zone.Sighting;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.domain.ImageFormat;
import nl.opencordon.domain.Json;
import nl.opencordon.enforcement.cases.CaseRecord;
import nl.opencordon.enforcement.cases.CaseRepository;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.enforcement.store.EvidenceStore;
import nl.opencordon.enforcement.store.StoredEvidence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a case the zone persisted into a row of the review queue, or into nothing: {@link CasePolicy} decides
 * first, before anything is written, whether it becomes a case, a test case or nothing (read below the case
 * threshold, sign problem, overdue schouw, detour, RDW's facts now). Nothing: its id is tombstoned, counted under
 * the reason, its plate blanked in the journal and the pictures kept for it deleted; no row is ever written and
 * erased again.
 * A case: the hold period and the test-case mark go in first, then the row, linking the pictures the gate kept in
 * the evidence store before its camera was answered (copying into the store only pictures that came from
 * elsewhere), with each SHA-256, and a log line when it has no real picture. Safe to call twice for a case:
 * {@link CaseProjection} delivers at least once.
 */
public final class CaseIntake {
  private static final Logger log = LoggerFactory.getLogger(CaseIntake.class);

  private final CaseRepository cases;
  private final EvidenceStore store;
  private final EvidenceSource source;
  private final CasePolicy policy;
  private final Erasure erasure;
  private final LawfulProcess lawful;
  private final boolean realPicturesOnly;

  /** @param realPicturesOnly whether a case without a real picture is a problem to log (outside the demo) */
  CaseIntake(CaseRepository cases, EvidenceStore store, EvidenceSource source, CasePolicy policy, Erasure erasure,
             LawfulProcess lawful, boolean realPicturesOnly) {
    this.realPicturesOnly = realPicturesOnly;
    this.cases = cases;
    this.store = store;
    this.source = source;
    this.policy = policy;
    this.erasure = erasure;
    this.lawful = lawful;
  }

  /** Records a case; true when it was new to the read model. */
  public boolean record(Zone.CaseOpened e) throws SQLException, IOException {
    if (JournalRedactor.isRedacted(e) || cases.known(e.caseId())) {
      return false;
    }
    CasePolicy.Decision decision = policy.decideNew(CasePolicy.Violation.of(e));
    if (decision.outcome() == CasePolicy.Outcome.NONE) {
      if (erasure.refuse(e, decision.withdrawnAs().orElseThrow())) {
        log.info("Case [{}] not written: {}", e.caseId(), decision.why());
      }
      return false;
    }
    Capture capture = capture(e);
    // hold period and test-case mark go in before the row, so no officer or export sees the case without them
    lawful.beforeIntake(e.caseId(), decision);
    boolean inserted = false;
    try {
      inserted = cases.insert(toRecord(e), capture.evidence());
    } finally {
      if (!inserted) {
        discard(capture.copied());
      }
    }
    if (!inserted) {
      return false;
    }
    if (realPicturesOnly) {
      capture.problem().ifPresent(problem -> log.warn("Case [{}] has no real picture: {}", e.caseId(), problem));
    }
    return true;
  }

  /**
   * A case's pictures: those the gate kept in the store before its camera was answered, linked as they are, and
   * those fetched now from elsewhere (a camera's URL; in the demo the placeholder) and copied into the store.
   *
   * @param copied the pictures stored by this intake, to delete again if the case is not written
   * @param problem why the case has no real picture, if it has none
   */
  private record Capture(List<StoredEvidence> evidence, List<StoredEvidence> copied, Optional<String> problem) {}

  private Capture capture(Zone.CaseOpened e) throws SQLException, IOException {
    List<StoredEvidence> evidence = new ArrayList<>();
    List<StoredEvidence> copied = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try {
      for (String ref : e.sighting().evidenceRefs()) {
        if (EvidenceStore.owns(ref)) {
          store.find(ref).ifPresentOrElse(evidence::add, () -> problems.add("a kept picture is gone from the store"));
          continue;
        }
        EvidenceSource.Image image;
        try {
          image = source.fetch(ref, e);
        } catch (IOException ex) {
          problems.add(ex.getMessage());
          continue;
        }
        StoredEvidence stored = store.put(image.content(), image.mediaType());
        copied.add(stored);
        evidence.add(stored);
      }
    } catch (SQLException | RuntimeException ex) {
      discard(copied);
      throw ex;
    }
    if (e.sighting().evidenceRefs().isEmpty()) {
      problems.add("the camera sent no picture");
    }
    boolean real = evidence.stream().anyMatch(s -> ImageFormat.isImage(s.mediaType()));
    return new Capture(evidence, copied, real ? Optional.empty()
        : Optional.of(problems.isEmpty() ? "only placeholder pictures" : String.join("; ", problems)));
  }

  private void discard(List<StoredEvidence> evidence) {
    try {
      store.delete(evidence.stream().map(StoredEvidence::ref).toList());
    } catch (SQLException ex) {
      log.warn("Pictures of an unwritten case not deleted; retention will: {}", ex.toString());
    }
  }

  /** The read-model row of a case; the evidence references in it are those of the camera. */
  public static CaseRecord toRecord(Zone.CaseOpened e) {
    Sighting s = e.sighting();
    return new CaseRecord(e.caseId(), e.zoneId(), e.kind().name(), s.plate().text(), s.plate().country(),
        s.plateHash(), s.at(), s.localDay(), s.cameraId(), s.source().name(), s.site().locationCode(),
        s.site().street(), s.site().direction(), s.observationText(), s.verdict().ruleId(),
        s.verdict().reason(), Json.write(s.facts()), Json.write(s.evidenceRefs()), EnforcementRepository.OPEN,
        s.seenCategory().map(Enum::name).orElse(null), s.readConfidence().orElse(null), s.seenAt());
  }
}
