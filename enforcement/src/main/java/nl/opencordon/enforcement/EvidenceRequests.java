package nl.opencordon.enforcement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.opencordon.domain.Plate;
import nl.opencordon.enforcement.cases.CaseRecord;
import nl.opencordon.enforcement.store.CaseFile;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.enforcement.store.EvidenceStore;
import nl.opencordon.enforcement.store.LawfulRepository;
import nl.opencordon.enforcement.store.StoredEvidence;

/**
 * The citizen's evidence request (Leidraad 4.2.10): with the case number on the CJIB decision (or the warning
 * letter) and the plate, a person sees the evidence pictures of that case and nothing else. Only decided
 * cases are shown: not open ones, nor test cases. A wrong number and a wrong plate are the same answer.
 */
public final class EvidenceRequests {
  private static final Set<String> DECIDED = Set.of(EnforcementRepository.APPROVED,
      EnforcementRepository.NAW_REQUESTED, EnforcementRepository.EXPORTED);
  private static final int MAX_CASE_NUMBER = 64;

  /** An evidence picture, base64-encoded, with the SHA-256 recorded in the case. */
  public record Picture(String mediaType, String sha256, String data) {}

  public record Evidence(String caseNumber, List<Picture> pictures) {}

  private final EnforcementRepository cases;
  private final EvidenceStore store;
  private final LawfulRepository lawful;

  EvidenceRequests(EnforcementRepository cases, EvidenceStore store, LawfulRepository lawful) {
    this.cases = cases;
    this.store = store;
    this.lawful = lawful;
  }

  /** The pictures of a case when the number and the plate belong together; empty for any mismatch. */
  public Optional<Evidence> find(String caseNumber, String plate) throws SQLException, IOException {
    String id = caseNumber == null ? "" : caseNumber.trim();
    // the same lookups and comparison for every number, so the answer time tells little about which part was
    // wrong (the route also pads every answer to the same least time)
    Optional<CaseFile> file = cases.find(id.length() > MAX_CASE_NUMBER ? "" : id);
    boolean test = lawful.isTest(id);
    boolean plateMatches = samePlate(plate, file.map(CaseFile::record).orElse(null));
    if (file.isEmpty() || !plateMatches || !DECIDED.contains(file.get().record().status()) || test) {
      return Optional.empty();
    }
    List<Picture> pictures = new ArrayList<>();
    for (StoredEvidence e : file.get().evidence()) {
      pictures.add(new Picture(e.mediaType(), e.sha256(), Base64.getEncoder().encodeToString(store.get(e))));
    }
    return Optional.of(new Evidence(id, pictures));
  }

  /** @param r null when there is no such case: the comparison is made all the same, against nothing */
  private static boolean samePlate(String given, CaseRecord r) {
    String normalised;
    try {
      normalised = given == null ? "" : Plate.of(given, r == null ? Plate.NL : r.country()).text();
    } catch (IllegalArgumentException e) {
      normalised = "";
    }
    byte[] recorded = (r == null ? "" : r.plate()).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(normalised.getBytes(StandardCharsets.UTF_8), recorded) && r != null;
  }
}
