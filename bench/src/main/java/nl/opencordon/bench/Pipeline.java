package nl.opencordon.bench;

import com.typesafe.config.Config;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import nl.opencordon.actors.Asks;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.controller.Controller;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Passage;
import nl.opencordon.persistence.Database;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The bench city's traffic through a real controller: passages are handed to the camera actors with ask and
 * acknowledgement, as drivers do; gates merge, evaluate and show verdicts on the (probe) signs; sharded zone
 * entities persist cases in the PostgreSQL journal and the cases projections fill the cases table.
 */
final class Pipeline implements AutoCloseable {

  /** What one load phase did. Latencies in microseconds; rates per second. */
  record Phase(String name, double targetRate, long passages, long refused, double sendSeconds,
               double decidedSeconds, double drainSeconds, long cases, Histogram verdictMicros,
               Histogram caseMicros, long cpuNanos, long postgresCpuNanos) {
    /** Passages per second until the last passage was decided and the last case was in the cases table. */
    double sustainedRate() {
      return passages / (sendSeconds + drainSeconds);
    }

    /** Passages per second until the zones had decided the last passage (cases in the journal). */
    double decidedRate() {
      return passages / (sendSeconds + decidedSeconds);
    }
  }

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

  private final BenchCity city;
  private final Database database;
  private final VerdictProbe verdicts;
  private final Controller controller;
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bench-gate-poller");
    t.setDaemon(true);
    return t;
  });
  /** Passages the gates are done with (merged, handed over as a no-hit, or decided by the zone), as last polled. */
  private final AtomicLong processed = new AtomicLong();
  /**
   * No-hits told to the zones but not yet taken in by them, estimated from the violations the gates still wait
   * for: a zone takes its messages in order, so a violation waits behind the no-hits sent before it.
   */
  private final AtomicLong zoneBacklog = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private long next;

  Pipeline(Config config, Database database, BenchCity city) throws Exception {
    this.city = city;
    this.database = database;
    this.verdicts = new VerdictProbe();
    this.controller = Controller.start(config, database, city.layout, new Controller.Adapters(city.register(),
        city.exemptions, CameraDriverFactory.NONE, display -> verdicts.sign()));
    poller.scheduleWithFixedDelay(this::pollGates, 100, 100, TimeUnit.MILLISECONDS);
  }

  Controller controller() {
    return controller;
  }

  /**
   * Offers passages at {@code rate} for {@code duration}, holding back while more than {@code maxBacklog} are
   * still inside the gates and zones, then waits until every passage is decided and every case is in the
   * cases table.
   */
  Phase run(String name, double rate, Duration duration, long maxBacklog) throws Exception {
    waitUntilDrained(Duration.ofMinutes(2));
    verdicts.interval();
    refused.set(0);
    long cpu0 = Cpu.processNanos();
    long pg0 = Cpu.postgresNanos();
    long first = next;
    Instant from = Instant.now();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    for (long now = start; now < end; now = System.nanoTime()) {
      // a millisecond's passages at a time: a finer beat would cost the 2 cores more than the passages do
      long due = first + (long) ((now - start) * rate / 1e9);
      while (next < due && inFlight.get() < 10_000
          && next - processed.get() - refused.get() + zoneBacklog.get() <= maxBacklog) {
        send(next++);
      }
      LockSupport.parkNanos(1_000_000);
    }
    double sendSeconds = (System.nanoTime() - start) / 1e9;
    Instant to = Instant.now();
    waitUntil(this::passagesPending, Duration.ofMinutes(5));
    double decidedSeconds = (System.nanoTime() - start) / 1e9 - sendSeconds;
    waitUntilDrained(Duration.ofMinutes(5));
    double drainSeconds = (System.nanoTime() - start) / 1e9 - sendSeconds;
    long cpu = Cpu.processNanos() - cpu0;
    long pg1 = Cpu.postgresNanos();
    Histogram caseMicros = caseLatencies(from, to);
    return new Phase(name, rate, next - first, refused.get(), sendSeconds, decidedSeconds, drainSeconds,
        caseMicros.getTotalCount(), verdicts.interval(), caseMicros, cpu, pg0 < 0 || pg1 < 0 ? -1 : pg1 - pg0);
  }

  private void send(long n) {
    CityLayout.Camera camera = city.camera(n);
    Passage p = city.passage(n, Instant.now());
    if (city.hasDisplay(camera)) {
      verdicts.handedOver(p.plate().display(), System.nanoTime());
    }
    ActorRef<Camera.Command> actor = controller.devices().cameras().get(camera.id());
    inFlight.incrementAndGet();
    Asks.direct(AskPattern.<Camera.Command, Camera.Receipt>ask(actor,
        replyTo -> new Camera.RecordPassage(p, replyTo), ASK_TIMEOUT, controller.system().scheduler()))
        .whenComplete((receipt, err) -> {
          inFlight.decrementAndGet();
          if (err != null || receipt.outcome() != Camera.Receipt.Outcome.TAKEN) {
            refused.incrementAndGet();
          }
        });
  }

  private void pollGates() {
    List<CompletableFuture<Gate.Status>> statuses = new ArrayList<>();
    for (ActorRef<Gate.Command> gate : controller.devices().gates().values()) {
      statuses.add(AskPattern.<Gate.Command, Gate.Status>ask(gate, Gate.GetStatus::new, ASK_TIMEOUT,
          controller.system().scheduler()).toCompletableFuture());
    }
    try {
      List<Gate.Status> all = statuses.stream().map(CompletableFuture::join).toList();
      // a violation read below the case threshold is settled by the gate itself, as a no-hit is
      processed.set(all.stream().mapToLong(s -> s.decided() + s.noHits() + s.merged() + s.belowCaseThreshold()).sum());
      long violations = all.stream().mapToLong(Gate.Status::violations).sum();
      long waiting = all.stream().mapToLong(s -> s.violations() - s.suspended() - s.belowCaseThreshold() - s.decided()
          - s.zoneFailures()).sum();
      long vehicles = all.stream().mapToLong(Gate.Status::vehicles).sum();
      zoneBacklog.set(violations == 0 ? 0 : waiting * vehicles / violations);
    } catch (RuntimeException slow) {
      // keep the last figure; the next poll tries again
    }
  }

  /** Until every passage handed over is decided and the cases table has every case of the journal. */
  private void waitUntilDrained(Duration max) throws Exception {
    waitUntil(() -> passagesPending() || casesBehindJournal(), max);
  }

  private boolean passagesPending() {
    return processed.get() + refused.get() < next;
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private void waitUntil(Condition pending, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (pending.holds()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("pipeline did not drain within " + max + ": " + processed.get() + " of "
            + next + " passages decided");
      }
      Thread.sleep(20);
    }
  }

  private boolean casesBehindJournal() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
         ResultSet rs = c.createStatement().executeQuery(
             "SELECT (SELECT count(*) FROM event_journal) - (SELECT count(*) FROM cases)")) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }

  /** From a passage's hand-over (its time stamp) to its case row's insert, for the passages of one phase. */
  private Histogram caseLatencies(Instant from, Instant to) throws SQLException {
    Histogram h = new Histogram(3);
    try (Connection c = database.dataSource().getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT (EXTRACT(EPOCH FROM created_at - observed_at) * 1000000)"
             + "::bigint FROM cases WHERE observed_at >= ? AND observed_at < ?")) {
      ps.setTimestamp(1, Timestamp.from(from));
      ps.setTimestamp(2, Timestamp.from(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          h.recordValue(Math.max(0, rs.getLong(1)));
        }
      }
    }
    return h;
  }

  @Override
  public void close() throws Exception {
    poller.shutdownNow();
    controller.close();
  }
}
