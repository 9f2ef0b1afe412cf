package nl.opencordon.controller;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import nl.opencordon.actors.zone.CaseSink;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.enforcement.CaseIntake;
import nl.opencordon.monitoring.ControllerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every case a zone persisted into the case read model (through the enforcement chain's intake, which
 * also stores its evidence), off the actor threads, retrying with backoff while PostgreSQL is unreachable.
 * The intake is idempotent, so a retry never makes a second case; a case that never made it is caught up
 * from the journal at the next start.
 */
final class CaseWriter implements CaseSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CaseWriter.class);
  private static final int MAX_ATTEMPTS = 30;

  private final CaseIntake intake;
  private final ControllerMetrics metrics;
  private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "case-writer");
    t.setDaemon(true);
    return t;
  });

  CaseWriter(CaseIntake intake, ControllerMetrics metrics) {
    this.intake = intake;
    this.metrics = metrics;
  }

  @Override
  public void caseOpened(Zone.CaseOpened event) {
    metrics.caseOpened(event.caseId(), event.zoneId(), event.kind().name());
    executor.execute(() -> write(event, 1));
  }

  private void write(Zone.CaseOpened event, int attempt) {
    try {
      intake.record(event);
      metrics.caseWritten(event.caseId());
    } catch (SQLException | IOException | RuntimeException e) {
      metrics.caseWriteFailed();
      if (attempt >= MAX_ATTEMPTS) {
        log.error("Case [{}] not written to the read model after {} attempts; it is safe in the journal and is "
            + "caught up at the next start", event.caseId(), attempt, e);
        return;
      }
      long delayMs = Math.min(10_000, 100L << Math.min(attempt, 7));
      log.warn("Case [{}] write failed (attempt {}), retrying in {} ms: {}", event.caseId(), attempt, delayMs,
          e.toString());
      executor.schedule(() -> write(event, attempt + 1), delayMs, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(10, TimeUnit.SECONDS);
  }
}
