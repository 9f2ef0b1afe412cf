package nl.opencordon.controller.metrics;

import java.time.Duration;
import java.util.Optional;
import nl.opencordon.actors.Asks;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Passage;
import nl.opencordon.monitoring.ControllerMetrics;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Counts the passages each camera's driver hands to its camera, by outcome, without driver or camera knowing:
 * the driver talks to a small forwarding actor that passes everything on to the camera unchanged and counts
 * the camera's answers to {@link Camera.RecordPassage}.
 */
public final class MeteredCameraDrivers implements CameraDriverFactory {
  /** Longer than any driver waits for its camera's answer, so the driver's own timeout decides. */
  private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(1);

  private final CameraDriverFactory drivers;
  private final ControllerMetrics metrics;

  /** A camera's answer to a passage, with whom to pass it on to. */
  private record Answered(Passage passage, Camera.Receipt receipt, ActorRef<Camera.Receipt> replyTo) {}

  public MeteredCameraDrivers(CameraDriverFactory drivers, ControllerMetrics metrics) {
    this.drivers = drivers;
    this.metrics = metrics;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Optional<Behavior<?>> driverFor(CityLayout.Camera camera, ActorRef<Camera.Command> self) {
    // Building a driver's behaviour starts nothing, so asking twice is harmless: once to learn whether the
    // camera has a driver, once with the forwarder in front of the camera.
    return drivers.driverFor(camera, self).map(any -> Behaviors.setup(ctx -> {
      ActorRef<Object> forwarder = ctx.spawnAnonymous(forwarder(camera.id(), self));
      return (Behavior<Object>) drivers.driverFor(camera, forwarder.narrow()).orElseThrow();
    }));
  }

  /** Takes the driver's {@link Camera.Command}s and its own {@link Answered}, hence {@code Object}. */
  private Behavior<Object> forwarder(String cameraId, ActorRef<Camera.Command> camera) {
    return Behaviors.setup(ctx -> Behaviors.receive(Object.class)
        .onMessage(Camera.RecordPassage.class, r -> {
          Asks.<Camera.Command, Camera.Receipt, Object>pipe(ctx, camera, ANSWER_TIMEOUT,
              replyTo -> new Camera.RecordPassage(r.passage(), r.pictures(), replyTo),
              (receipt, err) -> new Answered(r.passage(), receipt != null ? receipt : new Camera.Receipt(
                  r.passage().id(), Camera.Receipt.Outcome.RETRY, "camera did not answer: " + err), r.replyTo()));
          return Behaviors.same();
        })
        .onMessage(Answered.class, a -> {
          metrics.passage(cameraId, outcome(a));
          a.replyTo().tell(a.receipt());
          return Behaviors.same();
        })
        .onMessage(Camera.Command.class, c -> {
          camera.tell(c);
          return Behaviors.same();
        })
        .build());
  }

  private static String outcome(Answered a) {
    if (a.receipt().outcome() != Camera.Receipt.Outcome.TAKEN) {
      return "refused";
    }
    Passage p = a.passage();
    return p.plate().text().isEmpty() ? "unreadable" : p.belowThreshold() ? "low_confidence" : "read";
  }
}
