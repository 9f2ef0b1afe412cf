package nl.opencordon.controller.metrics;

import nl.opencordon.actors.gate.Gate;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.monitoring.ControllerMetrics;

/**
 * Counts the zones' decisions by outcome, the no-hits they discard and the cases they open, from the answers
 * the gates get: the zones know nothing of metrics, and no actor stands between gate and zone.
 */
public final class ZoneDecisionMetrics implements Gate.ZoneAnswers {
  private final ControllerMetrics metrics;

  public ZoneDecisionMetrics(ControllerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void answered(String zoneId, Zone.Decision decision, Throwable failure) {
    if (failure != null) {
      metrics.zoneDecision(zoneId, "failed");
      return;
    }
    metrics.zoneDecision(zoneId, decision.outcome().name());
    decision.caseId().ifPresent(caseId -> metrics.caseOpened(zoneId,
        decision.outcome() == Zone.Decision.Outcome.WARNING_OPENED ? "WARNING" : "FINE"));
    if (decision.outcome() == Zone.Decision.Outcome.NO_HIT) {
      metrics.noHitDiscarded(zoneId);
    }
  }
}
