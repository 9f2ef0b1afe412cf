package nl.opencordon.actors.zone;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import nl.opencordon.domain.ZoneDefinition;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/** Zone entities under Cluster Sharding: one JVM or several share the same code, only configuration differs. */
public final class ShardedZones {
  private ShardedZones() {}

  public static ZoneRouter init(ActorSystem<?> system, Function<String, ZoneDefinition> zones) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(Zone.ENTITY_TYPE_KEY, ctx -> Zone.create(ctx.getEntityId(), zones)));
    // one reference per bucket, made once: making one per passage was a measurable share of the gates' CPU
    Map<String, EntityRef<Zone.Command>> refs = new ConcurrentHashMap<>();
    return (zoneId, plateHash) -> refs.computeIfAbsent(Zone.entityId(zoneId, plateHash),
        id -> sharding.entityRefFor(Zone.ENTITY_TYPE_KEY, id));
  }
}
