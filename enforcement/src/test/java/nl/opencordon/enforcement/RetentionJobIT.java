package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.TestClock;
import org.junit.jupiter.api.Test;

/**
 * The retention job's sweep of the evidence store on PostgreSQL; what it deletes of cases, their journal plates and
 * batch files is the controller's {@code EnforcementRetentionIT}.
 */
class RetentionJobIT {
  @Test
  void picturesNoCaseRefersToAreSweptOnceOlderThanTheOrphanAge() throws Exception {
    try (EnforcementOnDatabase chain = new EnforcementOnDatabase()) {
      chain.fine("c-kept", Plate.dutch("RT-005-B"), Instant.now());
      String orphan = chain.enforcement.evidence().keep("ze-1", "orphan-1", 0, new byte[] {1, 2, 3}, "image/png")
          .evidence().ref();
      TestClock clock = new TestClock(Instant.now());
      RetentionJob job = chain.enforcement.retentionJob(clock);
      job.runOnce();
      assertTrue(evidenceRefs(chain).contains(orphan), "swept while young: a case being written could lose it");
      Set<String> referenced = Set.copyOf(chain.query("SELECT ref FROM case_evidence"));
      assertFalse(referenced.isEmpty(), "no case refers to a picture: nothing to keep");
      clock.set(Instant.now().plus(chain.enforcement.settings().evidenceOrphanAge()).plusSeconds(60));
      assertTrue(job.runOnce().orphansDeleted() >= 1);
      assertFalse(evidenceRefs(chain).contains(orphan));
      assertTrue(evidenceRefs(chain).containsAll(referenced), "referenced evidence was swept");
    }
  }

  private static Set<String> evidenceRefs(EnforcementOnDatabase chain) throws Exception {
    return Set.copyOf(chain.query("SELECT ref FROM evidence_objects"));
  }
}
