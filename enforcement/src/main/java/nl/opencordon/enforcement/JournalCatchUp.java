package nl.opencordon.enforcement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.enforcement.store.EnforcementRepository;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.Sequence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, brings the case read model level with the zones' journal: a case persisted by a zone whose row
 * never got written (the JVM died in between, or PostgreSQL refused for too long) is written now. Reads the
 * events tagged "case" after the offset it stored last time; the intake skips known, tombstoned and redacted
 * cases, so nothing deleted comes back.
 */
final class JournalCatchUp {
  private static final Logger log = LoggerFactory.getLogger(JournalCatchUp.class);
  static final String OFFSET_NAME = "case-catch-up";

  private final EnforcementRepository repository;
  private final CaseIntake intake;
  private final Executor blocking;

  JournalCatchUp(EnforcementRepository repository, CaseIntake intake, Executor blocking) {
    this.repository = repository;
    this.intake = intake;
    this.blocking = blocking;
  }

  /** Completes with the number of cases written. */
  CompletionStage<Integer> run(ActorSystem<?> system) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return repository.offset(OFFSET_NAME);
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
    }, blocking).thenCompose(from -> PersistenceQuery.get(Adapter.toClassic(system))
        .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier())
        .currentEventsByTag("case", Offset.sequence(from))
        .grouped(200)
        .mapAsync(1, batch -> CompletableFuture.supplyAsync(() -> handle(batch), blocking))
        .runFold(0, Integer::sum, system))
        .whenComplete((written, err) -> {
          if (err != null) {
            log.error("Case catch-up from the journal failed; it runs again at the next start", err);
          } else if (written > 0) {
            log.warn("Case catch-up wrote {} cases the read model was missing", written);
          }
        });
  }

  private int handle(List<EventEnvelope> batch) {
    int written = 0;
    try {
      for (EventEnvelope env : batch) {
        if (env.event() instanceof Zone.CaseOpened opened && intake.record(opened)) {
          written++;
        }
      }
      repository.saveOffset(OFFSET_NAME, ((Sequence) batch.get(batch.size() - 1).offset()).value());
      return written;
    } catch (SQLException e) {
      throw new CompletionException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
