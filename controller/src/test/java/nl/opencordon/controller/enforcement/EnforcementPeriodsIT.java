package nl.opencordon.controller.enforcement;

import nl.opencordon.enforcement.*;
import static nl.opencordon.controller.enforcement.EnforcementCity.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.imageio.ImageIO;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Plate;
import nl.opencordon.enforcement.store.CaseFile;
import nl.opencordon.enforcement.store.EnforcementRepository.Batch;
import nl.opencordon.enforcement.store.SignRepository;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The warning period's letters and sign problems at a gate, on a real controller and PostgreSQL. */
class EnforcementPeriodsIT extends WithEnforcementCity {
  @Test
  void warningsBecomeOneLetterPerIntervalViaNawEnrichmentAndNeverGoToCjib() throws Exception {
    Plate plate = city.van("WB-001-B");
    city.pass("zw-1", plate, local("2025-02-03T09:10"));
    city.pass("zw-1", plate, local("2025-02-20T09:10")); // inside the 28-day warning interval: no second letter
    CaseFile warning = city.openCaseOf(plate);
    assertEquals("WARNING", warning.record().kind());
    assertEquals(List.of(warning.caseId()), city.caseIdsOf(plate));
    city.enforcement().review().approve(warning.caseId(), "boa-w");
    assertTrue(city.enforcement().cjib().export("boa-w").stream()
        .noneMatch(b -> city.batchText(b).contains(warning.caseId())), "a warning went to CJIB");

    Batch naw = city.enforcement().letters().exportPlates("boa-w").orElseThrow();
    List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
        .parse(new StringReader(city.batchText(naw))).getRecords();
    CSVRecord row = rows.stream().filter(r -> r.get("case_id").equals(warning.caseId())).findFirst().orElseThrow();
    assertEquals("WB001B", row.get("plate"));

    String enriched = "case_id,plate,name,address,postcode,city\n" + warning.caseId()
        + ",WB-001-B,J. de Vries,Oudegracht 12,3511 AB,Utrecht\nunknown-case,XX-99-XX,Niemand,Nergens 1,0000 AA,Nergens\n";
    WarningLetters.LetterBatch letters = city.enforcement().letters().printLetters(new StringReader(enriched), "boa-w");
    assertEquals(List.of("unknown-case"), letters.unmatchedCaseIds());
    Path pdf = city.exportDir.resolve(letters.batch().orElseThrow().fileName());
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      assertEquals(1, doc.getNumberOfPages());
      String text = new PDFTextStripper().getText(doc);
      assertTrue(text.contains("J. de Vries") && text.contains("WB-001-B") && text.contains("Amsterdamsestraatweg")
          && text.contains("3-2-2025 om 09:10") && text.contains("Vanaf 1-1-2030"), text);
      BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 60);
      ImageIO.write(page, "png", Path.of("target", "warning-letter-page1.png").toFile());
      assertTrue(darkPixels(page) > 500, "the rendered letter is blank");
    }
    assertEquals(List.of("EXPORTED"), city.query("SELECT status FROM cases WHERE case_id = '" + warning.caseId() + "'"));
    // No address is stored anywhere but in the letter file.
    assertEquals(List.of(), city.query("SELECT c.case_id FROM cases c WHERE c::text LIKE '%de Vries%'"));
  }

  @Test
  void aSignProblemSuspendsTheWholeZoneAndWithdrawsTheDoubtPeriodWithACorrectionForCjib() throws Exception {
    Instant problemAt = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    Plate beforeSchouw = city.van("SG-001-B");
    Plate sentToCjib = city.van("SG-002-B");
    Plate open = city.van("SG-003-B");
    Plate duringProblem = city.van("SG-004-B");
    Plate afterRepair = city.van("SG-005-B");
    Plate otherGate = city.van("SG-006-B");
    Plate otherGateDuringProblem = city.van("SG-007-B");
    city.pass("sg-1", beforeSchouw, problemAt.minus(Duration.ofHours(5)));
    city.enforcement().signs().inspect("sg-in", problemAt.minus(Duration.ofHours(3)), "schouwer", true, "borden in orde");
    city.pass("sg-1", sentToCjib, problemAt.minus(Duration.ofHours(2)));
    city.pass("sg-1", open, problemAt.minus(Duration.ofHours(1)));
    String keptId = city.openCaseOf(beforeSchouw).caseId();
    String sentId = city.openCaseOf(sentToCjib).caseId();
    city.enforcement().review().approve(keptId, "boa-s");
    city.enforcement().review().approve(sentId, "boa-s");
    Batch cjib = city.enforcement().cjib().export("boa-s").orElseThrow();
    city.openCaseOf(open);
    city.pass("ze-1", otherGate, problemAt.minus(Duration.ofMinutes(30)));
    city.openCaseOf(otherGate);

    long otherZoneSuspended = city.gateStatus("zw-in").suspended();
    SignProblems.Report report = city.enforcement().signs().report("sg-in", problemAt, "C22a-bord beklad", "ops-1");

    assertEquals(problemAt.minus(Duration.ofHours(3)), report.problem().doubtFrom(), "doubt since the last good schouw");
    assertEquals(2, report.withdrawn(), "the doubt period's open cases at every gate of the zone");
    assertEquals(List.of(), city.caseIdsOf(otherGate));
    assertEquals(List.of(), city.caseIdsOf(open));
    assertEquals(List.of(sentId), city.caseIdsOf(sentToCjib), "a fine with CJIB went without a second person");
    ErasureRequests.Decision confirmed = city.enforcement().erasureRequests()
        .confirm(report.awaitingSecondPerson().orElseThrow().id(), "boa-s");
    assertEquals(1, confirmed.withdrawn());
    assertEquals(List.of(), city.caseIdsOf(sentToCjib));
    assertEquals(List.of(keptId), city.caseIdsOf(beforeSchouw));
    List<String> correction = Files.readAllLines(city.exportDir.resolve(confirmed.correction().orElseThrow().fileName()));
    JsonNode header = Json.MAPPER.readTree(correction.get(0));
    assertEquals(CjibExport.CORRECTION_FORMAT, header.get("format").asText());
    assertEquals(1, header.get("records").asInt());
    JsonNode line = Json.MAPPER.readTree(correction.get(1));
    assertEquals(sentId, line.get("caseId").asText());
    assertEquals(cjib.batchId(), line.get("exportBatchId").asText());
    assertTrue(correction.stream().noneMatch(l -> l.contains(sentToCjib.text())), "a correction carries no plate");

    city.pass("sg-1", duringProblem, problemAt.plus(Duration.ofMinutes(10)));
    city.pass("ze-1", otherGateDuringProblem, problemAt.plus(Duration.ofMinutes(20)));
    assertEquals(1, city.gateStatus("sg-in").suspended());
    assertEquals(1, city.gateStatus("ze-in").suspended(), "a sign problem suspends the whole zone");
    assertEquals(otherZoneSuspended, city.gateStatus("zw-in").suspended(), "another zone was suspended");
    city.awaitProjected();
    assertEquals(List.of(), city.caseIdsOf(duringProblem));
    assertEquals(List.of(), city.caseIdsOf(otherGateDuringProblem));

    assertTrue(city.enforcement().signs().resolve(report.problem().id()));
    city.pass("sg-1", afterRepair, Instant.now().plusSeconds(60));
    city.openCaseOf(afterRepair);
    assertEquals(1, city.gateStatus("sg-in").suspended());
  }

  @Test
  void aSchouwThatFindsTheSignsNotInOrderSuspendsTheZoneAsAReportedProblemDoes() throws Exception {
    Plate before = city.van("SC-001-B");
    Plate during = city.van("SC-002-B");
    Instant inspectedAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    city.pass("zw-1", before, inspectedAt.minus(Duration.ofHours(1)));
    city.openCaseOf(before);

    city.enforcement().signs().inspect("zw-in", inspectedAt, "schouwer", false, "bord omgewaaid");

    SignRepository.SignProblem problem = city.enforcement().signs().problems("zw-in").get(0);
    assertEquals(inspectedAt, problem.problemFrom());
    assertEquals("schouwer", problem.reportedBy());
    assertEquals(List.of(), city.caseIdsOf(before), "the doubt period's case stayed");
    city.pass("zw-1", during, inspectedAt.plus(Duration.ofMinutes(10)));
    assertEquals(1, city.gateStatus("zw-in").suspended());
    city.awaitProjected();
    assertEquals(List.of(), city.caseIdsOf(during));
    city.enforcement().signs().resolveAll("zw-in");
  }

  private static int darkPixels(BufferedImage img) {
    int dark = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xff) < 128) {
          dark++;
        }
      }
    }
    return dark;
  }
}
