package nl.opencordon.insight.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import nl.opencordon.actors.gate.VehiclePassed;
import nl.opencordon.domain.VehicleCategory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The hourly statistics are the cluster's: two nodes (actor systems over Artery, as two JVMs) each see three vans
 * at their own gate in one hour, under k = 5 each; asked on either node, the gate's cell counts the six vans of
 * both nodes, and the same on both.
 */
class TrafficStatisticsClusterIT {
  private static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
  private static final String CLUSTER = """
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
      pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
      """;
  private static final ActorTestKit one = ActorTestKit.create("stats", ConfigFactory.parseString(CLUSTER)
      .withFallback(ConfigFactory.load()));
  private static final ActorTestKit other = ActorTestKit.create("stats", ConfigFactory.parseString(CLUSTER)
      .withFallback(ConfigFactory.load()));

  @AfterAll
  static void shutdown() {
    other.shutdownTestKit();
    one.shutdownTestKit();
  }

  @Test
  void everyNodeAnswersWithTheVehiclesOfAllNodes() {
    Cluster.get(one.system()).manager().tell(Join.create(Cluster.get(one.system()).selfMember().address()));
    Cluster.get(other.system()).manager().tell(Join.create(Cluster.get(one.system()).selfMember().address()));
    TestProbe<Object> probe = one.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(20), () -> {
      assertEquals(MemberStatus.up(), Cluster.get(other.system()).selfMember().status());
      return null;
    });
    TrafficStatistics.Settings settings = new TrafficStatistics.Settings(5, 35, ZONE, Duration.ofSeconds(2));
    ActorRef<TrafficStatistics.Command> onOne = one.spawn(TrafficStatistics.create(settings));
    ActorRef<TrafficStatistics.Command> onOther = other.spawn(TrafficStatistics.create(settings));
    // each node's statistics know both before the vans pass
    TestProbe<Receptionist.Listing> listing = other.createTestProbe();
    listing.awaitAssert(Duration.ofSeconds(20), () -> {
      other.system().receptionist().tell(Receptionist.find(TrafficStatistics.KEY, listing.ref()));
      assertEquals(2, listing.receiveMessage().getServiceInstances(TrafficStatistics.KEY).size());
      return null;
    });

    ZonedDateTime nine = ZonedDateTime.of(2026, 3, 2, 9, 10, 0, 0, ZONE);
    for (int v = 0; v < 3; v++) {
      pass(one, nine.plusMinutes(v), "one-" + v);
      pass(other, nine.plusMinutes(v), "other-" + v);
    }
    List<TrafficStatistics.HourlyCell> expected = List.of(new TrafficStatistics.HourlyCell("north",
        nine.withMinute(0).toInstant(), "VAN", "DIESEL", "6", 6));
    for (var node : List.of(new Asked(one, onOne), new Asked(other, onOther))) {
      TestProbe<TrafficStatistics.Hourly> hourly = node.kit().createTestProbe();
      hourly.awaitAssert(Duration.ofSeconds(10), () -> {
        node.statistics().tell(new TrafficStatistics.GetHourly(nine.toLocalDate(), nine.toLocalDate(),
            hourly.ref()));
        assertEquals(expected, hourly.receiveMessage(Duration.ofSeconds(5)).cells());
        return null;
      });
    }
  }

  private record Asked(ActorTestKit kit, ActorRef<TrafficStatistics.Command> statistics) {}

  private static void pass(ActorTestKit node, ZonedDateTime at, String vehicle) {
    node.system().eventStream().tell(new EventStream.Publish<>(new VehiclePassed("north", "ze", at.toInstant(),
        VehicleCategory.VAN, "DIESEL", "6", vehicle)));
  }
}
