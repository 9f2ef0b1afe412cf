package nl.opencordon.cameradrivers.mqtt;

import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Watches for nodes removed from the cluster: the leader has each one's MQTT session drained
 * ({@link MqttCameras#drain}), for the broker keeps giving a gone node its share of the cameras' messages. The
 * member, not just its address: a node with a client id of its own announces it in its roles.
 */
public final class MqttSessionDrains {
  private MqttSessionDrains() {}

  /** @param drain starts the drain of the sessions of this removed member */
  public static Behavior<ClusterEvent.MemberRemoved> create(Consumer<Member> drain) {
    return Behaviors.setup(ctx -> {
      Cluster cluster = Cluster.get(ctx.getSystem());
      cluster.subscriptions().tell(Subscribe.create(ctx.getSelf(), ClusterEvent.MemberRemoved.class));
      return Behaviors.receiveMessage(removed -> {
        // one node drains, or two would take the session from each other
        if (cluster.selfMember().address().equals(cluster.state().getLeader())) {
          ctx.getLog().info("Node [{}] left the cluster: draining its MQTT session", removed.member().address());
          drain.accept(removed.member());
        }
        return Behaviors.same();
      });
    });
  }
}
