package nl.opencordon.controller.devices;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A camera in the street that publishes to MQTT as a real one would: heartbeats every 200 ms, passages with
 * QoS 1 when asked, a passage that the broker did not acknowledge is sent again with the same id, and it
 * reconnects every 100 ms while it is switched on and the broker is away.
 */
final class StreetCamera implements AutoCloseable {
  private final MqttClient client;
  private final String topic;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "street-camera");
    t.setDaemon(true);
    return t;
  });
  private final Set<String> acked = ConcurrentHashMap.newKeySet();
  private final AtomicInteger next = new AtomicInteger();
  private volatile boolean on = true;
  private volatile IntFunction<String> traffic;
  private String pending;
  private int tick;

  StreetCamera(String brokerUrl, String topicPrefix, String cameraId) throws MqttException {
    client = new MqttClient(brokerUrl, "street-" + cameraId + "-" + System.nanoTime(), new MemoryPersistence());
    client.setTimeToWait(1000);
    topic = topicPrefix + "/" + cameraId + "/";
    ticker.scheduleWithFixedDelay(this::tick, 0, 100, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      if (!on) {
        if (client.isConnected()) {
          client.disconnect();
        }
        return;
      }
      ensureConnected();
      if (++tick % 2 == 0) {
        client.publish(topic + "heartbeat", "{}".getBytes(StandardCharsets.UTF_8), 0, false);
      }
      IntFunction<String> source = traffic;
      if (pending == null && source != null) {
        pending = source.apply(next.incrementAndGet());
      }
      if (pending != null) {
        client.publish(topic + "passages", pending.getBytes(StandardCharsets.UTF_8), 1, false);
        acked.add(pending);
        pending = null;
      }
    } catch (MqttException e) {
      // broker away or no PUBACK: reconnect on the next tick; a pending passage goes again with its id
    }
  }

  private void ensureConnected() throws MqttException {
    if (!client.isConnected()) {
      MqttConnectOptions options = new MqttConnectOptions();
      options.setConnectionTimeout(1);
      client.connect(options);
    }
  }

  /** Switches the camera on or off (off: it disconnects and stays silent). */
  void power(boolean on) {
    this.on = on;
  }

  /** Publishes one passage per 100 ms, made by {@code records} from a sequence number. */
  void traffic(IntFunction<String> records) {
    traffic = records;
  }

  /** Makes no new passages, and returns once the broker acknowledged the one in flight. */
  void stopTraffic() throws Exception {
    traffic = null;
    FaultRig.await(Duration.ofSeconds(10), "the last passage acknowledged",
        () -> ticker.submit(() -> pending == null).get());
  }

  /** The passage records the broker acknowledged. */
  Set<String> acknowledged() {
    return acked;
  }

  /** Publishes one record now, with QoS 1; true when the broker acknowledged it. */
  boolean publish(String payload) {
    try {
      return ticker.submit(() -> {
        ensureConnected();
        client.publish(topic + "passages", payload.getBytes(StandardCharsets.UTF_8), 1, false);
        return true;
      }).get();
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() throws Exception {
    ticker.shutdownNow();
    ticker.awaitTermination(5, TimeUnit.SECONDS);
    if (client.isConnected()) {
      client.disconnectForcibly(100, 100);
    }
    client.close();
  }
}
