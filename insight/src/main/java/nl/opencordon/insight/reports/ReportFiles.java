package nl.opencordon.insight.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.opencordon.insight.quality.QualityRates;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import nl.opencordon.domain.PrintableText;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** A management report as CSV (one row per figure, for spreadsheets) and as PDF (for the council). */
public final class ReportFiles {
  private ReportFiles() {}

  private static final String[] HEADER = {"section", "subject", "figure", "value"};
  private static final Map<QualityRates.By, String> DIMENSION = Map.of(QualityRates.By.ZONE, "zone",
      QualityRates.By.RULE, "regel", QualityRates.By.GATE, "poort", QualityRates.By.CAMERA, "camera");

  public static String csv(ReportData r) {
    StringWriter out = new StringWriter();
    try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER).build())) {
      csv.printRecord("report", "month", "month", r.month());
      csv.printRecord("report", "availability", "target", r.target());
      for (ReportData.Device d : r.devices()) {
        String subject = d.kind() + " " + d.deviceId();
        csv.printRecord("device", subject, "availability", d.availability().map(a -> fmt(a, 5)).orElse(""));
        csv.printRecord("device", subject, "meets_target", d.meetsTarget(r.target()));
        csv.printRecord("device", subject, "incidents", d.incidents());
        csv.printRecord("device", subject, "incident_minutes", d.incidentMinutes());
        if (d.kind().equals("camera")) {
          csv.printRecord("device", subject, "passages", d.passages());
          csv.printRecord("device", subject, "low_confidence_share", fmt(d.lowConfidenceShare(), 4));
          csv.printRecord("device", subject, "unreadable_share", fmt(d.unreadableShare(), 4));
        }
      }
      for (ReportData.Incident i : r.incidents()) {
        csv.printRecord("incident", i.kind() + " " + i.deviceId(), i.type() + " " + i.startedAt()
            + (i.open() ? " open" : ""), i.minutes());
      }
      for (ReportData.ZoneOutcome z : r.zones()) {
        csv.printRecord(z.deletion() ? "deletion" : "case", "zone " + z.zoneId(), z.outcome(), z.count());
      }
      csv.printRecord("deletion", "all zones", "cases_deleted", r.deletedCases());
      for (ReportData.Quality q : r.quality()) {
        String subject = q.by().name().toLowerCase(Locale.ROOT) + " " + q.rate().key();
        QualityRates.Rate x = q.rate();
        csv.printRecord("quality", subject, "cases", x.cases());
        csv.printRecord("quality", subject, "dismissed", x.dismissed());
        for (Map.Entry<String, Long> reason : x.dismissedBy().entrySet()) {
          csv.printRecord("quality", subject, "dismissed:" + reason.getKey(), reason.getValue());
        }
        csv.printRecord("quality", subject, "withdrawn", x.withdrawn());
        csv.printRecord("quality", subject, "objections", x.objections());
        csv.printRecord("quality", subject, "objections_upheld", x.objectionsUpheld());
        csv.printRecord("quality", subject, "appeals", x.appeals());
        csv.printRecord("quality", subject, "appeals_upheld", x.appealsUpheld());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static String fmt(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * v);
  }

  /** Lines of the PDF, in Dutch as the council reads it. */
  static List<String> lines(ReportData r, ZoneId zone) {
    List<String> lines = new ArrayList<>();
    lines.add("Managementrapportage cordon controller - " + r.month());
    lines.add("Gemaakt op " + r.madeAt().atZone(zone).toLocalDateTime().withNano(0) + ", norm beschikbaarheid "
        + pct(r.target()));
    lines.add("");
    lines.add("Camera's en borden: beschikbaarheid, storingen, passages, leeskwaliteit");
    for (ReportData.Device d : r.devices()) {
      String figures = String.format(Locale.ROOT, "%-8s %-14s %9s %-11s storingen %3d (%5d min)", d.kind(),
          d.deviceId(), d.availability().map(ReportFiles::pct).orElse("onbekend"),
          d.meetsTarget(r.target()) ? "norm gehaald" : "onder norm", d.incidents(), d.incidentMinutes());
      if (d.kind().equals("camera")) {
        figures += String.format(Locale.ROOT, "  passages %8d  onzeker %s  onleesbaar %s", d.passages(),
            pct(d.lowConfidenceShare()), pct(d.unreadableShare()));
      }
      lines.add(figures);
    }
    lines.add("");
    lines.add("Storingen en meldingen (minuten binnen de maand)");
    for (ReportData.Incident i : r.incidents()) {
      lines.add(String.format(Locale.ROOT, "%-16s %-8s %-14s vanaf %s  %6d min%s", i.type(), i.kind(), i.deviceId(),
          i.startedAt().atZone(zone).toLocalDateTime().withNano(0), i.minutes(), i.open() ? " (nog open)" : ""));
    }
    lines.add("");
    lines.add("Zaken per zone naar uitkomst; verwijderd naar reden");
    for (ReportData.ZoneOutcome z : r.zones()) {
      lines.add(String.format(Locale.ROOT, "%-14s %-10s %-40s %8d", z.zoneId(), z.deletion() ? "verwijderd" : "zaak",
          z.outcome(), z.count()));
    }
    lines.add(String.format(Locale.ROOT, "Verwijderde zaken deze maand (alle zones): %d", r.deletedCases()));
    lines.add("");
    lines.add("Kwaliteit van de beslissingen (zaken van deze maand): afgewezen door de BOA en waarom, ingetrokken, "
        + "bezwaar en beroep gegrond");
    for (ReportData.Quality q : r.quality()) {
      QualityRates.Rate x = q.rate();
      lines.add(String.format(Locale.ROOT, "%-7s %-14s zaken %6d  afgewezen %5d (%s)  ingetrokken %4d  bezwaar %3d "
              + "gegrond %3d (%s)  beroep %3d gegrond %3d  %s", DIMENSION.get(q.by()), x.key(), x.cases(), x.dismissed(),
          pct(x.dismissedShare()), x.withdrawn(), x.objections(), x.objectionsUpheld(),
          pct(x.objectionsUpheldShare()), x.appeals(), x.appealsUpheld(), x.dismissedBy()));
    }
    return lines;
  }

  /** Whether Courier's encoding has the code point (configured names may hold any letter). */
  private static boolean drawable(PDType1Font font, int codePoint) {
    try {
      font.encode(Character.toString(codePoint));
      return true;
    } catch (IllegalArgumentException | IOException e) {
      return false;
    }
  }

  public static byte[] pdf(ReportData r, ZoneId zone) {
    PDType1Font font = new PDType1Font(Standard14Fonts.FontName.COURIER);
    float size = 7;
    float leading = 9;
    PDRectangle a4 = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth()); // landscape
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      List<String> lines = lines(r, zone);
      int perPage = (int) ((a4.getHeight() - 60) / leading);
      for (int start = 0; start < lines.size(); start += perPage) {
        PDPage page = new PDPage(a4);
        doc.addPage(page);
        try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
          s.beginText();
          s.setFont(font, size);
          s.setLeading(leading);
          s.newLineAtOffset(30, a4.getHeight() - 30);
          for (String line : lines.subList(start, Math.min(lines.size(), start + perPage))) {
            s.showText(PrintableText.line(line, cp -> drawable(font, cp)));
            s.newLine();
          }
          s.endText();
        }
      }
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
