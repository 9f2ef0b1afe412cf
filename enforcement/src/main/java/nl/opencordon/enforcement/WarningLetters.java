package nl.opencordon.enforcement;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Phase;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.ZoneDefinition;
import nl.opencordon.enforcement.cases.CaseRecord;
import nl.opencordon.enforcement.store.CaseFile;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.enforcement.store.EnforcementRepository.Batch;
import nl.opencordon.enforcement.store.EnforcementRepository.BatchRequest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Warning letters of the warning period: approved warnings go out as a plate list for owner (NAW)
 * enrichment, never to CJIB; the enriched list comes back with names and addresses and becomes one PDF with
 * a letter per page. The addresses are not stored: they exist in the letter batch file only, which
 * retention deletes with the warning cases.
 */
public final class WarningLetters {
  static final String NAW_HEADER_CASE = "case_id";
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d-M-yyyy");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

  /** An owner's name and address from the enriched list. */
  public record Address(String caseId, String plate, String name, String street, String postcode, String city) {}

  /** The letter batch, and the rows of the enriched list that matched no warning awaiting its address. */
  public record LetterBatch(Optional<Batch> batch, List<String> unmatchedCaseIds) {}

  /** A row of the enriched list that cannot be used; nothing is printed then. */
  public static final class InvalidAddressListException extends IOException {
    public InvalidAddressListException(String message) {
      super(message);
    }
  }

  private final EnforcementRepository repository;
  private final ExportFiles files;
  private final CityLayout layout;
  private final EnforcementSettings settings;
  private final Clock clock;

  WarningLetters(EnforcementRepository repository, ExportFiles files, CityLayout layout, EnforcementSettings settings,
                 Clock clock) {
    this.repository = repository;
    this.files = files;
    this.layout = layout;
    this.settings = settings;
    this.clock = clock;
  }

  /** The plate list (CSV: case_id, plate, country) of approved warnings, for NAW enrichment. */
  public Optional<Batch> exportPlates(String officer) throws SQLException, IOException {
    Instant now = clock.instant();
    return repository.exportBatch(ExportFiles.request("NAW", "WARNING", EnforcementRepository.APPROVED,
        EnforcementRepository.NAW_REQUESTED, null, officer, now, settings.batchLimit()),
        files.writer(".csv", 1, (batchId, cases) -> plateList(cases)));
  }

  private static byte[] plateList(List<CaseFile> cases) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
        CSVFormat.DEFAULT.builder().setHeader(NAW_HEADER_CASE, "plate", "country").build())) {
      for (CaseFile f : cases) {
        csv.printRecord(f.caseId(), f.record().plate(), f.record().country());
      }
    }
    return out.toByteArray();
  }

  /**
   * Reads the enriched list (CSV with header case_id, plate, name, address, postcode, city) and prints a
   * letter for every warning in it that awaits its address. A row whose plate differs from its case's
   * stops the whole batch: the list was mixed up.
   */
  public LetterBatch printLetters(Reader enrichedCsv, String officer) throws SQLException, IOException {
    Map<String, Address> addresses = parse(enrichedCsv);
    Instant now = clock.instant();
    BatchRequest request = ExportFiles.request("LETTERS", "WARNING", EnforcementRepository.NAW_REQUESTED,
        EnforcementRepository.EXPORTED, addresses.keySet(), officer, now, settings.batchLimit());
    List<String> matched = new ArrayList<>();
    Optional<Batch> batch = repository.exportBatch(request, files.writer(".pdf", 1, (batchId, cases) -> {
      cases.forEach(c -> matched.add(c.caseId()));
      return letters(cases, addresses, now);
    }));
    List<String> unmatched = addresses.keySet().stream().filter(id -> !matched.contains(id)).sorted().toList();
    return new LetterBatch(batch, unmatched);
  }

  private static Map<String, Address> parse(Reader csv) throws IOException {
    Map<String, Address> out = new HashMap<>();
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build();
    for (CSVRecord row : format.parse(csv)) {
      List<String> missing = new ArrayList<>();
      for (String column : List.of(NAW_HEADER_CASE, "plate", "name", "address", "postcode", "city")) {
        if (!row.isMapped(column) || !row.isSet(column) || row.get(column).isBlank()) {
          missing.add(column);
        }
      }
      if (!missing.isEmpty()) {
        throw new InvalidAddressListException("line " + row.getRecordNumber() + ": missing " + missing);
      }
      out.put(row.get(NAW_HEADER_CASE), new Address(row.get(NAW_HEADER_CASE), row.get("plate"), row.get("name"),
          row.get("address"), row.get("postcode"), row.get("city")));
    }
    return out;
  }

  private byte[] letters(List<CaseFile> cases, Map<String, Address> addresses, Instant now) throws IOException {
    try (TextPdf pdf = new TextPdf(11, 15, 70, 770)) {
      for (CaseFile c : cases) {
        Address a = addresses.get(c.caseId());
        if (!samePlate(a.plate(), c.record())) {
          throw new InvalidAddressListException("case " + c.caseId() + ": the list names another plate");
        }
        pdf.page(letter(c.record(), a, now));
      }
      return pdf.bytes();
    }
  }

  private static boolean samePlate(String listed, CaseRecord r) {
    try {
      return Plate.of(listed, r.country()).text().equals(r.plate());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private List<String> letter(CaseRecord r, Address a, Instant now) {
    ZoneDefinition zone = layout.zone(r.zoneId());
    LocalDate enforcement = zone.phaseStarts().get(Phase.ENFORCEMENT);
    var local = r.observedAt().atZone(Passage.LOCAL);
    List<String> lines = new ArrayList<>(List.of(settings.municipality(), "", "", a.name(), a.street(),
        a.postcode() + "  " + a.city(), "", "", "Datum: " + DAY.format(now.atZone(Passage.LOCAL)),
        "Betreft: waarschuwing " + zone.name(), "Kenmerk: " + r.caseId(), "", "Geachte heer/mevrouw,", "",
        "Op " + DAY.format(local) + " om " + TIME.format(local) + " uur is het voertuig met kenteken "
            + Plate.of(r.plate(), r.country()).display(),
        "waargenomen in de " + zone.name() + ", op de " + r.street() + ", richting " + r.direction()
            + " (locatie " + r.locationCode() + ").",
        "Dit voertuig voldoet niet aan de toegangseisen van deze zone (regel " + r.ruleId() + ").", "",
        "Dit is een waarschuwing. U hoeft niets te betalen."));
    if (enforcement != null) {
      lines.add("Vanaf " + DAY.format(enforcement) + " krijgt u voor deze overtreding een boete.");
    }
    lines.addAll(List.of("", "Met vriendelijke groet,", "", settings.municipality()));
    return lines;
  }
}
