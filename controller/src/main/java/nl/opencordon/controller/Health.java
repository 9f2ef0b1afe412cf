package nl.opencordon.controller;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import nl.opencordon.persistence.Database;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health/alive} and {@code /health/ready} for load balancers and orchestrators, without
 * authentication. Alive: the process serves HTTP. Ready: this node is an Up member of the cluster, its
 * database (migrated before the actor system started) answers, and every gate with its devices has started
 * on some node of the cluster (on a single node: here). The database is asked in the background, every second,
 * not per request: a readiness request is answered from memory, so it never waits for a thread or a connection
 * that a flood of requests (wrong passwords, issue 25) keeps busy.
 */
final class Health {
  private static final Logger log = LoggerFactory.getLogger(Health.class);
  private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
  /** A database answer older than this (the check hangs, or finds no thread) counts as no answer. */
  private static final Duration STALE_AFTER = Duration.ofSeconds(5);
  private final ActorSystem<?> system;
  private final Database database;
  private final Executor blocking;
  private volatile boolean devicesStarted;
  private volatile DatabaseCheck lastCheck = new DatabaseCheck(0, "database not checked yet");

  /** The last database check: when it ended ({@link System#nanoTime()}) and what it found ("" when fine). */
  private record DatabaseCheck(long atNanos, String problem) {}

  Health(ActorSystem<?> system, Database database, Executor blocking) {
    this.system = system;
    this.database = database;
    this.blocking = blocking;
  }

  /** The devices run: checks the database once now, then every second in the background. */
  void devicesStarted() {
    checkDatabase();
    system.scheduler().scheduleWithFixedDelay(CHECK_EVERY, CHECK_EVERY, this::checkDatabase,
        scala.concurrent.ExecutionContext.fromExecutor(blocking));
    devicesStarted = true;
  }

  private void checkDatabase() {
    lastCheck = new DatabaseCheck(System.nanoTime(), database.problem(CHECK_TIMEOUT).orElse(""));
  }

  /** Why this node is not ready, or empty when it is; answered from memory. */
  CompletableFuture<String> notReadyBecause() {
    if (!devicesStarted) {
      return CompletableFuture.completedFuture("devices starting");
    }
    if (Cluster.get(system).selfMember().status() != MemberStatus.up()) {
      return CompletableFuture.completedFuture("not an Up cluster member: "
          + Cluster.get(system).selfMember().status());
    }
    DatabaseCheck check = lastCheck;
    return CompletableFuture.completedFuture(System.nanoTime() - check.atNanos() > STALE_AFTER.toNanos()
        ? "database check overdue: no answer for " + STALE_AFTER.toSeconds() + " s" : check.problem());
  }

  Route routes() {
    return get(() -> concat(
        path(segment("alive"), () -> complete("alive")),
        path(segment("ready"), () -> onSuccess(notReadyBecause(), why -> why.isEmpty() ? complete("ready")
            : notReady(why)))));
  }

  /** Anyone may ask, so the answer names what is not ready but not the database's own words; the log has them. */
  private static Route notReady(String why) {
    log.warn("Not ready: {}", why);
    return complete(StatusCodes.SERVICE_UNAVAILABLE, "not ready: " + (why.contains(":")
        ? why.substring(0, why.indexOf(':')) : why));
  }

  private static org.apache.pekko.http.javadsl.server.PathMatcher0 segment(String last) {
    return org.apache.pekko.http.javadsl.server.PathMatchers.segment("health").slash(last);
  }
}
