package nl.opencordon.enforcement;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.opencordon.actors.zone.Sighting;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.domain.Json;
import nl.opencordon.enforcement.cases.CaseRecord;
import nl.opencordon.enforcement.cases.CaseRepository;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.enforcement.store.EvidenceStore;
import nl.opencordon.enforcement.store.SignRepository;
import nl.opencordon.enforcement.store.StoredEvidence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a case the zone persisted into a row of the review queue: copies its evidence into the evidence
 * store (recording each SHA-256 in the case), writes the row unless the case exists or was deleted before,
 * and withdraws it at once when its gate had a sign problem or a detour at that moment (LawfulProcess also
 * holds it for its zone's hold period, and marks it a test case when its site is not approved). Safe to call
 * twice for a case: {@link CaseProjection} delivers at least once.
 */
public final class CaseIntake {
  private static final Logger log = LoggerFactory.getLogger(CaseIntake.class);

  private final CaseRepository cases;
  private final EvidenceStore store;
  private final EvidenceSource source;
  private final SignRepository signs;
  private final Erasure erasure;
  private final LawfulProcess lawful;
  private final Map<String, String> gateOfCamera;

  CaseIntake(CaseRepository cases, EvidenceStore store, EvidenceSource source, SignRepository signs, Erasure erasure,
             LawfulProcess lawful, Map<String, String> gateOfCamera) {
    this.cases = cases;
    this.store = store;
    this.source = source;
    this.signs = signs;
    this.erasure = erasure;
    this.lawful = lawful;
    this.gateOfCamera = Map.copyOf(gateOfCamera);
  }

  /** Records a case; true when it was new to the read model. */
  public boolean record(Zone.CaseOpened e) throws SQLException, IOException {
    if (JournalRedactor.isRedacted(e) || cases.known(e.caseId())) {
      return false;
    }
    List<StoredEvidence> evidence = capture(e);
    // hold period and test-case mark go in before the row, so no officer or export sees the case without them
    lawful.beforeIntake(e);
    boolean inserted = false;
    try {
      inserted = cases.insert(toRecord(e), evidence);
    } finally {
      if (!inserted) {
        discard(evidence);
      }
    }
    if (!inserted) {
      return false;
    }
    String gate = gateOfCamera.get(e.sighting().cameraId());
    if (gate != null && signs.inDoubt(gate, e.sighting().at())) {
      erasure.erase(e.caseId(), Erasure.ANY_STATUS, Erasure.WITHDRAWN);
      log.info("Case [{}] withdrawn on arrival: sign problem at gate [{}]", e.caseId(), gate);
    } else if (lawful.withdrawOnArrival(e, gate)) {
      log.info("Case [{}] withdrawn on arrival: detour at gate [{}]", e.caseId(), gate);
    }
    return true;
  }

  private List<StoredEvidence> capture(Zone.CaseOpened e) throws IOException {
    List<StoredEvidence> stored = new ArrayList<>();
    try {
      for (String ref : e.sighting().evidenceRefs()) {
        EvidenceSource.Image image = source.fetch(ref, e);
        stored.add(store.put(image.content(), image.mediaType()));
      }
      return stored;
    } catch (IOException | RuntimeException ex) {
      discard(stored);
      throw ex;
    }
  }

  private void discard(List<StoredEvidence> evidence) {
    for (StoredEvidence s : evidence) {
      try {
        store.delete(s.ref());
      } catch (IOException ex) {
        log.warn("Evidence [{}] of an unwritten case not deleted; the orphan sweep will: {}", s.ref(), ex.toString());
      }
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
