package nl.opencordon.displays.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import nl.opencordon.actors.DeviceHealth;
import com.typesafe.config.ConfigFactory;
import nl.opencordon.actors.display.Display;
import nl.opencordon.displays.SignDrivers;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.GeoPoint;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The MQTT sign driver, made by {@link SignDrivers} as the controller makes it, against the real Mosquitto at
 * 127.0.0.1:1883, reached through a TCP relay that the test can cut, to play a broker that goes away and comes
 * back, and that counts the connections: the signs of a node share one.
 */
@ExtendWith(LogCapturingExtension.class)
class MqttSignDriverIT {
  static final URI BROKER = URI.create(System.getenv().getOrDefault("ANPR_TEST_MQTT_BROKER", "tcp://127.0.0.1:1883"));
  static final ActorTestKit testKit = ActorTestKit.create();

  private String signId;
  private Relay relay;
  private SignDrivers signs;
  private MqttSignDriver driver;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void start() throws IOException {
    signId = "sign-" + UUID.randomUUID().toString().substring(0, 8);
    relay = new Relay(new InetSocketAddress(BROKER.getHost(), BROKER.getPort()));
    signs = signs(2, signId);
    driver = sign(signId);
  }

  /** The sign drivers as the controller makes them, for these signs, through the relay. */
  private SignDrivers signs(int connectTimeoutSeconds, String... ids) {
    StringBuilder listed = new StringBuilder();
    for (String id : ids) {
      listed.append('"').append(id).append("\" {driver = mqtt}\n");
    }
    return new SignDrivers(ConfigFactory.parseString("""
        signs { %s }
        mqtt { broker = "tcp://127.0.0.1:%d", topic-prefix = "test/signs", client-id-prefix = "sign-it",
               connect-timeout = %ds, reconnect-min-backoff = 100ms, reconnect-max-backoff = 400ms }
        """.formatted(listed, relay.port(), connectTimeoutSeconds))
        .withFallback(ConfigFactory.defaultReference().getConfig("anpr.roadside-displays")).resolve(), d -> null);
  }

  private MqttSignDriver sign(String id) {
    return (MqttSignDriver) signs.apply(new CityLayout.Display(id, "noord", new GeoPoint(52.0, 5.0)));
  }

  @AfterEach
  void stop() throws Exception {
    driver.close();
    relay.close();
    // no retained message of this test stays on the broker
    MqttClient cleaner = new MqttClient(BROKER.toString(), "cleaner-" + signId, new MemoryPersistence());
    cleaner.connect();
    cleaner.publish("test/signs/" + signId + "/show", new byte[0], 1, true);
    cleaner.disconnect();
    cleaner.close();
  }

  @Test
  void publishesWhatTheSignShowsRetainedWithQos1() throws Exception {
    Display.Message message = new Display.Message("VB-001-X", "GEEN TOEGANG", false);
    awaitConnected();
    driver.show(message).toCompletableFuture().get(5, TimeUnit.SECONDS);

    // A sign that connects after the publication still gets it: the message is retained.
    BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
    MqttClient sign = new MqttClient(BROKER.toString(), "reader-" + signId, new MemoryPersistence());
    sign.connect();
    try {
      sign.subscribe("test/signs/" + signId + "/show", 1, (topic, m) -> received.add(m));
      MqttMessage m = received.poll(5, TimeUnit.SECONDS);
      assertTrue(m != null, "the sign got the retained message");
      assertTrue(m.isRetained());
      assertEquals(1, m.getQos());
      assertEquals(message, MqttSignDriver.decode(m.getPayload()));

      Display.Message next = new Display.Message("VB-002-X", "TOEGESTAAN", true);
      driver.show(next).toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertEquals(next, MqttSignDriver.decode(received.poll(5, TimeUnit.SECONDS).getPayload()));
    } finally {
      sign.disconnect();
      sign.close();
    }
  }

  @Test
  void withoutTheBrokerCallsFailAtOnce() throws Exception {
    awaitConnected();
    relay.cut();
    // the cut is noticed when the socket reports it; until then a call may still get through the old one
    ExecutionException e = await("a ping failing once the broker is cut").atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20)).until(() -> {
          try {
            driver.ping().toCompletableFuture().get(1, TimeUnit.SECONDS);
            return null;
          } catch (ExecutionException failed) {
            return failed;
          }
        }, Objects::nonNull);
    assertEquals(IOException.class, e.getCause().getClass());
    ExecutionException show = assertThrows(ExecutionException.class, () -> driver.show(
        new Display.Message("VB-001-X", "GEEN TOEGANG", false)).toCompletableFuture().get(1, TimeUnit.SECONDS));
    assertEquals(IOException.class, show.getCause().getClass());
  }

  @Test
  void theDisplayMarksTheSignDownWhileTheBrokerIsGoneAndUpWhenItIsBack() throws Exception {
    ActorRef<Display.Command> display = testKit.spawn(Display.create(signId, driver, new Display.Settings(
        Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(6), 5, Duration.ofMillis(500),
        Duration.ofMillis(200), 2)));
    TestProbe<Display.Status> probe = testKit.createTestProbe();
    awaitConnected(); // a display starts out UP: wait for the connection itself before cutting it
    awaitHealth(display, probe, DeviceHealth.UP);
    relay.cut();
    awaitHealth(display, probe, DeviceHealth.DOWN);
    relay.restore();
    // reconnects by itself, with backoff (at most 400 ms between attempts here)
    awaitHealth(display, probe, DeviceHealth.UP);
    assertTrue(relay.connections() >= 2, "a new connection was made");
  }

  @Test
  void aBrokerThatNeverAnswersIsLeftAndTriedAgain() throws Exception {
    driver.close();
    relay.close();
    relay = new Relay(new InetSocketAddress(BROKER.getHost(), BROKER.getPort()));
    relay.blackhole(true); // takes the connection, never answers the CONNECT
    signs = signs(1, signId);
    driver = sign(signId);
    // the watchdog gives up on the hung attempt after connect-timeout + 1 s and connects again
    await("a hung connect attempt left for a new one").atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50)).until(() -> relay.connections() >= 2);
    relay.blackhole(false);
    awaitConnected();
  }

  @Test
  void theSignsOfANodeShareOneConnectionWhileAnyOfThemRuns() throws Exception {
    driver.close();
    String second = signId + "-b";
    signs = signs(2, signId, second);
    int before = relay.connections();
    driver = sign(signId);
    MqttSignDriver other = sign(second);
    awaitConnected();
    driver.show(new Display.Message("VB-001-X", "GEEN TOEGANG", false)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    other.show(new Display.Message("VB-002-X", "TOEGESTAAN", true)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals(1, relay.connections() - before, "connections opened for two signs");
    // the second sign's stop leaves the first one's connection up
    other.close();
    driver.ping().toCompletableFuture().get(1, TimeUnit.SECONDS);
    MqttClient cleaner = new MqttClient(BROKER.toString(), "cleaner-" + second, new MemoryPersistence());
    cleaner.connect();
    cleaner.publish("test/signs/" + second + "/show", new byte[0], 1, true);
    cleaner.disconnect();
    cleaner.close();
  }

  private void awaitConnected() {
    await("the driver connected").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .ignoreException(ExecutionException.class)
        .untilAsserted(() -> driver.ping().toCompletableFuture().get(1, TimeUnit.SECONDS));
  }

  private static void awaitHealth(ActorRef<Display.Command> display, TestProbe<Display.Status> probe,
                                  DeviceHealth expected) {
    probe.awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(100), () -> {
      display.tell(new Display.GetStatus(probe.ref()));
      assertEquals(expected, probe.receiveMessage().health());
      return null;
    });
  }

  /** A TCP relay to the broker on a port of its own; {@link #cut} drops every connection and refuses new ones. */
  static final class Relay implements AutoCloseable {
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final int port;
    private volatile ServerSocket server;
    private volatile int accepted;
    private volatile boolean blackhole;

    Relay(InetSocketAddress target) throws IOException {
      this.target = target;
      this.port = listen(0);
    }

    int port() {
      return port;
    }

    int connections() {
      return accepted;
    }

    /** New connections are taken and then left without an answer. */
    void blackhole(boolean on) {
      blackhole = on;
    }

    private int listen(int onPort) throws IOException {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", onPort));
      server = s;
      Thread acceptor = new Thread(() -> accept(s), "relay-accept");
      acceptor.setDaemon(true);
      acceptor.start();
      return s.getLocalPort();
    }

    private void accept(ServerSocket s) {
      while (!s.isClosed()) {
        try {
          Socket in = s.accept();
          sockets.add(in);
          accepted++;
          if (blackhole) {
            continue;
          }
          Socket out = new Socket(target.getHostString(), target.getPort());
          sockets.add(out);
          pump(in, out);
          pump(out, in);
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    private static void pump(Socket from, Socket to) {
      Thread t = new Thread(() -> {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
          in.transferTo(out);
        } catch (IOException ignored) {
          // one side closed: close both below
        } finally {
          closeQuietly(from);
          closeQuietly(to);
        }
      }, "relay-pump");
      t.setDaemon(true);
      t.start();
    }

    void cut() {
      closeQuietly(server);
      sockets.forEach(Relay::closeQuietly);
      sockets.clear();
    }

    void restore() throws IOException {
      listen(port);
    }

    @Override
    public void close() {
      cut();
    }

    private static void closeQuietly(java.io.Closeable c) {
      try {
        c.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }
}
