package nl.opencordon.controller.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import nl.opencordon.actors.Asks;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.actors.zone.ZoneRouter;
import nl.opencordon.monitoring.ControllerMetrics;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * Counts the zones' decisions by outcome, and the no-hits they discard, without the zones knowing: a
 * {@link ZoneRouter} whose zones are small forwarding actors that ask the real zone entity and pass the
 * answer back unchanged.
 */
public final class MeteredZones {
  private MeteredZones() {}

  /** An answer from the zone entity, with whom to pass it on to. */
  private record Answered(Zone.Decision decision, Throwable failure, ActorRef<StatusReply<Zone.Decision>> replyTo) {}

  /**
   * @param zoneIds every zone of the city, one forwarder each, spawned as children of {@code ctx}
   * @param askTimeout how long a forwarder waits for the zone (the gates' own zone ask timeout)
   */
  public static ZoneRouter decorate(ActorContext<?> ctx, Iterable<String> zoneIds, ZoneRouter zones,
                                    ControllerMetrics metrics, Duration askTimeout) {
    Map<String, ActorRef<Zone.Command>> meters = new HashMap<>();
    for (String zoneId : zoneIds) {
      ActorRef<Object> meter = ctx.spawn(meter(zoneId, zones, metrics, askTimeout), "zone-metrics-" + zoneId);
      meters.put(zoneId, meter.narrow());
    }
    return (zoneId, plateHash) -> {
      ActorRef<Zone.Command> meter = meters.get(zoneId);
      return meter != null ? meter : zones.entityFor(zoneId, plateHash);
    };
  }

  /** Takes the gates' {@link Zone.Observe} and its own {@link Answered}, hence {@code Object}. */
  private static Behavior<Object> meter(String zoneId, ZoneRouter zones, ControllerMetrics metrics,
                                              Duration askTimeout) {
    return Behaviors.setup(ctx -> Behaviors.receive(Object.class)
        .onMessage(Zone.Observe.class, o -> {
          Asks.<Zone.Command, Zone.Decision, Object>pipeWithStatus(ctx,
              zones.entityFor(zoneId, o.sighting().plateHash()), askTimeout,
              replyTo -> new Zone.Observe(o.sighting(), replyTo), (d, err) -> new Answered(d, err, o.replyTo()));
          return Behaviors.same();
        })
        .onMessage(Answered.class, a -> {
          if (a.failure() != null) {
            metrics.zoneDecision(zoneId, "failed");
            a.replyTo().tell(StatusReply.error(a.failure()));
          } else {
            metrics.zoneDecision(zoneId, a.decision().outcome().name());
            // a persisted decision the cases read model has yet to show: the projection's write closes it
            a.decision().caseId().ifPresent(caseId -> metrics.caseOpened(caseId, zoneId,
                a.decision().outcome() == Zone.Decision.Outcome.WARNING_OPENED ? "WARNING" : "FINE"));
            if (a.decision().outcome() == Zone.Decision.Outcome.NO_HIT) {
              metrics.noHitDiscarded(zoneId);
            }
            a.replyTo().tell(StatusReply.success(a.decision()));
          }
          return Behaviors.same();
        })
        .build());
  }
}
