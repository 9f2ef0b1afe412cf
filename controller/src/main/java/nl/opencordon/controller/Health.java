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
 * on some node of the cluster (on a single node: here).
 */
final class Health {
  private static final Logger log = LoggerFactory.getLogger(Health.class);
  private final ActorSystem<?> system;
  private final Database database;
  private final Executor blocking;
  private volatile boolean devicesStarted;

  Health(ActorSystem<?> system, Database database, Executor blocking) {
    this.system = system;
    this.database = database;
    this.blocking = blocking;
  }

  void devicesStarted() {
    devicesStarted = true;
  }

  /** Why this node is not ready, or empty when it is. */
  CompletableFuture<String> notReadyBecause() {
    if (!devicesStarted) {
      return CompletableFuture.completedFuture("devices starting");
    }
    if (Cluster.get(system).selfMember().status() != MemberStatus.up()) {
      return CompletableFuture.completedFuture("not an Up cluster member: "
          + Cluster.get(system).selfMember().status());
    }
    return CompletableFuture.supplyAsync(() -> database.problem(Duration.ofSeconds(2)).orElse(""), blocking);
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
