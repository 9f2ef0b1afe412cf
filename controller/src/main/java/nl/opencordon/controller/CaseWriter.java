package nl.opencordon.controller;

import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import nl.opencordon.actors.zone.CaseSink;
import nl.opencordon.actors.zone.Sighting;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.monitoring.ControllerMetrics;
import nl.opencordon.persistence.cases.CaseRecord;
import nl.opencordon.persistence.cases.CaseRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every case a zone persisted into the case read model, off the actor threads, retrying with backoff
 * while PostgreSQL is unreachable. The insert is idempotent, so a retry never makes a second case.
 */
final class CaseWriter implements CaseSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CaseWriter.class);
  private static final int MAX_ATTEMPTS = 30;

  private final CaseRepository repository;
  private final ControllerMetrics metrics;
  private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "case-writer");
    t.setDaemon(true);
    return t;
  });

  CaseWriter(CaseRepository repository, ControllerMetrics metrics) {
    this.repository = repository;
    this.metrics = metrics;
  }

  @Override
  public void caseOpened(Zone.CaseOpened event) {
    metrics.caseOpened(event.zoneId(), event.kind().name());
    CaseRecord record = toRecord(event);
    executor.execute(() -> write(record, 1));
  }

  private void write(CaseRecord record, int attempt) {
    try {
      repository.insert(record);
    } catch (SQLException | RuntimeException e) {
      metrics.caseWriteFailed();
      if (attempt >= MAX_ATTEMPTS) {
        log.error("Case [{}] not written to the read model after {} attempts; it is safe in the journal",
            record.caseId(), attempt, e);
        return;
      }
      long delayMs = Math.min(10_000, 100L << Math.min(attempt, 7));
      log.warn("Case [{}] write failed (attempt {}), retrying in {} ms: {}", record.caseId(), attempt, delayMs,
          e.toString());
      executor.schedule(() -> write(record, attempt + 1), delayMs, TimeUnit.MILLISECONDS);
    }
  }

  static CaseRecord toRecord(Zone.CaseOpened e) {
    Sighting s = e.sighting();
    return new CaseRecord(e.caseId(), e.zoneId(), e.kind().name(), s.plate().text(), s.plate().country(),
        s.plateHash(), s.at(), s.localDay(), s.cameraId(), s.source().name(), s.site().locationCode(),
        s.site().street(), s.site().direction(), s.site().observationText(), s.verdict().ruleId(),
        s.verdict().reason(), Json.write(s.facts()), Json.write(s.evidenceRefs()), "OPEN");
  }

  @Override
  public void close() throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(10, TimeUnit.SECONDS);
  }
}
