package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.Test;

/**
 * Jobs that must run once (retention, the release of held cases) run once in the cluster: two nodes (actor
 * systems talking over Artery, as separate JVMs do) both start the job, it runs on one of them only, and on the
 * other once that one is gone.
 */
class ClusterJobIT {
  private static final Duration INTERVAL = Duration.ofMillis(200);

  @Test
  void aJobStartedOnEveryNodeRunsOnOneAndMovesWhenItsNodeGoes() throws Exception {
    ActorSystem<Void> first = node();
    ActorSystem<Void> second = node();
    try {
      Cluster.get(first).manager().tell(Join.create(Cluster.get(first).selfMember().address()));
      Cluster.get(second).manager().tell(Join.create(Cluster.get(first).selfMember().address()));
      TestProbe<Object> probe = TestProbe.create(first);
      probe.awaitAssert(Duration.ofSeconds(30), () -> {
        assertEquals(2, List.of(first, second).stream().filter(n -> Cluster.get(n).selfMember().status()
            == MemberStatus.up()).count());
        return null;
      });
      AtomicInteger onFirst = new AtomicInteger();
      AtomicInteger onSecond = new AtomicInteger();
      var blocking = Executors.newSingleThreadExecutor();
      ClusterJob.init(first, "release", onFirst::incrementAndGet, INTERVAL, blocking);
      ClusterJob.init(second, "release", onSecond::incrementAndGet, INTERVAL, blocking);

      probe.awaitAssert(Duration.ofSeconds(30), () -> {
        assertTrue(onFirst.get() >= 5, "runs on the oldest node: " + onFirst.get());
        return null;
      });
      assertEquals(0, onSecond.get(), "the job ran on both nodes");

      first.terminate();
      first.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      int ranBefore = onFirst.get();
      TestProbe.create(second).awaitAssert(Duration.ofSeconds(30), () -> {
        assertTrue(onSecond.get() >= 3, "the survivor took the job over: " + onSecond.get());
        return null;
      });
      assertEquals(ranBefore, onFirst.get());
      blocking.shutdown();
    } finally {
      first.terminate();
      second.terminate();
      second.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static ActorSystem<Void> node() {
    Config config = ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.cluster.downing-provider-class = "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"
        """).withFallback(ConfigFactory.load());
    return ActorSystem.create(Behaviors.empty(), "cluster-job", config);
  }
}
