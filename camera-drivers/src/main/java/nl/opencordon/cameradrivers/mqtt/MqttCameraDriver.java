package nl.opencordon.cameradrivers.mqtt;

import com.typesafe.config.Config;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import nl.opencordon.actors.DeviceTls;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.cameradrivers.HandOff;
import nl.opencordon.cameradrivers.IngestListener;
import nl.opencordon.cameradrivers.PassageFormat;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Passage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera that publishes to an MQTT broker: passages (our JSON format, one or a batch) on
 * {@code <prefix>/<camera>/passages} with QoS 1, and heartbeats on {@code <prefix>/<camera>/heartbeat}. The
 * subscription is a persistent session (clean session off, stable client id) with manual acks: a message is
 * acknowledged to the broker (PUBACK) only once what each of its passages led to is safe (the zone's decision
 * persisted, or a no-hit), so the broker redelivers whatever was not acknowledged when the connection or
 * this driver died, or when a passage could not be decided (the driver then reconnects to have it resent).
 * A lost connection tells the camera and fails the driver, which its camera restarts with backoff: that is
 * the reconnect.
 */
public final class MqttCameraDriver extends AbstractBehavior<MqttCameraDriver.Command> {

  interface Command {}

  /*
   * Messages from the client carry the client they came from: after a restart this actor (same ref) has a
   * new client, and what the old one still reports must not be taken for the new one's.
   */
  private record Connected(MqttAsyncClient source) implements Command {}

  /** Paho's own connect timeout is not trusted to fire: this one makes sure a hung attempt fails. */
  private enum ConnectTimedOut implements Command { INSTANCE }

  private enum TimerKey { CONNECT }

  private record Failed(MqttAsyncClient source, String what, Throwable cause) implements Command {}

  private record Arrived(MqttAsyncClient source, String topic, int messageId, int qos, byte[] payload)
      implements Command {}

  private record HandedOff(MqttAsyncClient source, int messageId, int qos, List<Camera.Receipt> receipts,
                           Throwable failure) implements Command {}

  /** Thrown to have the camera restart this driver, with backoff. */
  static final class ConnectionFailed extends IOException {
    ConnectionFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final String CHANNEL = "mqtt";
  private static final Logger log = LoggerFactory.getLogger(MqttCameraDriver.class);

  /** From {@code anpr.camera-drivers.mqtt}; {@code username}, {@code password} and {@code tls} are this node's. */
  public record Settings(String broker, String topicPrefix, String clientIdPrefix, Duration keepAlive,
                         Duration connectTimeout, Duration ackTimeout, String username, String password,
                         DeviceTls tls) {
    public static Settings fromConfig(Config c) {
      return new Settings(c.getString("broker"), c.getString("topic-prefix"), c.getString("client-id-prefix"),
          c.getDuration("keep-alive"), c.getDuration("connect-timeout"), c.getDuration("ack-timeout"),
          c.getString("username"), c.getString("password"), DeviceTls.fromConfig(c.getConfig("tls")));
    }

    public Settings withBroker(String url) {
      return new Settings(url, topicPrefix, clientIdPrefix, keepAlive, connectTimeout, ackTimeout, username,
          password, tls);
    }

    String topic(String cameraId, String kind) {
      return topicPrefix + "/" + cameraId + "/" + kind;
    }
  }

  public static Behavior<Command> create(CityLayout.Camera camera, ActorRef<Camera.Command> target,
                                         Settings settings, PassageFormat format, IngestListener listener) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new MqttCameraDriver(ctx, timers, camera, target, settings, format, listener)));
  }

  private final TimerScheduler<Command> timers;
  private final CityLayout.Camera camera;
  private final ActorRef<Camera.Command> target;
  private final Settings settings;
  private final PassageFormat format;
  private final IngestListener listener;
  private final MqttAsyncClient client;
  private final String passagesTopic;
  private final String heartbeatTopic;

  private MqttCameraDriver(ActorContext<Command> ctx, TimerScheduler<Command> timers, CityLayout.Camera camera,
                           ActorRef<Camera.Command> target, Settings settings, PassageFormat format,
                           IngestListener listener) throws MqttException {
    super(ctx);
    this.timers = timers;
    this.camera = camera;
    this.target = target;
    this.settings = settings;
    this.format = format;
    this.listener = listener;
    this.passagesTopic = settings.topic(camera.id(), "passages");
    this.heartbeatTopic = settings.topic(camera.id(), "heartbeat");
    // A stable client id and no clean session: the broker keeps our subscription and unacked messages.
    client = new MqttAsyncClient(settings.broker(), settings.clientIdPrefix() + "-" + camera.id(),
        new MemoryPersistence());
    client.setManualAcks(true);
    ActorRef<Command> self = ctx.getSelf();
    client.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        self.tell(new Failed(client, "connection lost", cause));
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        self.tell(new Arrived(client, topic, message.getId(), message.getQos(), message.getPayload()));
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    });
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(false);
    options.setAutomaticReconnect(false);
    options.setKeepAliveInterval((int) Math.max(1, settings.keepAlive().toSeconds()));
    options.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
    if (!settings.username().isEmpty()) {
      options.setUserName(settings.username());
      options.setPassword(settings.password().toCharArray());
    }
    settings.tls().socketFactory().ifPresent(options::setSocketFactory);
    timers.startSingleTimer(TimerKey.CONNECT, ConnectTimedOut.INSTANCE, settings.connectTimeout().plusSeconds(1));
    client.connect(options, null, new IMqttActionListener() {
      @Override
      public void onSuccess(IMqttToken token) {
        subscribe(self);
      }

      @Override
      public void onFailure(IMqttToken token, Throwable cause) {
        self.tell(new Failed(client, "connect to " + settings.broker() + " failed", cause));
      }
    });
  }

  private void subscribe(ActorRef<Command> self) {
    try {
      client.subscribe(new String[] {passagesTopic, heartbeatTopic}, new int[] {1, 0}, null,
          new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              self.tell(new Connected(client));
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
              self.tell(new Failed(client, "subscribe failed", cause));
            }
          });
    } catch (MqttException e) {
      self.tell(new Failed(client, "subscribe failed", e));
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Connected.class, m -> m.source() == client, m -> onConnected())
        .onMessageEquals(ConnectTimedOut.INSTANCE, () -> onFailed(new Failed(client, "connect to "
            + settings.broker() + " timed out", null)))
        .onMessage(Failed.class, m -> m.source() == client, this::onFailed)
        .onMessage(Arrived.class, m -> m.source() == client, this::onArrived)
        .onMessage(Connected.class, this::stale)
        .onMessage(Failed.class, this::stale)
        .onMessage(Arrived.class, this::stale)
        .onMessage(HandedOff.class, m -> m.source() == client, this::onHandedOff)
        .onMessage(HandedOff.class, this::stale)
        .onSignal(PreRestart.class, s -> close())
        .onSignal(PostStop.class, s -> close())
        .build();
  }

  /** From a client of before a restart: it is being closed; what it received the broker sends again. */
  private Behavior<Command> stale(Command m) {
    return this;
  }

  private Behavior<Command> onConnected() {
    timers.cancel(TimerKey.CONNECT);
    getContext().getLog().info("Camera [{}] subscribed to {} on {}", camera.id(), passagesTopic, settings.broker());
    return this;
  }

  private Behavior<Command> onFailed(Failed f) throws ConnectionFailed {
    String reason = "MQTT " + f.what() + ": " + f.cause();
    target.tell(new Camera.DriverFailed(reason));
    throw new ConnectionFailed(reason, f.cause());
  }

  private Behavior<Command> onArrived(Arrived m) {
    if (m.topic().equals(heartbeatTopic)) {
      target.tell(new Camera.Heartbeat(Instant.now()));
      ack(m.messageId(), m.qos());
      return this;
    }
    List<PassageFormat.Result> results = format.decode(camera, m.payload());
    List<PassageFormat.Valid> valid = results.stream().filter(r -> r instanceof PassageFormat.Valid)
        .map(r -> (PassageFormat.Valid) r).toList();
    int malformed = results.size() - valid.size();
    if (malformed > 0) {
      // Garbage is acknowledged too: redelivering it would not make it any better.
      listener.passages(camera.id(), CHANNEL, "malformed", malformed);
      getContext().getLog().warn("Camera [{}] sent {} malformed of {} records over MQTT, e.g. {}", camera.id(),
          malformed, results.size(), results.stream().filter(r -> r instanceof PassageFormat.Invalid)
              .findFirst().map(r -> ((PassageFormat.Invalid) r).errors()).orElseThrow());
    }
    if (valid.isEmpty()) {
      ack(m.messageId(), m.qos());
      return this;
    }
    getContext().pipeToSelf(HandOff.toCamera(target, valid, settings.ackTimeout(), getContext().getSystem().scheduler()),
        (receipts, err) -> new HandedOff(client, m.messageId(), m.qos(), receipts, err));
    return this;
  }

  private Behavior<Command> onHandedOff(HandedOff h) throws ConnectionFailed {
    if (h.failure() != null) {
      // Not acknowledged: the restart reconnects and the broker redelivers the message.
      return onFailed(new Failed(client, "hand-off to the camera failed", h.failure()));
    }
    for (Camera.Receipt.Outcome outcome : Camera.Receipt.Outcome.values()) {
      int count = (int) h.receipts().stream().filter(r -> r.outcome() == outcome).count();
      if (count > 0) {
        listener.passages(camera.id(), CHANNEL, outcome == Camera.Receipt.Outcome.TAKEN ? "accepted"
            : outcome.name().toLowerCase(java.util.Locale.ROOT), count);
      }
    }
    if (h.receipts().stream().anyMatch(r -> r.outcome() == Camera.Receipt.Outcome.RETRY)) {
      // No PUBACK: MQTT 3.1.1 redelivers only on a new connection, so the restart (with backoff) has the broker
      // send the message again; its passages already taken are recognised by id.
      return onFailed(new Failed(client, "passages not decided yet", null));
    }
    ack(h.messageId(), h.qos());
    return this;
  }

  private void ack(int messageId, int qos) {
    try {
      client.messageArrivedComplete(messageId, qos);
    } catch (MqttException e) {
      // The connection is gone; the broker redelivers after the reconnect and the camera drops the resend.
      getContext().getLog().debug("Camera [{}] ack of message {} failed: {}", camera.id(), messageId, e.toString());
    }
  }

  /** Closes the client off the actor's thread: Paho's disconnect and close block and may wait on its threads. */
  private Behavior<Command> close() {
    MqttAsyncClient closing = client;
    String id = camera.id();
    CompletableFuture.runAsync(() -> {
      try {
        if (closing.isConnected()) {
          closing.disconnectForcibly(0, 200);
        }
        closing.close(true);
      } catch (MqttException e) {
        log.debug("Camera [{}] close: {}", id, e.toString());
      }
    }, getContext().getSystem().dispatchers().lookup(DispatcherSelector.blocking()));
    return this;
  }
}
