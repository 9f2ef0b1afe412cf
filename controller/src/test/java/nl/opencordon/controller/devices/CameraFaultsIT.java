package nl.opencordon.controller.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import nl.opencordon.actors.DeviceHealth;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Camera faults against a real broker and database, repeated to measure how long the controller takes to
 * heal without an operator: a camera sending garbage, a camera that disconnects and reconnects, and an MQTT
 * broker restart. In each, every passage the controller (or the broker) acknowledged reaches the camera actor.
 */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CameraFaultsIT {
  private static final int REPEATS = 5;
  private PrivateBroker broker;
  private FaultRig rig;
  private StreetCamera street;

  @BeforeAll
  void start() throws Exception {
    broker = PrivateBroker.start();
    rig = new FaultRig("anpr.camera-drivers.cameras { \"mqtt-1\" { driver = mqtt, broker = \"" + broker.url()
        + "\" } }");
    street = new StreetCamera(broker.url(), "cordon/cameras", "mqtt-1");
    rig.awaitHealth("mqtt-1", DeviceHealth.UP, Instant.EPOCH, Duration.ofSeconds(20));
  }

  @AfterAll
  void stop() throws Exception {
    rig.report("Camera faults (CameraFaultsIT)");
    street.close();
    rig.close();
    broker.close();
  }

  @Test
  void aCameraSendingGarbageIsRefusedRecordByRecordAndItsGoodPassagesStillCount() throws Exception {
    int httpBefore = rig.accepted("push-1");
    int mqttBefore = rig.accepted("mqtt-1");
    for (int i = 0; i < REPEATS; i++) {
      assertEquals(400, rig.push("{\"id\": \"g-" + i + "\", \"plate\": ").statusCode());
      HttpResponse<String> mixed = rig.push("[" + FaultRig.record("gh-" + i, FaultRig.plate(1000 + i))
          + ", {\"id\": \"bad-" + i + "\", \"timestamp\": \"noon\"}]");
      assertEquals(400, mixed.statusCode());
      assertTrue(mixed.body().contains("\"accepted\":1"), mixed.body());
      Instant garbageEnd = Instant.now();
      assertEquals(200, rig.push(FaultRig.record("g-ok-" + i, FaultRig.plate(1100 + i))).statusCode());
      rig.recovered("garbage over HTTP: next good record acknowledged", garbageEnd, Instant.now());

      assertTrue(street.publish("\u0000garbage " + i));
      garbageEnd = Instant.now();
      assertTrue(street.publish(FaultRig.record("gm-" + i, FaultRig.plate(1200 + i))));
      int expected = mqttBefore + i + 1;
      Instant taken = FaultRig.await(Duration.ofSeconds(5), "MQTT passage after garbage",
          () -> rig.accepted("mqtt-1") >= expected);
      rig.recovered("garbage over MQTT: next good record taken by the camera actor", garbageEnd, taken);
    }
    assertEquals(httpBefore + 2 * REPEATS, rig.accepted("push-1"), "every acknowledged HTTP record counted");
    assertEquals(mqttBefore + REPEATS, rig.accepted("mqtt-1"));
    String metrics = rig.controller.metrics().scrape();
    assertTrue(metrics.contains("anpr_passages_ingested_total{camera=\"push-1\",channel=\"http\",outcome=\"malformed\"} "
        + 2 * REPEATS), metrics);
    assertTrue(metrics.contains("anpr_passages_ingested_total{camera=\"mqtt-1\",channel=\"mqtt\",outcome=\"malformed\"} "
        + REPEATS), metrics);
    assertEquals(DeviceHealth.UP, rig.camera("mqtt-1").health(), "garbage does not take a camera down");
  }

  @Test
  void aCameraThatDisconnectsIsMarkedDownAndComesBackOnItsOwn() throws Exception {
    for (int i = 0; i < REPEATS; i++) {
      Instant off = Instant.now();
      street.power(false);
      rig.awaitHealth("mqtt-1", DeviceHealth.DOWN, off, Duration.ofSeconds(5));
      int before = rig.accepted("mqtt-1");
      Instant back = Instant.now();
      street.power(true);
      assertTrue(street.publish(FaultRig.record("dc-" + i, FaultRig.plate(2000 + i))));
      Instant up = rig.awaitHealth("mqtt-1", DeviceHealth.UP, back, Duration.ofSeconds(10));
      rig.recovered("camera disconnect/reconnect: camera UP after it reconnects", back, up);
      Instant taken = FaultRig.await(Duration.ofSeconds(10), "passage after reconnect",
          () -> rig.accepted("mqtt-1") > before);
      rig.recovered("camera disconnect/reconnect: first passage taken after it reconnects", back, taken);
    }
  }

  @Test
  void aBrokerRestartLosesNoAcknowledgedPassage() throws Exception {
    int before = rig.accepted("mqtt-1");
    street.traffic(n -> FaultRig.record("br-" + n, FaultRig.plate(3000 + n)));
    for (int i = 0; i < REPEATS; i++) {
      int acked = street.acknowledged().size();
      FaultRig.await(Duration.ofSeconds(10), "traffic flowing", () -> street.acknowledged().size() > acked + 3);
      Instant stopped = Instant.now();
      broker.stop();
      rig.awaitHealth("mqtt-1", DeviceHealth.DOWN, stopped, Duration.ofSeconds(10));
      int acceptedWhileDown = rig.accepted("mqtt-1");
      Instant back = broker.restart();
      Instant up = rig.awaitHealth("mqtt-1", DeviceHealth.UP, back, Duration.ofSeconds(30));
      rig.recovered("MQTT broker restart: camera UP after the broker is back", back, up);
      Instant taken = FaultRig.await(Duration.ofSeconds(30), "passage after broker restart",
          () -> rig.accepted("mqtt-1") > acceptedWhileDown);
      rig.recovered("MQTT broker restart: first passage taken after the broker is back", back, taken);
    }
    street.stopTraffic();
    int published = street.acknowledged().size();
    FaultRig.await(Duration.ofSeconds(30), "every passage the broker acknowledged reaches the camera",
        () -> rig.accepted("mqtt-1") - before == published);
  }
}
