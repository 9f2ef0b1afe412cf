package nl.opencordon.actors.mqtt;

import com.typesafe.config.Config;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.opencordon.actors.DeviceTls;
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
 * One connection of this node to a device broker, shared by all its cameras or all its signs (issue 26: a node
 * no longer opens a connection per device). It connects at once and, when the connection is lost or an attempt
 * fails, again after a backoff that doubles from {@code reconnect-min-backoff} to {@code reconnect-max-backoff}.
 * The topics subscribed through it are subscribed again on every connect. Acks are manual: a message received is
 * acknowledged (PUBACK) only by {@link #ack}, so whoever receives it decides when it is safe.
 */
public final class MqttConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);

  /**
   * How to reach the broker, from a driver's {@code mqtt} block; {@code clientId} names this node's connection
   * (stable across restarts where the session is kept: the broker keeps unacknowledged messages under it).
   */
  public record Settings(String broker, String clientId, boolean cleanSession, Duration keepAlive,
                         Duration connectTimeout, Duration reconnectMinBackoff, Duration reconnectMaxBackoff,
                         String username, String password, DeviceTls tls) {
    public static Settings fromConfig(Config c, String clientId, boolean cleanSession) {
      return new Settings(c.getString("broker"), clientId, cleanSession, c.getDuration("keep-alive"),
          c.getDuration("connect-timeout"), c.getDuration("reconnect-min-backoff"),
          c.getDuration("reconnect-max-backoff"), c.getString("username"), c.getString("password"),
          DeviceTls.fromConfig(c.getConfig("tls")));
    }

    public Settings withClientId(String id) {
      return new Settings(broker, id, cleanSession, keepAlive, connectTimeout, reconnectMinBackoff,
          reconnectMaxBackoff, username, password, tls);
    }
  }

  /** Told from Paho's threads: hand over, never block. */
  public interface Listener {
    default void connected() {}

    default void lost(String reason) {}

    default void arrived(Received message) {}
  }

  /** A message as it came in on one connection ({@code connection} counts the connects); acked only on that one. */
  public record Received(String topic, MqttMessage message, long connection) {}

  private final Settings settings;
  private final Listener listener;
  private final MqttConnectOptions options = new MqttConnectOptions();
  // Paho runs its reader, writer, callback and pings here; daemon threads, so a connection never holds up a shutdown.
  private final ScheduledExecutorService executor;
  private final MqttAsyncClient client;
  private final Map<String, Integer> subscribed = new LinkedHashMap<>();
  private Duration backoff;
  private boolean closed;
  // volatile: read on Paho's callback thread and by ack from any thread
  private volatile long connection;

  public MqttConnection(Settings settings, Listener listener) {
    this.settings = settings;
    this.listener = listener;
    this.backoff = settings.reconnectMinBackoff();
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(5, r -> {
      Thread t = new Thread(r, "mqtt-" + settings.clientId());
      t.setDaemon(true);
      return t;
    });
    pool.setRemoveOnCancelPolicy(true);
    this.executor = pool;
    try {
      client = new MqttAsyncClient(settings.broker(), settings.clientId(), new MemoryPersistence(),
          new ScheduledExecutorPingSender(executor), executor);
    } catch (MqttException e) {
      executor.shutdownNow();
      throw new IllegalArgumentException("MQTT broker " + settings.broker() + ": " + e, e);
    }
    client.setManualAcks(true);
    client.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        retry("connection to " + settings.broker() + " lost", cause);
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        listener.arrived(new Received(topic, message, connection));
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    });
    options.setCleanSession(settings.cleanSession());
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

  public String clientId() {
    return settings.clientId();
  }

  private synchronized void connect() {
    if (closed || client.isConnected()) {
      return;
    }
    // settled once, by the answer or by the watchdog, whichever comes first
    AtomicBoolean settled = new AtomicBoolean();
    // counted before the attempt: what the broker sends right after accepting it belongs to the new connection
    connection++;
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
      log.debug("MQTT [{}] abandoning a connect attempt: {}", settings.clientId(), e.toString());
    }
  }

  private synchronized void connected() {
    backoff = settings.reconnectMinBackoff();
    log.info("MQTT [{}] connected to {}", settings.clientId(), settings.broker());
    sendSubscribe(Map.copyOf(subscribed));
    listener.connected();
  }

  private synchronized void retry(String what, Throwable cause) {
    if (closed) {
      return;
    }
    listener.lost("MQTT " + what + ": " + cause);
    log.warn("MQTT [{}] {}: {}; trying again in {} ms", settings.clientId(), what, cause, backoff.toMillis());
    executor.schedule(this::connect, backoff.toMillis(), TimeUnit.MILLISECONDS);
    backoff = backoff.multipliedBy(2).compareTo(settings.reconnectMaxBackoff()) > 0
        ? settings.reconnectMaxBackoff() : backoff.multipliedBy(2);
  }

  /** Subscribes now if connected, and again on every connect. */
  public synchronized void subscribe(Map<String, Integer> topics) {
    subscribed.putAll(topics);
    sendSubscribe(topics);
  }

  /** Drops topics: what arrives for them after this is no longer asked for. */
  public synchronized void unsubscribe(String... topics) {
    for (String topic : topics) {
      subscribed.remove(topic);
    }
    if (client.isConnected() && topics.length > 0) {
      try {
        client.unsubscribe(topics);
      } catch (MqttException e) {
        log.debug("MQTT [{}] unsubscribe: {}", settings.clientId(), e.toString());
      }
    }
  }

  private void sendSubscribe(Map<String, Integer> topics) {
    if (!client.isConnected() || topics.isEmpty()) {
      return;
    }
    try {
      client.subscribe(topics.keySet().toArray(String[]::new),
          topics.values().stream().mapToInt(Integer::intValue).toArray(), null, new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              log.debug("MQTT [{}] subscribed to {}", settings.clientId(), topics.keySet());
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
              // not retried: a broker that refuses it (its ACL) would refuse it again; the cameras fall silent
              log.warn("MQTT [{}] subscription to {} refused: {}", settings.clientId(), topics.keySet(),
                  cause.toString());
            }
          });
    } catch (MqttException e) {
      log.debug("MQTT [{}] subscribe: {}", settings.clientId(), e.toString());
    }
  }

  /** Completes when the broker has the message (QoS 1: its PUBACK); fails at once while not connected. */
  public CompletionStage<Done> publish(String topic, byte[] payload, int qos, boolean retained) {
    CompletableFuture<Done> delivered = new CompletableFuture<>();
    if (!client.isConnected()) {
      delivered.completeExceptionally(notConnected());
      return delivered;
    }
    MqttMessage m = new MqttMessage(payload);
    m.setQos(qos);
    m.setRetained(retained);
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

  /**
   * False once the connection it came on is gone: the broker sends it again on the new one, and an ack now would
   * carry an id the broker may have given another message since.
   */
  public boolean isCurrent(Received received) {
    return received.connection() == connection && client.isConnected();
  }

  /** The PUBACK of a message received, on the connection it came on; none after a reconnect (see isCurrent). */
  public synchronized void ack(Received received) {
    if (!isCurrent(received)) {
      return;
    }
    try {
      client.messageArrivedComplete(received.message().getId(), received.message().getQos());
    } catch (MqttException e) {
      log.debug("MQTT [{}] ack of message {} failed: {}", settings.clientId(), received.message().getId(),
          e.toString());
    }
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  public IOException notConnected() {
    return new IOException("not connected to " + settings.broker());
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
      log.debug("MQTT [{}] close: {}", settings.clientId(), e.toString());
    } finally {
      executor.shutdownNow();
    }
  }
}
