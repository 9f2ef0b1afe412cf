package nl.opencordon.enforcement;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Passage;
import nl.opencordon.enforcement.store.SignRepository;
import nl.opencordon.enforcement.store.SignRepository.Inspection;

/**
 * The schouw proces-verbaal: the month's sign inspections per gate, as the PDF that goes to the CVOM. One
 * section per gate (all gates, or one), each with its cameras' sites, every inspection of the month and a
 * count of those that found the signs not in order; a gate without an inspection that month says so.
 */
public final class SchouwReport {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d-M-yyyy HH:mm");
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.forLanguageTag("nl"));
  private static final int LINES_PER_PAGE = 46;
  private static final int WRAP = 95;

  private final SignRepository signs;
  private final CityLayout layout;
  private final EnforcementSettings settings;
  private final Clock clock;

  SchouwReport(SignRepository signs, CityLayout layout, EnforcementSettings settings, Clock clock) {
    this.signs = signs;
    this.layout = layout;
    this.settings = settings;
    this.clock = clock;
  }

  /** @param gateId null for every gate */
  public byte[] pdf(YearMonth month, String gateId, String drawnUpBy) throws SQLException, IOException {
    List<CityLayout.Gate> gates = gateId == null ? layout.gates() : List.of(layout.gate(gateId));
    List<String> lines = new ArrayList<>(List.of("Proces-verbaal van schouw: bebording handhavingscamera's",
        "Gemeente: " + settings.municipality(), "Maand: " + MONTH.format(month), ""));
    for (CityLayout.Gate gate : gates) {
      lines.addAll(section(gate, month));
    }
    lines.addAll(List.of("", "Opgemaakt op " + WHEN.format(clock.instant().atZone(Passage.LOCAL)) + " door "
        + drawnUpBy + ".", "", "Handtekening:"));
    return render(lines);
  }

  private List<String> section(CityLayout.Gate gate, YearMonth month) throws SQLException {
    List<String> lines = new ArrayList<>();
    lines.add("Poort " + gate.id() + " (" + layout.zone(gate.zoneId()).name() + ")");
    layout.cameras().stream().filter(c -> c.gateId().equals(gate.id())).forEach(c -> lines.add("  camera " + c.id()
        + ": " + c.site().locationCode() + ", " + c.site().street() + ", richting " + c.site().direction()));
    List<Inspection> inMonth = signs.inspections(gate.id()).stream()
        .filter(i -> YearMonth.from(i.inspectedAt().atZone(Passage.LOCAL)).equals(month))
        .sorted(Comparator.comparing(Inspection::inspectedAt)).toList();
    if (inMonth.isEmpty()) {
      lines.add("  Geen schouw in deze maand.");
    }
    for (Inspection i : inMonth) {
      String line = "  " + WHEN.format(i.inspectedAt().atZone(Passage.LOCAL)) + "  " + i.inspector() + "  "
          + (i.signsOk() ? "in orde" : "NIET IN ORDE") + (i.notes().isBlank() ? "" : ": " + i.notes());
      lines.addAll(TextPdf.wrap(line, WRAP, "      "));
    }
    lines.add("  Schouwen: " + inMonth.size() + ", waarvan niet in orde: "
        + inMonth.stream().filter(i -> !i.signsOk()).count());
    lines.add("");
    return lines;
  }

  private static byte[] render(List<String> lines) throws IOException {
    try (TextPdf pdf = new TextPdf(10, 16, 60, 780)) {
      for (int start = 0; start < lines.size(); start += LINES_PER_PAGE) {
        pdf.page(lines.subList(start, Math.min(lines.size(), start + LINES_PER_PAGE)));
      }
      return pdf.bytes();
    }
  }
}
