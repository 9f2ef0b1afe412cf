package nl.opencordon.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import nl.opencordon.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

/** The harness itself, for a second of traffic: every phase runs and every figure is written. */
class BenchSmokeIT {

  @Test
  void aShortRunWritesEveryFigure() throws Exception {
    Path out = Bench.run(new String[] {"db=" + TestDatabase.BASE_URL, "fleet=2000", "warmup=0s",
        "latency-rate=500", "latency-duration=1s", "rate=2000", "duration=1s", "heap-vehicles=2000",
        "out=target/bench-smoke.txt"});
    String results = Files.readString(out);
    for (String figure : new String[] {"sustained passages/s, cases persisted", "verdict at the sign",
        "case row in PostgreSQL", "heap per vehicle inside the zone", "CPU per 1,000 passages",
        "baseline passages/s", "pipeline / baseline"}) {
      assertTrue(results.contains(figure), () -> "missing " + figure + " in\n" + results);
    }
    assertTrue(!results.contains("no samples"), () -> "a latency without samples:\n" + results);
  }
}
