package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.opencordon.actors.zone.Sighting;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.domain.Plate;
import nl.opencordon.enforcement.store.EnforcementRepository.Batch;
import org.junit.jupiter.api.Test;

/**
 * Warning letters on PostgreSQL: approved warnings go out as a plate list for the owners' addresses, never to CJIB,
 * and a letter is printed only for a warning whose returned row names its own plate.
 */
class WarningLettersIT {
  private static final Instant AN_HOUR_AGO = Instant.now().minus(Duration.ofHours(1));

  @Test
  void approvedWarningsGoToThePlateListNotToCjibAndAMixedUpListPrintsNothing() throws Exception {
    try (EnforcementOnDatabase chain = new EnforcementOnDatabase()) {
      warning(chain, "w-1", Plate.dutch("WL-001-B"), AN_HOUR_AGO);
      warning(chain, "w-2", Plate.dutch("WL-002-B"), AN_HOUR_AGO.plusSeconds(1));
      chain.fine("c-fine", Plate.dutch("WL-003-B"), AN_HOUR_AGO.plusSeconds(2));
      for (String caseId : List.of("w-1", "w-2", "c-fine")) {
        assertEquals(Review.Result.APPROVED, chain.enforcement.review().approve(caseId, "boa-a"));
      }
      assertTrue(chain.enforcement.cjib().export("boa-a").isPresent());
      assertEquals(List.of("c-fine/EXPORTED", "w-1/APPROVED", "w-2/APPROVED"), cases(chain), "a warning went to CJIB");

      Batch plates = chain.enforcement.letters().exportPlates("boa-a").orElseThrow();
      assertEquals(List.of("case_id,plate,country", "w-1,WL001B,NL", "w-2,WL002B,NL"),
          Files.readAllLines(chain.enforcement.batchFile(plates.fileName())));
      assertEquals(List.of("c-fine/EXPORTED", "w-1/NAW_REQUESTED", "w-2/NAW_REQUESTED"), cases(chain));

      String header = "case_id,plate,name,address,postcode,city\n";
      String mixedUp = header + "w-1,WL-001-B,J. Jansen,Dorpsstraat 1,1234 AB,Utrecht\n"
          + "w-2,WL-009-B,P. Pieters,Kerkstraat 2,1234 AC,Utrecht\n";
      assertThrows(WarningLetters.InvalidAddressListException.class,
          () -> chain.enforcement.letters().printLetters(new StringReader(mixedUp), "boa-a"));
      assertEquals(List.of("c-fine/EXPORTED", "w-1/NAW_REQUESTED", "w-2/NAW_REQUESTED"), cases(chain),
          "a letter went out from a mixed-up list");

      String enriched = header + "w-1,WL-001-B,J. Jansen,Dorpsstraat 1,1234 AB,Utrecht\n"
          + "w-9,WL-099-B,K. Klaassen,Markt 3,1234 AD,Utrecht\n";
      WarningLetters.LetterBatch letters = chain.enforcement.letters()
          .printLetters(new StringReader(enriched), "boa-a");
      assertEquals(1, letters.batch().orElseThrow().records());
      assertEquals(List.of("w-9"), letters.unmatchedCaseIds());
      assertEquals(List.of("c-fine/EXPORTED", "w-1/EXPORTED", "w-2/NAW_REQUESTED"), cases(chain));
    }
  }

  private static void warning(EnforcementOnDatabase chain, String caseId, Plate plate, Instant at) throws Exception {
    Zone.CaseOpened fine = chain.opened(caseId, plate, "ze-1", Sighting.Source.ENTRY, at);
    chain.enforcement.intake().record(new Zone.CaseOpened(caseId, Zone.CaseKind.WARNING, fine.zoneId(),
        fine.sighting()));
  }

  private static List<String> cases(EnforcementOnDatabase chain) throws Exception {
    return chain.query("SELECT case_id || '/' || status FROM cases ORDER BY case_id");
  }
}
