package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import nl.opencordon.domain.Plate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Officers' review on PostgreSQL: of two officers deciding the same case at the same moment, exactly one wins; a
 * case no longer open is told so before any other reason it could not be approved for.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewIT {
  private EnforcementOnDatabase chain;

  @BeforeAll
  void start() throws Exception {
    chain = new EnforcementOnDatabase();
  }

  @AfterAll
  void stop() {
    chain.close();
  }

  @Test
  void ofTwoOfficersReviewingTheSameCaseAtOnceExactlyOneWins() throws Exception {
    List<String> caseIds = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      caseIds.add(chain.fine("c-r" + i, Plate.dutch("VR-1" + i + "-BB"),
          Instant.parse("2025-04-02T07:00:00Z").plusSeconds(i)));
    }
    Review review = chain.enforcement.review();
    ExecutorService officers = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < caseIds.size(); i++) {
        String caseId = caseIds.get(i);
        boolean approveVersusDismiss = i % 2 == 1;
        CyclicBarrier together = new CyclicBarrier(2);
        Future<Review.Result> a = officers.submit(() -> {
          together.await();
          return review.approve(caseId, "boa-a");
        });
        Future<Review.Result> b = officers.submit(() -> {
          together.await();
          return approveVersusDismiss
              ? review.dismiss(caseId, "boa-b", "PLATE_MISREAD")
              : review.approve(caseId, "boa-b");
        });
        List<Review.Result> results = List.of(a.get(10, TimeUnit.SECONDS), b.get(10, TimeUnit.SECONDS));
        assertEquals(1, results.stream().filter(r -> r == Review.Result.NOT_OPEN).count(), results::toString);
        Review.Result won = results.stream().filter(r -> r != Review.Result.NOT_OPEN).findFirst().orElseThrow();
        List<String> reviewers = chain.query("SELECT coalesce(reviewed_by, '-') || '/' || status FROM cases"
            + " WHERE case_id = '" + caseId + "'");
        if (won == Review.Result.DISMISSED) {
          assertEquals(List.of(), reviewers);
        } else {
          String winner = results.get(0) == Review.Result.APPROVED ? "boa-a" : "boa-b";
          assertEquals(List.of(winner + "/APPROVED"), reviewers);
        }
      }
    } finally {
      officers.shutdownNow();
    }
  }

  @Test
  void aCaseNoLongerOpenIsNotOpenEvenWithoutARealPicture() throws Exception {
    Instant at = Instant.parse("2025-04-03T07:00:00Z");
    // cases of the demo's simulated cameras, decided while the placeholder stood in for their pictures
    String approved = chain.simulatedFine("c-np-approved", Plate.dutch("VN-10-BB"), at);
    String dismissed = chain.simulatedFine("c-np-dismissed", Plate.dutch("VN-11-BB"), at.plusSeconds(1));
    String open = chain.simulatedFine("c-np-open", Plate.dutch("VN-12-BB"), at.plusSeconds(2));
    Review demo = chain.enforcement.review();
    assertEquals(Review.Result.APPROVED, demo.approve(approved, "boa-a"));
    assertEquals(Review.Result.DISMISSED, demo.dismiss(dismissed, "boa-a", "PLATE_MISREAD"));

    // with the placeholder off none of them has a real picture; only the open one is refused for that reason
    Review strict = chain.node("placeholder-evidence = off").review();
    assertEquals(Review.Result.NOT_OPEN, strict.approve(approved, "boa-b"), "approved already");
    assertEquals(Review.Result.NOT_OPEN, strict.approve(dismissed, "boa-b"), "dismissed and erased");
    assertEquals(Review.Result.NO_REAL_PICTURE, strict.approve(open, "boa-b"));
    assertEquals(List.of(approved + "/boa-a/APPROVED", open + "/-/OPEN"), chain.query("SELECT case_id || '/' "
        + "|| coalesce(reviewed_by, '-') || '/' || status FROM cases WHERE case_id LIKE 'c-np-%' ORDER BY case_id"));
  }
}
