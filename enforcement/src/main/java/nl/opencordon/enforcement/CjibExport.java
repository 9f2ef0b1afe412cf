package nl.opencordon.enforcement;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.ZoneDefinition;
import nl.opencordon.enforcement.cases.CaseRecord;
import nl.opencordon.enforcement.store.CaseFile;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.enforcement.store.ErasureRequestRepository;
import nl.opencordon.enforcement.store.EnforcementRepository.Batch;
import nl.opencordon.enforcement.store.SignRepository;

/**
 * CJIB export batches of approved fines, and correction requests for fines a sign problem withdrew, as JSON
 * Lines: a header line naming format and version, then one line per case. The format is documented in
 * docs/cjib-export-format.md; a change of shape means a new version. An approved fine that an exemption in the
 * record now covers is deleted instead of exported.
 */
public final class CjibExport {
  public static final String FORMAT = "opencordon-cjib-export";
  public static final String CORRECTION_FORMAT = "opencordon-cjib-correction";
  public static final int VERSION = 1;

  record Header(String format, int version, String batchId, Instant createdAt, String createdBy,
                String municipality, int records) {}

  record Place(String zoneId, String zoneName, String locationCode, String street, String direction,
               String cameraId, String source) {}

  record Officer(String id, Instant reviewedAt) {}

  record Evidence(String ref, String sha256, String mediaType) {}

  record Offence(String caseId, String offenceCode, String ruleId, String plate, String plateDisplay, String country,
                 Instant observedAt, OffsetDateTime localTime, Place place, String observation, String reason,
                 JsonNode vehicle, Officer officer, List<Evidence> evidence) {}

  record CorrectionHeader(String format, int version, String batchId, Instant createdAt, String createdBy,
                          String municipality, long signProblemId, String gateId, Instant problemFrom,
                          Instant doubtFrom, int records) {}

  record Correction(String action, String caseId, String exportBatchId, Instant observedAt, String locationCode) {}

  private final EnforcementRepository repository;
  private final ExportFiles files;
  private final LateExemptions exemptions;
  private final ErasureRequestRepository erasureRequests;
  private final CityLayout layout;
  private final EnforcementSettings settings;
  private final Clock clock;

  CjibExport(EnforcementRepository repository, ExportFiles files, LateExemptions exemptions,
             ErasureRequestRepository erasureRequests, CityLayout layout, EnforcementSettings settings, Clock clock) {
    this.erasureRequests = erasureRequests;
    this.repository = repository;
    this.files = files;
    this.exemptions = exemptions;
    this.layout = layout;
    this.settings = settings;
    this.clock = clock;
  }

  /** Exports all approved fines (up to the batch limit) as one batch; empty when there were none. */
  public Optional<Batch> export(String officer) throws SQLException, IOException {
    layout.zones().forEach(zone -> settings.offenceCode(zone.regime()));   // refuse before anything is marked
    Instant now = clock.instant();
    return repository.exportBatch(ExportFiles.request("CJIB", "FINE", EnforcementRepository.APPROVED,
        EnforcementRepository.EXPORTED, notExempt(), officer, now, settings.batchLimit()), files.writer(".jsonl", VERSION,
        (batchId, cases) -> render(batchId, now, officer, cases)));
  }

  /**
   * The approved fines a batch may take, once those an exemption now covers are deleted; not those a pending
   * erasure request would withdraw.
   */
  private Set<String> notExempt() throws SQLException {
    Set<String> candidates = new LinkedHashSet<>();
    for (String caseId : repository.oldest("FINE", EnforcementRepository.APPROVED, settings.batchLimit())) {
      Optional<CaseFile> file = repository.find(caseId);
      if (file.isPresent() && !erasureRequests.pendingFor(caseId) && exemptions.eraseIfCovered(file.get().record(),
          Set.of(EnforcementRepository.APPROVED), "before the CJIB export").isEmpty()) {
        candidates.add(caseId);
      }
    }
    return candidates;
  }

  private byte[] render(String batchId, Instant now, String officer, List<CaseFile> cases) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    line(out, new Header(FORMAT, VERSION, batchId, now, officer, settings.municipality(), cases.size()));
    for (CaseFile f : cases) {
      line(out, offence(f));
    }
    return out.toByteArray();
  }

  private Offence offence(CaseFile f) throws IOException {
    CaseRecord r = f.record();
    ZoneDefinition zone = layout.zone(r.zoneId());
    return new Offence(r.caseId(), settings.offenceCode(zone.regime()), r.ruleId(), r.plate(),
        Plate.of(r.plate(), r.country()).display(), r.country(), r.observedAt(),
        r.observedAt().atZone(Passage.LOCAL).toOffsetDateTime(),
        new Place(zone.id(), zone.name(), r.locationCode(), r.street(), r.direction(), r.cameraId(), r.source()),
        r.observationText(), r.reason(), Json.MAPPER.readTree(r.vehicleFactsJson()),
        new Officer(f.reviewedBy(), f.reviewedAt()),
        f.evidence().stream().map(e -> new Evidence(e.ref(), e.sha256(), e.mediaType())).toList());
  }

  /** Writes the correction request of a sign problem; the cases in it are already erased. */
  Batch writeCorrection(SignRepository.SignProblem problem, List<SignRepository.Correction> corrections,
                        String createdBy) throws IOException, SQLException {
    Instant now = clock.instant();
    String batchId = ExportFiles.newBatchId("correction", now);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    line(out, new CorrectionHeader(CORRECTION_FORMAT, VERSION, batchId, now, createdBy, settings.municipality(),
        problem.id(), problem.gateId(), problem.problemFrom(), problem.doubtFrom(), corrections.size()));
    for (SignRepository.Correction c : corrections) {
      line(out, new Correction("WITHDRAW", c.caseId(), c.exportBatchId(), c.observedAt(), c.locationCode()));
    }
    var file = files.write(batchId + ".jsonl", VERSION, out.toByteArray());
    Batch batch = new Batch(batchId, "CORRECTION", VERSION, file.fileName(), file.sha256(), corrections.size(),
        createdBy, now, null);
    repository.insertBatch(batch);
    return batch;
  }

  private static void line(ByteArrayOutputStream out, Object value) throws IOException {
    out.write(Json.MAPPER.writeValueAsString(value).getBytes(StandardCharsets.UTF_8));
    out.write('\n');
  }
}
