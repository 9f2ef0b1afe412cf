package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import nl.opencordon.domain.Passage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The monthly sign inspection (schouw) log on PostgreSQL, and its proces-verbaal for the CVOM. */
class SchouwLogIT {
  @Test
  void theSchouwLogKeepsEveryInspectionPerGate() throws Exception {
    try (EnforcementOnDatabase chain = new EnforcementOnDatabase()) {
      SignProblems signs = chain.enforcement.signs();
      Instant at = Instant.parse("2025-06-02T08:00:00Z");
      signs.inspect("ze-in", at, "schouwer", true, "juni: alle borden in orde");
      signs.inspect("ze-in", at.plus(Duration.ofDays(30)), "schouwer", false, "juli: bord C22a scheef");
      assertEquals(List.of(false, true), signs.inspections("ze-in").stream().map(i -> i.signsOk()).toList());
      assertEquals(List.of(), signs.inspections("ze-scan"));
    }
  }

  @Test
  void theSchouwProcesVerbaalListsTheMonthsInspectionsPerGate() throws Exception {
    try (EnforcementOnDatabase chain = new EnforcementOnDatabase()) {
      SignProblems signs = chain.enforcement.signs();
      signs.inspect("ze-in", local("2025-06-02T10:15"), "schouwer-a", true, "borden in orde");
      signs.inspect("ze-in", local("2025-06-30T23:30"), "schouwer-b", false, "C22a-bord beklad");
      signs.inspect("ze-in", local("2025-07-01T09:00"), "schouwer-a", true, "juli: hersteld");

      byte[] pdf = chain.enforcement.lawful().schouw().pdf(YearMonth.of(2025, 6), null, "ops-s");
      Files.write(Files.createDirectories(Path.of("target")).resolve("schouw-2025-06.pdf"), pdf);
      try (PDDocument doc = Loader.loadPDF(pdf)) {
        String text = new PDFTextStripper().getText(doc);
        String entry = text.substring(text.indexOf("Poort ze-in"), text.indexOf("Poort ze-scan"));
        assertTrue(entry.contains("2-6-2025 10:15") && entry.contains("30-6-2025 23:30")
            && entry.contains("NIET IN ORDE"), text);
        assertTrue(entry.contains("Schouwen: 2, waarvan niet in orde: 1"), text);
        assertFalse(text.contains("juli: hersteld"), "an inspection of July in June's report");
        String scan = text.substring(text.indexOf("Poort ze-scan"));
        assertTrue(scan.contains("Geen schouw in deze maand.") && scan.contains("H-SCAN, Oudegracht"), scan);
        assertTrue(text.contains("juni 2025"), text);
      }
    }
  }

  private static Instant local(String localTime) {
    return LocalDateTime.parse(localTime).atZone(Passage.LOCAL).toInstant();
  }
}
