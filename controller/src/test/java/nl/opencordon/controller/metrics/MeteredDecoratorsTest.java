package nl.opencordon.controller.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Picture;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.VehicleCategory;
import nl.opencordon.monitoring.ControllerMetrics;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The metrics count the zones' answers, and the camera drivers' passages on their way unchanged. */
class MeteredDecoratorsTest {
  private static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void zoneAnswersAreCountedByOutcome() {
    ControllerMetrics metrics = new ControllerMetrics();
    ZoneDecisionMetrics answers = new ZoneDecisionMetrics(metrics);
    answers.answered("ze", new Zone.Decision(Zone.Decision.Outcome.NO_HIT, Optional.empty()), null);
    answers.answered("ze", new Zone.Decision(Zone.Decision.Outcome.CASE_OPENED, Optional.of("c-1")), null);
    answers.answered("ze", null, new IllegalStateException("journal down"));

    String scrape = metrics.scrape();
    assertTrue(scrape.contains("anpr_zone_decisions_total{outcome=\"NO_HIT\",zone=\"ze\"} 1.0"), scrape);
    assertTrue(scrape.contains("anpr_zone_decisions_total{outcome=\"CASE_OPENED\",zone=\"ze\"} 1.0"), scrape);
    assertTrue(scrape.contains("anpr_zone_decisions_total{outcome=\"failed\",zone=\"ze\"} 1.0"), scrape);
    assertTrue(scrape.contains("anpr_no_hits_discarded_total{zone=\"ze\"} 1.0"), scrape);
  }

  /** The pictures that came with a passage: the gate stores them as evidence when it decides a violation. */
  private static final List<Picture> PICTURES = List.of(new Picture("pushed://cam-1/p-1/0-overview", "image/jpeg",
      new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00}));

  @Test
  void passagesAreCountedByOutcomeAndEverythingReachesTheCamera() {
    ControllerMetrics metrics = new ControllerMetrics();
    TestProbe<Camera.Command> camera = kit.createTestProbe();
    TestProbe<Camera.Receipt> driverAcks = kit.createTestProbe();
    // a driver that sends what it is given to its camera and reports the camera's answers
    MeteredCameraDrivers drivers = new MeteredCameraDrivers((c, self) -> Optional.of(driver(self, driverAcks.ref())),
        metrics);
    Behavior<?> driver = drivers.driverFor(new CityLayout.Camera("cam-1", "gate", false, 1, null), camera.ref())
        .orElseThrow();
    kit.spawn(driver, "driver");

    Camera.RecordPassage read = camera.expectMessageClass(Camera.RecordPassage.class);
    assertEquals(PICTURES, read.pictures(), "the pictures travel on to the camera");
    Camera.Receipt taken = new Camera.Receipt("p-1", Camera.Receipt.Outcome.TAKEN, "");
    read.replyTo().tell(taken);
    assertEquals(taken, driverAcks.receiveMessage());
    Camera.RecordPassage refused = camera.expectMessageClass(Camera.RecordPassage.class);
    assertEquals("p-2", refused.passage().id());
    refused.replyTo().tell(new Camera.Receipt("p-2", Camera.Receipt.Outcome.REFUSED, "camera cam-1 is switched off"));
    assertEquals(Camera.Receipt.Outcome.REFUSED, driverAcks.receiveMessage().outcome());
    camera.expectMessageClass(Camera.Heartbeat.class);

    String scrape = metrics.scrape();
    assertTrue(scrape.contains("anpr_passages_total{camera=\"cam-1\",outcome=\"read\"} 1.0"), scrape);
    assertTrue(scrape.contains("anpr_passages_total{camera=\"cam-1\",outcome=\"refused\"} 1.0"), scrape);
  }

  /** Sends a passage, another once the first is taken, and a heartbeat once one is refused. */
  private static Behavior<Object> driver(ActorRef<Camera.Command> camera, ActorRef<Camera.Receipt> acks) {
    return Behaviors.setup(ctx -> {
      ActorRef<Camera.Receipt> answers = ctx.messageAdapter(Camera.Receipt.class, r -> r).narrow();
      camera.tell(new Camera.RecordPassage(passage("p-1", "VB001X"), PICTURES, answers));
      return Behaviors.receive(Object.class).onMessage(Camera.Receipt.class, reply -> {
        acks.tell(reply);
        if (reply.outcome() == Camera.Receipt.Outcome.TAKEN) {
          camera.tell(new Camera.RecordPassage(passage("p-2", "VB002X"), answers));
        } else {
          camera.tell(new Camera.Heartbeat(Instant.now()));
        }
        return Behaviors.same();
      }).build();
    });
  }

  private static Passage passage(String id, String plate) {
    return new Passage(id, Instant.now(), "cam-1", "T", 1, "zuid", new GeoPoint(52.09, 5.11), plate,
        Plate.dutch(plate), "hash", VehicleCategory.VAN, 0.9, List.of(), false,
        List.of(), Optional.empty());
  }
}
