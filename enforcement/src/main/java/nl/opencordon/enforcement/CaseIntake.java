package nl.opencordon.enforcement;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * twice for a case: {@link CaseProjection} delivers at least once, in batches.
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

  /**
   * Records cases (a batch of the projection, in journal order); those that were new to the read model. Their
   * rows go in with their evidence in one transaction, so no case is ever in the table without its evidence.
   */
  public List<Zone.CaseOpened> recordAll(List<Zone.CaseOpened> batch) throws SQLException, IOException {
    Map<String, Zone.CaseOpened> candidates = new LinkedHashMap<>();
    for (Zone.CaseOpened e : batch) {
      if (!JournalRedactor.isRedacted(e)) {
        candidates.putIfAbsent(e.caseId(), e);
      }
    }
    Set<String> unknown = cases.unknown(candidates.keySet());
    List<CaseRepository.NewCase> newCases = new ArrayList<>();
    List<Zone.CaseOpened> recorded = new ArrayList<>();
    boolean written = false;
    try {
      for (Zone.CaseOpened e : candidates.values()) {
        if (unknown.contains(e.caseId())) {
          newCases.add(new CaseRepository.NewCase(toRecord(e), capture(e)));
          // hold period and test-case mark go in before the row, so no officer or export sees the case without them
          lawful.beforeIntake(e);
          recorded.add(e);
        }
      }
      Set<String> inserted = cases.insertAll(newCases);
      written = true;
      for (CaseRepository.NewCase c : newCases) {
        if (!inserted.contains(c.record().caseId())) {
          discard(c.evidence());
        }
      }
      recorded.removeIf(e -> !inserted.contains(e.caseId()));
    } finally {
      if (!written) {
        newCases.forEach(c -> discard(c.evidence()));
      }
    }
    for (Zone.CaseOpened e : recorded) {
      withdrawOnArrival(e);
    }
    return recorded;
  }

  private void withdrawOnArrival(Zone.CaseOpened e) throws SQLException {
    String gate = gateOfCamera.get(e.sighting().cameraId());
    if (gate != null && signs.inDoubt(gate, e.sighting().at())) {
      erasure.erase(e.caseId(), Erasure.ANY_STATUS, Erasure.WITHDRAWN);
      log.info("Case [{}] withdrawn on arrival: sign problem at gate [{}]", e.caseId(), gate);
    } else if (lawful.withdrawOnArrival(e, gate)) {
      log.info("Case [{}] withdrawn on arrival: detour at gate [{}]", e.caseId(), gate);
    }
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
        s.site().street(), s.site().direction(), s.site().observationText(), s.verdict().ruleId(),
        s.verdict().reason(), Json.write(s.facts()), Json.write(s.evidenceRefs()), EnforcementRepository.OPEN,
        s.seenCategory().map(Enum::name).orElse(null));
  }
}
