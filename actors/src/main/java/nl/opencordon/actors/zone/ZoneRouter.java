package nl.opencordon.actors.zone;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;

/**
 * Finds the zone entity responsible for a vehicle: Cluster Sharding in the controller, plain child actors in
 * tests. Vehicles are spread over {@link Zone#BUCKETS} entities per zone by their plate hash.
 */
@FunctionalInterface
public interface ZoneRouter {
  RecipientRef<Zone.Command> entityFor(String zoneId, String plateHash);

  /** Every vehicle of every zone goes to one actor: for tests of the gate. */
  static ZoneRouter single(ActorRef<Zone.Command> zone) {
    return (zoneId, plateHash) -> zone;
  }
}
