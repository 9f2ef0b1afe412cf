package nl.opencordon.persistence.exemptions;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import nl.opencordon.domain.ExemptionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's {@link ExemptionRegistry} a copy of the exemption record in PostgreSQL: it polls the change
 * marker every {@code interval} and, when it moved, reloads the whole list. So a change made on any node, by
 * the CSV import on the page or by {@code bin/cordon exemptions-import} reaches every node's gates within
 * about one interval, with no restart.
 *
 * <p>Why polling PostgreSQL rather than Pekko Distributed Data or a cluster notification: the CLI import and
 * hand edits write the table without any node hearing of it, and a node that was away (restart, network
 * split) must catch up on its own; the record itself is the only thing every writer and every node share.
 * The poll is one indexed single-row read; a reload reads every exemption, which a city has thousands of, not
 * millions, and happens only after a change. Whole reloads need no tombstones: what is no longer stored is
 * gone from the copy at the next reload.
 */
public final class ExemptionCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ExemptionCache.class);

  private final ExemptionRepository repository;
  private final ExemptionRegistry registry;
  private final ScheduledExecutorService poller;
  private long version = -1;
  private boolean failing;

  private ExemptionCache(ExemptionRepository repository, ExemptionRegistry registry) {
    this.repository = repository;
    this.registry = registry;
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "exemption-cache");
      t.setDaemon(true);
      return t;
    });
  }

  /** Loads the record into the registry now (a failure here fails the start), then keeps it current. */
  public static ExemptionCache start(ExemptionRepository repository, ExemptionRegistry registry, Duration interval)
      throws SQLException {
    ExemptionCache cache = new ExemptionCache(repository, registry);
    cache.refresh();
    cache.poller.scheduleWithFixedDelay(cache::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return cache;
  }

  /** Reloads the copy when the record changed since the last load; the node that wrote calls it at once. */
  public synchronized void refresh() throws SQLException {
    if (repository.version() == version) {
      return;
    }
    ExemptionRepository.Snapshot snapshot = repository.snapshot();
    registry.replaceAll(snapshot.exemptions());
    version = snapshot.version();
    log.info("Exemptions loaded: {} at version {}", snapshot.exemptions().size(), version);
  }

  private void poll() {
    try {
      refresh();
      if (failing) {
        log.info("Exemptions are read from the database again");
        failing = false;
      }
    } catch (SQLException | RuntimeException e) {
      // the gates keep the last copy; say so once, not every second
      if (!failing) {
        log.warn("Exemptions could not be refreshed, the gates keep the copy of version {}: {}", version, e.toString());
        failing = true;
      }
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
