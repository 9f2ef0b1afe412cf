package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import nl.opencordon.domain.Plate;
import nl.opencordon.enforcement.store.ErasureRequestRepository.ErasureRequest;
import org.junit.jupiter.api.Test;

/**
 * Four eyes before decided cases are erased, on PostgreSQL: a sign problem or a detour withdraws its open cases at
 * once, while the approved ones wait, out of the CJIB export, until a second person, not the asker, decides.
 */
class ErasureRequestsIT {
  private static final Instant AN_HOUR_AGO = Instant.now().minus(Duration.ofHours(1));

  @Test
  void aSignProblemWithdrawsOpenCasesAtOnceAndApprovedOnesOnlyWhenAnotherPersonConfirms() throws Exception {
    try (EnforcementOnDatabase chain = new EnforcementOnDatabase()) {
      chain.fine("c-open", Plate.dutch("ER-001-B"), AN_HOUR_AGO);
      chain.fine("c-approved", Plate.dutch("ER-002-B"), AN_HOUR_AGO.plusSeconds(1));
      assertEquals(Review.Result.APPROVED, chain.enforcement.review().approve("c-approved", "boa-a"));

      SignProblems.Report report = chain.enforcement.signs().report("ze-in", Instant.now(), "bord omgewaaid", "wb-a");
      assertEquals(1, report.withdrawn());
      assertEquals(List.of("c-approved/APPROVED"), cases(chain));
      ErasureRequest request = report.awaitingSecondPerson().orElseThrow();
      assertEquals(List.of("c-approved"), request.caseIds());
      assertEquals(List.of(request.id()),
          chain.enforcement.erasureRequests().pending().stream().map(ErasureRequest::id).toList());

      assertTrue(chain.enforcement.cjib().export("boa-c").isEmpty(), "a case awaiting its erasure went to CJIB");
      ErasureRequests.Decision own = chain.enforcement.erasureRequests().confirm(request.id(), "wb-a");
      assertEquals(ErasureRequests.Outcome.SAME_PERSON, own.outcome());
      assertEquals(List.of("c-approved/APPROVED"), cases(chain));

      ErasureRequests.Decision confirmed = chain.enforcement.erasureRequests().confirm(request.id(), "wb-b");
      assertEquals(ErasureRequests.Outcome.CONFIRMED, confirmed.outcome());
      assertEquals(1, confirmed.withdrawn());
      assertEquals(List.of(), cases(chain));
      assertEquals(List.of(), chain.enforcement.erasureRequests().pending());
      assertEquals(ErasureRequests.Outcome.DECIDED_ALREADY,
          chain.enforcement.erasureRequests().reject(request.id(), "wb-c").outcome());
      assertEquals(ErasureRequests.Outcome.NOT_FOUND,
          chain.enforcement.erasureRequests().confirm(request.id() + 1, "wb-b").outcome());
    }
  }

  @Test
  void aDetourLeavesFinesWithCjibAndARejectionKeepsTheApprovedCaseForTheExport() throws Exception {
    try (EnforcementOnDatabase chain = new EnforcementOnDatabase()) {
      chain.fine("c-sent", Plate.dutch("ER-003-B"), AN_HOUR_AGO);
      assertEquals(Review.Result.APPROVED, chain.enforcement.review().approve("c-sent", "boa-a"));
      assertTrue(chain.enforcement.cjib().export("boa-a").isPresent());
      chain.fine("c-open", Plate.dutch("ER-004-B"), AN_HOUR_AGO.plusSeconds(1));
      chain.fine("c-approved", Plate.dutch("ER-005-B"), AN_HOUR_AGO.plusSeconds(2));
      assertEquals(Review.Result.APPROVED, chain.enforcement.review().approve("c-approved", "boa-a"));

      Detours.Declared declared = chain.enforcement.lawful().detours().declare(Set.of("ze-in"),
          AN_HOUR_AGO.minus(Duration.ofMinutes(5)), Instant.now().plus(Duration.ofHours(1)), "werk aan de weg",
          "ops-a");
      assertEquals(1, declared.withdrawn());
      assertEquals(List.of("c-sent"), declared.withCjib());
      assertEquals(List.of("c-approved/APPROVED", "c-sent/EXPORTED"), cases(chain));
      long id = declared.awaitingSecondPerson().orElseThrow().id();

      assertEquals(ErasureRequests.Outcome.SAME_PERSON,
          chain.enforcement.erasureRequests().reject(id, "ops-a").outcome());
      assertEquals(ErasureRequests.Outcome.REJECTED, chain.enforcement.erasureRequests().reject(id, "ops-b").outcome());
      assertEquals(ErasureRequests.Outcome.DECIDED_ALREADY,
          chain.enforcement.erasureRequests().confirm(id, "ops-c").outcome());
      assertEquals(List.of("c-approved/APPROVED", "c-sent/EXPORTED"), cases(chain));
      assertTrue(chain.enforcement.cjib().export("boa-a").isPresent(), "a rejected request still holds its case back");
      assertEquals(List.of("c-approved/EXPORTED", "c-sent/EXPORTED"), cases(chain));
    }
  }

  private static List<String> cases(EnforcementOnDatabase chain) throws Exception {
    return chain.query("SELECT case_id || '/' || status FROM cases ORDER BY case_id");
  }
}
