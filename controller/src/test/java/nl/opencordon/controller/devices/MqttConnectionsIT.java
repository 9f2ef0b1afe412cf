package nl.opencordon.controller.devices;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import nl.opencordon.actors.DeviceHealth;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.actors.display.Display;
import nl.opencordon.controller.Controller;
import nl.opencordon.controller.TestControllers;
import nl.opencordon.domain.CityBuilder;
import nl.opencordon.domain.ExemptionRegistry;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.TestDatabase;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * Issue 26: a controller node with six MQTT cameras and three MQTT signs opens two connections to the broker (one
 * for the cameras, one for the signs), counted by a broker of the test's own in {@code $SYS/broker/clients/connected};
 * and every camera's heartbeat and every sign's ping still goes through them.
 */
class MqttConnectionsIT {
  private static final int CAMERAS = 6;
  private static final int SIGNS = 3;

  @Test
  void aNodeWithSixCamerasAndThreeSignsOnMqttOpensTwoConnections() throws Exception {
    CityBuilder city = CityBuilder.named("Verbindingstad")
        .zone("ze", "ZE-zone", CityBuilder.NATIONAL_ZE, CityBuilder.PHASED_2025)
        .gate("in", "ze", "entry", 52.09, 5.11);
    IntStream.rangeClosed(1, CAMERAS).forEach(i -> city.camera("cam-" + i, "in", "V-0" + i, "Weerdsingel", "zuid",
        "lane = " + i));
    IntStream.rangeClosed(1, SIGNS).forEach(i -> city.display("led-" + i, "in"));
    try (PrivateBroker broker = PrivateBroker.start(); Database database = Database.open(TestDatabase.freshSchema())) {
      String cameras = IntStream.rangeClosed(1, CAMERAS).mapToObj(i -> "\"cam-" + i + "\" {driver = mqtt}")
          .collect(Collectors.joining(", "));
      String signs = IntStream.rangeClosed(1, SIGNS).mapToObj(i -> "\"led-" + i + "\" {driver = mqtt}")
          .collect(Collectors.joining(", "));
      Controller controller = Controller.start(TestControllers.config("""
              anpr.camera-drivers.cameras { %s }
              anpr.camera-drivers.mqtt.broker = "%s"
              anpr.roadside-displays.signs { %s }
              anpr.roadside-displays.mqtt.broker = "%s"
              anpr.actors.display.ping-interval = 1s
              """.formatted(cameras, broker.url(), signs, broker.url())), database,
          TestControllers.city(city.hocon()), new Controller.Adapters(
              plate -> CompletableFuture.completedFuture(Optional.empty()), new ExemptionRegistry(),
              CameraDriverFactory.NONE, d -> {
                throw new AssertionError("every sign has its driver: " + d.id());
              }));
      MqttClient observer = new MqttClient(broker.url(), "observer", new MemoryPersistence());
      try {
        observer.connect();
        AtomicInteger connected = new AtomicInteger(-1);
        // retained, and published every sys_interval (1 s in the private broker)
        observer.subscribe("$SYS/broker/clients/connected", 0, (topic, m) ->
            connected.set(Integer.parseInt(new String(m.getPayload(), StandardCharsets.UTF_8).trim())));
        for (int i = 1; i <= CAMERAS; i++) {
          String camera = "cam-" + i;
          await(camera + " UP by its heartbeats").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
              .untilAsserted(() -> {
                observer.publish("cordon/cameras/" + camera + "/heartbeat", "{}".getBytes(StandardCharsets.UTF_8), 0,
                    false);
                assertEquals(DeviceHealth.UP, status(controller, camera).health());
              });
        }
        for (int i = 1; i <= SIGNS; i++) {
          String sign = "led-" + i;
          await(sign + " UP").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
              assertEquals(DeviceHealth.UP, display(controller, sign).health()));
        }
        // the controller's two and the observer
        await("two connections of the controller").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertEquals(3, connected.get()));
        System.out.printf("MQTT: %d cameras and %d signs on one node, %d connections to the broker%n", CAMERAS,
            SIGNS, connected.get() - 1);
      } finally {
        observer.disconnect();
        observer.close();
        controller.close();
      }
    }
  }

  private static Camera.Status status(Controller controller, String id) throws Exception {
    return AskPattern.<Camera.Command, Camera.Status>ask(controller.devices().cameras().get(id),
        Camera.GetStatus::new, Duration.ofSeconds(5), controller.system().scheduler()).toCompletableFuture().get();
  }

  private static Display.Status display(Controller controller, String id) throws Exception {
    return AskPattern.<Display.Command, Display.Status>ask(controller.devices().displays().get(id),
        Display.GetStatus::new, Duration.ofSeconds(5), controller.system().scheduler()).toCompletableFuture().get();
  }
}
