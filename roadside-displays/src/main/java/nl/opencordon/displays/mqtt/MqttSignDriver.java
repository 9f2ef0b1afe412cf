package nl.opencordon.displays.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.opencordon.actors.DeviceTls;
import nl.opencordon.actors.display.Display;
import nl.opencordon.actors.display.SignDriver;
import org.apache.pekko.Done;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sign that listens to an MQTT broker: what it is to show, {@code {"plate", "text", "allowed"}} as for the
 * HTTP sign, is published with QoS 1 and retained on {@code <topic-prefix>/<display-id>/show}, so a sign that
 * (re)connects gets the current text at once. A show completes when the broker acknowledged it; a ping
 * answers whether the broker connection is up. While it is down both fail at once, so the display actor
 * marks the sign degraded and then down, and up again once the connection is back; the connection is tried
 * again after a backoff that doubles from {@code reconnect-min-backoff} to {@code reconnect-max-backoff}.
 */
public final class MqttSignDriver implements SignDriver, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MqttSignDriver.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** From {@code anpr.roadside-displays.mqtt}, with a sign's own overrides. */
  public record Settings(String broker, String topicPrefix, String clientIdPrefix, Duration keepAlive,
                         Duration connectTimeout, Duration reconnectMinBackoff, Duration reconnectMaxBackoff,
                         String username, String password, DeviceTls tls) {
    public static Settings fromConfig(Config c) {
      return new Settings(c.getString("broker"), c.getString("topic-prefix"), c.getString("client-id-prefix"),
          c.getDuration("keep-alive"), c.getDuration("connect-timeout"), c.getDuration("reconnect-min-backoff"),
          c.getDuration("reconnect-max-backoff"), c.getString("username"), c.getString("password"),
          DeviceTls.fromConfig(c.getConfig("tls")));
    }

    public String topic(String displayId) {
      return topicPrefix + "/" + displayId + "/show";
    }
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
  private final Settings settings;
  private final String topic;
  private final MqttConnectOptions options = new MqttConnectOptions();
  // Paho runs its reader, writer, callback and pings here; daemon threads, so a sign never holds up a shutdown.
  private final ScheduledExecutorService executor;
  private final MqttAsyncClient client;
  private Duration backoff;
  private boolean closed;

  public MqttSignDriver(String displayId, Settings settings) {
    this.displayId = displayId;
    this.settings = settings;
    this.topic = settings.topic(displayId);
    this.backoff = settings.reconnectMinBackoff();
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(5, r -> {
      Thread t = new Thread(r, "mqtt-sign-" + displayId);
      t.setDaemon(true);
      return t;
    });
    pool.setRemoveOnCancelPolicy(true);
    this.executor = pool;
    try {
      client = new MqttAsyncClient(settings.broker(), settings.clientIdPrefix() + "-" + displayId,
          new MemoryPersistence(), new ScheduledExecutorPingSender(executor), executor);
    } catch (MqttException e) {
      executor.shutdownNow();
      throw new IllegalArgumentException("sign " + displayId + ": broker " + settings.broker() + ": " + e, e);
    }
    client.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        retry("connection to " + settings.broker() + " lost", cause);
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {}

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    });
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    options.setKeepAliveInterval((int) Math.max(1, settings.keepAlive().toSeconds()));
    options.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
    if (!settings.username().isEmpty()) {
      options.setUserName(settings.username());
      options.setPassword(settings.password().toCharArray());
    }
    settings.tls().socketFactory().ifPresent(options::setSocketFactory);
    connect();
  }

  private synchronized void connect() {
    if (closed || client.isConnected()) {
      return;
    }
    // settled once, by the answer or by the watchdog, whichever comes first
    AtomicBoolean settled = new AtomicBoolean();
    try {
      client.connect(options, null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          if (settled.compareAndSet(false, true)) {
            connected();
          }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
          if (settled.compareAndSet(false, true)) {
            retry("connect to " + settings.broker() + " failed", cause);
          }
        }
      });
    } catch (MqttException e) {
      settled.set(true);
      retry("connect to " + settings.broker() + " failed", e);
      return;
    }
    // Paho's connect timeout does not cover a broker that takes the connection and never answers it.
    executor.schedule(() -> {
      if (settled.compareAndSet(false, true)) {
        abandonAttempt();
        retry("connect to " + settings.broker() + " timed out", null);
      }
    }, settings.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
  }

  private void abandonAttempt() {
    try {
      client.disconnectForcibly(0, 0, false);
    } catch (MqttException e) {
      log.debug("Sign [{}] abandoning a connect attempt: {}", displayId, e.toString());
    }
  }

  private synchronized void connected() {
    backoff = settings.reconnectMinBackoff();
    log.info("Sign [{}] publishes to {} on {}", displayId, topic, settings.broker());
  }

  private synchronized void retry(String what, Throwable cause) {
    if (closed) {
      return;
    }
    log.warn("Sign [{}] {}: {}; trying again in {} ms", displayId, what, cause, backoff.toMillis());
    executor.schedule(this::connect, backoff.toMillis(), TimeUnit.MILLISECONDS);
    backoff = backoff.multipliedBy(2).compareTo(settings.reconnectMaxBackoff()) > 0
        ? settings.reconnectMaxBackoff() : backoff.multipliedBy(2);
  }

  @Override
  public CompletionStage<Done> show(Display.Message message) {
    CompletableFuture<Done> delivered = new CompletableFuture<>();
    if (!client.isConnected()) {
      delivered.completeExceptionally(notConnected());
      return delivered;
    }
    MqttMessage m = new MqttMessage(encode(message));
    m.setQos(1);
    m.setRetained(true);
    try {
      client.publish(topic, m, null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          delivered.complete(Done.getInstance());
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
          delivered.completeExceptionally(cause);
        }
      });
    } catch (MqttException e) {
      delivered.completeExceptionally(e);
    }
    return delivered;
  }

  @Override
  public CompletionStage<Done> ping() {
    return client.isConnected() ? CompletableFuture.completedFuture(Done.getInstance())
        : CompletableFuture.failedFuture(notConnected());
  }

  private IOException notConnected() {
    return new IOException("sign " + displayId + ": not connected to " + settings.broker());
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    try {
      if (client.isConnected()) {
        client.disconnectForcibly(0, 200);
      }
      client.close(true);
    } catch (MqttException e) {
      log.debug("Sign [{}] close: {}", displayId, e.toString());
    } finally {
      executor.shutdownNow();
    }
  }
}
