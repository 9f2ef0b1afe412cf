package nl.opencordon.displays.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.opencordon.actors.display.Display;
import nl.opencordon.actors.display.SignDriver;
import nl.opencordon.actors.mqtt.MqttConnection;
import org.apache.pekko.Done;

/**
 * A sign that listens to an MQTT broker: what it is to show, {@code {"plate", "text", "allowed"}} as for the
 * HTTP sign, is published with QoS 1 and retained on {@code <topic-prefix>/<display-id>/show}, so a sign that
 * (re)connects gets the current text at once. The signs of a node share one connection (a clean session), which
 * {@link MqttConnection} keeps up. A show completes when the broker acknowledged it; a ping answers whether the
 * broker connection is up. While it is down both fail at once, so the display actor marks the sign degraded and
 * then down, and up again once the connection is back.
 */
public final class MqttSignDriver implements SignDriver, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A sign's topic, from its {@code mqtt} block. */
  public static String topic(Config mqtt, String displayId) {
    return mqtt.getString("topic-prefix") + "/" + displayId + "/show";
  }

  /** The message as it goes over the wire. */
  public static byte[] encode(Display.Message message) {
    try {
      return JSON.writeValueAsBytes(message);
    } catch (IOException e) {
      throw new IllegalStateException("a sign message is always JSON", e);
    }
  }

  /** What a sign reads from the wire. */
  public static Display.Message decode(byte[] payload) throws IOException {
    return JSON.readValue(payload, Display.Message.class);
  }

  private final String displayId;
  private final String topic;
  private final MqttConnection connection;
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** @param release tells the node's connection that this sign no longer uses it */
  public MqttSignDriver(String displayId, String topic, MqttConnection connection, Runnable release) {
    this.displayId = displayId;
    this.topic = topic;
    this.connection = connection;
    this.release = release;
  }

  @Override
  public CompletionStage<Done> show(Display.Message message) {
    return connection.publish(topic, encode(message), 1, true);
  }

  @Override
  public CompletionStage<Done> ping() {
    return connection.isConnected() ? CompletableFuture.completedFuture(Done.getInstance())
        : CompletableFuture.failedFuture(new IOException("sign " + displayId + ": "
            + connection.notConnected().getMessage()));
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release.run();
    }
  }
}
