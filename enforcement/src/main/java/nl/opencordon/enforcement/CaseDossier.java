package nl.opencordon.enforcement;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import nl.opencordon.domain.ImageFormat;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.RuleSources;
import nl.opencordon.enforcement.cases.CaseRecord;
import nl.opencordon.enforcement.store.CaseFile;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.enforcement.store.EvidenceStore;
import nl.opencordon.enforcement.store.LawfulRepository;
import nl.opencordon.enforcement.store.OutcomeRepository;
import nl.opencordon.enforcement.store.SignRepository;
import nl.opencordon.enforcement.store.StoredEvidence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dossier of one case for the CVOM or a court: a PDF with every part of the evidence chain (pictures with
 * their SHA-256, time and place, observation text, the RDW facts the verdict used and their source, the rule and
 * its legal source, the signs and the last schouw before the passage, the site's approval, the review trail, the
 * exemptions checked, the outcomes), and a ZIP with the PDF and the original pictures. Made on request only;
 * the route writes the access log first. A picture that no longer matches its recorded SHA-256 gives no dossier
 * at all but an {@link AlteredPictureException}, logged as an integrity incident.
 */
public final class CaseDossier {
  private static final Logger log = LoggerFactory.getLogger(CaseDossier.class);
  /** The PDF's section titles, in order; the tests look for each. */
  static final List<String> PARTS = List.of("1. Zaak", "2. Tijd en plaats", "3. Tweede waarneming",
      "4. Foto's (originelen in de ZIP)", "5. Voertuiggegevens (RDW)", "6. Regel en wettelijke grondslag",
      "7. Bebording en schouw", "8. Goedkeuring van de locatie", "9. Beoordeling (wie, wanneer, vier ogen)",
      "10. Gecontroleerde ontheffingen", "11. Uitkomsten");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");
  private static final int WIDTH = 95;
  private static final int LINES_PER_PAGE = 58;

  public record Files(byte[] pdf, byte[] zip) {}

  /** No dossier, because a picture of the case was altered in storage; the message is for the officer (Dutch). */
  public static final class AlteredPictureException extends Exception {
    AlteredPictureException(String caseId, int picture) {
      super("Foto " + picture + " van zaak " + caseId + " komt niet meer overeen met de SHA-256 die bij de "
          + "vastlegging is berekend; van deze zaak kan geen dossier worden gemaakt. Het voorval is als "
          + "integriteitsincident gelogd; meld het bij de functioneel beheerder.");
    }
  }

  private final EnforcementRepository cases;
  private final EvidenceStore evidence;
  private final SignRepository signs;
  private final LawfulRepository lawful;
  private final LateExemptions exemptions;
  private final OutcomeRepository outcomes;
  private final Map<String, String> gateOfCamera;
  private final Set<String> fourEyesZones;
  private final Clock clock;

  CaseDossier(EnforcementRepository cases, EvidenceStore evidence, SignRepository signs, LawfulRepository lawful,
              LateExemptions exemptions, OutcomeRepository outcomes, Map<String, String> gateOfCamera,
              Set<String> fourEyesZones, Clock clock) {
    this.cases = cases;
    this.evidence = evidence;
    this.signs = signs;
    this.lawful = lawful;
    this.exemptions = exemptions;
    this.outcomes = outcomes;
    this.gateOfCamera = gateOfCamera;
    this.fourEyesZones = fourEyesZones;
    this.clock = clock;
  }

  /**
   * The dossier of a case that is still there; empty when it is not (dismissed, withdrawn, expired).
   *
   * @throws AlteredPictureException when a picture of the case no longer matches its recorded SHA-256
   */
  public Optional<Files> make(String caseId, String madeBy) throws SQLException, IOException, AlteredPictureException {
    Optional<CaseFile> found = cases.find(caseId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    CaseFile file = found.get();
    List<byte[]> pictures = new ArrayList<>();
    for (StoredEvidence e : file.evidence()) {
      try {
        pictures.add(evidence.get(e));
      } catch (EvidenceStore.AlteredEvidenceException altered) {
        // The case id and the store's reference only: the plate stays out of the log.
        log.error("Integrity incident: picture {} ({}) of case {} no longer matches its recorded SHA-256; "
            + "dossier refused to {}", pictures.size() + 1, e.ref(), caseId, madeBy);
        throw new AlteredPictureException(caseId, pictures.size() + 1);
      }
    }
    byte[] pdf = pdf(text(file, pictures, madeBy), file.evidence(), pictures);
    return Optional.of(new Files(pdf, zip(file, pictures, pdf)));
  }

  private List<String> text(CaseFile file, List<byte[]> pictures, String madeBy) throws SQLException, IOException {
    CaseRecord r = file.record();
    String gate = gateOfCamera.getOrDefault(r.cameraId(), "?");
    Instant at = r.observedAt();
    List<String> out = new ArrayList<>();
    out.add("Dossier van zaak " + r.caseId());
    out.add("Gemaakt " + time(clock.instant()) + " door " + madeBy + "; dit verzoek staat in het toegangslogboek.");
    section(out, 0);
    out.add("Zaaknummer: " + r.caseId() + "   soort: " + r.kind() + "   status: " + r.status());
    out.add("Kenteken: " + Plate.of(r.plate(), r.country()).display() + " (" + r.country() + ")   zone: " + r.zoneId());
    section(out, 1);
    out.add("Tijd (lokaal): " + time(at));
    out.add("Locatie: " + r.locationCode() + ", " + r.street() + ", richting " + r.direction()
        + (r.position() == null ? "" : "   positie " + r.position().lat() + ", " + r.position().lon()));
    out.add("Camera: " + r.cameraId() + "   poort: " + gate + "   bron: " + r.source()
        + (r.readConfidence() == null ? "" : "   leeszekerheid: " + r.readConfidence()));
    section(out, 2);
    out.add(r.observationText());
    section(out, 3);
    for (int i = 0; i < file.evidence().size(); i++) {
      StoredEvidence e = file.evidence().get(i);
      out.add("Foto " + (i + 1) + " (" + e.mediaType() + ", " + pictures.get(i).length + " bytes, in de ZIP als "
          + pictureName(i, e) + (ImageFormat.isImage(e.mediaType()) ? "; afgebeeld achteraan" : "") + ")");
      out.add("  SHA-256 bij vastlegging: " + e.sha256());
      // The store gives no picture that differs (make refuses the dossier then), so the sum is equal here.
      out.add("  SHA-256 nu berekend:     " + StoredEvidence.sha256(pictures.get(i)) + "  (gelijk)");
    }
    if (file.evidence().isEmpty()) {
      out.add("Geen foto bij deze zaak.");
    }
    section(out, 4);
    out.add("Bron: RDW Open Data (kentekenregister), zoals opgevraagd voor de beslissing van " + time(at)
        + "; vastgelegd in de zaak, later niet gewijzigd.");
    JsonNode facts = Json.MAPPER.readTree(r.vehicleFactsJson());
    for (Iterator<Map.Entry<String, JsonNode>> it = facts.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!f.getKey().equals("plate")) {
        out.add("  " + f.getKey() + ": " + (f.getValue().isValueNode() ? f.getValue().asText() : f.getValue()));
      }
    }
    if (r.seenCategory() != null) {
      out.add("  door de camera gezien: " + r.seenCategory());
    }
    section(out, 5);
    out.add("Regel " + r.ruleId() + ": " + RuleSources.dutch(r.ruleId()).orElse(r.reason()));
    out.add("Grondslag: " + RuleSources.of(r.ruleId()));
    out.add("Redenering bij de beslissing: " + r.reason());
    section(out, 6);
    List<SignRepository.SignProblem> problems = signs.problems(gate).stream()
        .filter(p -> !p.doubtFrom().isAfter(at) && (p.resolvedAt() == null || p.resolvedAt().isAfter(at))).toList();
    out.add(problems.isEmpty() ? "Geen bordprobleem gemeld bij poort " + gate + " op het moment van de passage."
        : "Bordprobleem bij poort " + gate + " op dat moment: " + problems.get(0).description()
            + " (gemeld " + time(problems.get(0).reportedAt()) + ")");
    Optional<SignRepository.Inspection> schouw = signs.inspections(gate).stream()
        .filter(i -> i.inspectedAt().isBefore(at)).findFirst();
    out.add(schouw.map(i -> "Laatste schouw voor de passage: " + time(i.inspectedAt()) + " door " + i.inspector()
        + ", borden " + (i.signsOk() ? "in orde" : "NIET in orde") + (i.notes().isBlank() ? "" : ": " + i.notes()))
        .orElse("Geen schouw van poort " + gate + " voor de passage vastgelegd."));
    section(out, 7);
    out.add(lawful.approval(r.cameraId(), r.locationCode()).map(a -> "Camera " + a.cameraId() + " op " + a.locationCode()
        + " goedgekeurd door het CVOM: kenmerk " + a.reference() + ", vastgelegd " + time(a.approvedAt()) + " door "
        + a.approvedBy()).orElse("Geen goedkeuring van camera " + r.cameraId() + " op " + r.locationCode()
        + " vastgelegd (testzaak)."));
    section(out, 8);
    boolean fourEyes = fourEyesZones.contains(r.zoneId());
    out.add("Vier ogen in zone " + r.zoneId() + ": " + (fourEyes ? "ja" : "nee"));
    if (file.firstApprovedBy() != null) {
      out.add("Eerste goedkeuring: " + file.firstApprovedBy());
    }
    out.add(file.reviewedBy() == null ? "Nog niet beoordeeld."
        : "Goedgekeurd door " + file.reviewedBy() + " op " + time(file.reviewedAt()));
    if (file.exportBatchId() != null) {
      out.add("Verzonden in batch " + file.exportBatchId() + " op " + time(file.exportedAt()));
    }
    section(out, 9);
    out.add("Het ontheffingsregister (zone " + r.zoneId() + ", kenteken, tijdstip " + time(at) + ") is geraadpleegd "
        + "bij de beslissing, na de wachttijd van de zone, bij goedkeuring en bij de CJIB-export; een dekkende "
        + "ontheffing had de zaak verwijderd.");
    out.add("Nu opnieuw (" + time(clock.instant()) + "): " + exemptions.covering(r)
        .map(x -> "ONTHEFFING " + x.id() + " dekt deze passage").orElse("geen ontheffing die deze passage dekt") + ".");
    section(out, 10);
    List<OutcomeRepository.Outcome> decided = outcomes.ofCase(r.caseId());
    if (decided.isEmpty()) {
      out.add("Geen bezwaar of beroep vastgelegd.");
    }
    decided.forEach(o -> out.add(o.outcome() + " " + o.result() + ", vastgelegd " + time(o.recordedAt()) + " door "
        + o.recordedBy() + " (" + o.source() + ")"));
    return out;
  }

  private static void section(List<String> out, int part) {
    out.add("");
    out.add(PARTS.get(part));
  }

  private static String time(Instant at) {
    return at.atZone(Passage.LOCAL).format(TIME);
  }

  private static String pictureName(int i, StoredEvidence e) {
    return "foto-" + (i + 1) + (e.mediaType().equals("image/png") ? ".png" : e.mediaType().equals("image/jpeg")
        ? ".jpg" : ".svg");
  }

  /** A4 pages of wrapped lines, then a page per camera picture (JPEG, PNG; a placeholder is only in the ZIP). */
  private static byte[] pdf(List<String> text, List<StoredEvidence> evidence, List<byte[]> pictures)
      throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line : text) {
      lines.addAll(TextPdf.wrap(line, WIDTH, "    "));
    }
    try (TextPdf pdf = new TextPdf(9.5f, 12.5f, 50, 800)) {
      for (int from = 0; from < lines.size(); from += LINES_PER_PAGE) {
        pdf.page(lines.subList(from, Math.min(lines.size(), from + LINES_PER_PAGE)));
      }
      for (int i = 0; i < pictures.size(); i++) {
        if (ImageFormat.isImage(evidence.get(i).mediaType())) {
          pdf.picture("Foto " + (i + 1) + ", SHA-256 " + evidence.get(i).sha256(), pictures.get(i));
        }
      }
      return pdf.bytes();
    }
  }

  /** The PDF, the original pictures byte for byte, and their SHA-256 sums as {@code sha256sum -c} reads them. */
  private static byte[] zip(CaseFile file, List<byte[]> pictures, byte[] pdf) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringBuilder sums = new StringBuilder();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      entry(zip, "dossier.pdf", pdf);
      for (int i = 0; i < pictures.size(); i++) {
        String name = pictureName(i, file.evidence().get(i));
        entry(zip, name, pictures.get(i));
        sums.append(file.evidence().get(i).sha256()).append("  ").append(name).append('\n');
      }
      entry(zip, "SHA256SUMS", sums.toString().getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }
}
