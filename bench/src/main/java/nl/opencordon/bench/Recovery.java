package nl.opencordon.bench;

import com.typesafe.config.Config;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.actors.zone.ZoneRouter;
import nl.opencordon.domain.CityLayout;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Recovery after a JVM kill: a child JVM decides a case for each of {@code n} vehicles through the sharded
 * zone entities (events and snapshots in PostgreSQL) and is killed (SIGKILL) once all are decided; then a
 * fresh actor system starts and every bucket of the zone is asked how many vehicles it knows.
 */
final class Recovery {
  private Recovery() {}

  static final String SEEDED = "SEEDED";

  record Result(long vehicles, double seedSeconds, double startSeconds, double recoverySeconds,
                double bytesPerVehicle) {}

  /** The child's part: decide {@code n} vehicles, say so, and wait to be killed. */
  static void seed(Config config, long n) throws Exception {
    CityLayout layout = BenchCity.layout();
    ActorSystem<Void> system = Zones.start("seed", config);
    ZoneRouter zones = Zones.router(system, layout);
    long start = System.nanoTime();
    Instant at = Instant.now();
    Map<Zone.Decision.Outcome, Long> outcomes =
        Zones.observeAll(system, zones, "ze", n, 4_000, i -> Zones.violation(i, at));
    if (outcomes.getOrDefault(Zone.Decision.Outcome.CASE_OPENED, 0L) != n) {
      throw new IllegalStateException("expected " + n + " cases, got " + outcomes);
    }
    System.out.printf("%s %d %.1f%n", SEEDED, n, (System.nanoTime() - start) / 1e9);
    System.out.flush();
    system.getWhenTerminated().toCompletableFuture().get(); // killed before this returns
  }

  static Result run(Config config, String dbUrl, long n) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(List.of(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
        Bench.class.getName(), "--mode=seed", "--recovery-vehicles=" + n, "--db-url=" + dbUrl))
        .redirectErrorStream(true).start();
    double seedSeconds = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(SEEDED)) {
          seedSeconds = Double.parseDouble(line.split(" ")[2]);
          break;
        }
        if (line.contains("ERROR") || line.contains("Exception")) {
          System.out.println("  seed: " + line);
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    if (seedSeconds < 0) {
      throw new IllegalStateException("the seeding JVM ended without deciding all vehicles");
    }
    System.out.printf("  %,d vehicles decided in %.0f s by a second JVM, which was then killed (SIGKILL)%n", n,
        seedSeconds);

    long start = System.nanoTime();
    ActorSystem<Void> system = Zones.start("recovery", config);
    try {
      Cluster cluster = Cluster.get(system);
      while (cluster.selfMember().status() != MemberStatus.up()) {
        Thread.sleep(10);
      }
      double started = (System.nanoTime() - start) / 1e9;
      long heapBefore = Heap.usedAfterGc();
      long recoveryStart = System.nanoTime();
      long known = Zones.vehiclesWithDecisions(system, Zones.router(system, BenchCity.layout()), "ze");
      double recovered = (System.nanoTime() - recoveryStart) / 1e9;
      if (known != n) {
        throw new IllegalStateException("recovered " + known + " vehicles of " + n);
      }
      double perVehicle = (double) (Heap.usedAfterGc() - heapBefore) / n;
      return new Result(n, seedSeconds, started, recovered, perVehicle);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
