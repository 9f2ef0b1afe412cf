package nl.opencordon.cameradrivers.mqtt;

import static nl.opencordon.cameradrivers.TestRecords.HASHER;
import static nl.opencordon.cameradrivers.TestRecords.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nl.opencordon.actors.DeviceTls;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.mqtt.MqttConnection;
import nl.opencordon.cameradrivers.PassageFormat;
import nl.opencordon.cameradrivers.TestRecords;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * MQTT over TLS with a user per camera, against a Mosquitto this test starts with the repository's own example
 * (deploy/mosquitto: per-listener settings, password file, ACL), only its paths and port swapped, and a CA and
 * server certificate made here with openssl. The node's camera connection gets passages over TLS with the
 * controller's user; a camera's user cannot publish to another camera's topic; plain, anonymous, wrongly authenticated and
 * untrusted connections are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttTlsIT {
  private static final Path EXAMPLE = Path.of("..", "deploy", "mosquitto");
  private static final String CONTROLLER = "cordon-controller";
  private final ActorTestKit testKit = ActorTestKit.create();
  private Path dir;
  private int port;
  private Process broker;
  private String tlsUrl;
  private DeviceTls tls;

  @BeforeAll
  void startBroker() throws Exception {
    dir = Files.createTempDirectory("mqtt-tls-it");
    Files.createDirectories(dir.resolve("certs"));
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=cordon-test-ca",
        "-keyout", "certs/ca.key", "-out", "certs/ca.crt");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "certs/server.key",
        "-out", "certs/server.csr");
    Files.writeString(dir.resolve("certs/server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    openssl("x509", "-req", "-in", "certs/server.csr", "-CA", "certs/ca.crt", "-CAkey", "certs/ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", "certs/server.ext", "-out", "certs/server.crt");
    run(List.of("mosquitto_passwd", "-b", "-c", "passwd", CONTROLLER, "controller-secret"));
    run(List.of("mosquitto_passwd", "-b", "passwd", "cam-a", "secret-a"));
    run(List.of("mosquitto_passwd", "-b", "passwd", "cam-b", "secret-b"));
    Files.copy(EXAMPLE.resolve("acl"), dir.resolve("acl"));
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String conf = Files.readString(EXAMPLE.resolve("mosquitto.conf"))
        .replace("/etc/mosquitto/", dir + "/")
        .replace("persistence true", "persistence false")
        .replace("listener 8883", "listener " + port + " 127.0.0.1")
        // started as root, Mosquitto would become user "mosquitto", who cannot read this test's directory
        + "\nuser " + System.getProperty("user.name") + "\n";
    Files.writeString(dir.resolve("mosquitto.conf"), conf);
    broker = new ProcessBuilder("/usr/sbin/mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
    tlsUrl = "ssl://127.0.0.1:" + port;
    tls = new DeviceTls(dir.resolve("certs/ca.crt").toString(), "", "");
    TestProbe<Object> waiting = testKit.createTestProbe();
    waiting.awaitAssert(Duration.ofSeconds(15), () -> {
      try {
        client("probe", "cam-a", "secret-a").disconnect();
      } catch (MqttException e) {
        throw new AssertionError("broker not up yet: " + e, e);
      }
      return null;
    });
  }

  @AfterAll
  void stopBroker() throws Exception {
    testKit.shutdownTestKit();
    broker.destroy(); // SIGTERM
    broker.waitFor(10, TimeUnit.SECONDS);
  }

  @Test
  void theDriverGetsACamerasPassagesOverTlsWithTheControllersUser() throws Exception {
    TestProbe<Camera.Command> target = driver("cam-a");
    MqttClient camera = client("cam-a-pub", "cam-a", "secret-a");
    camera.publish("cordon/cameras/cam-a/passages", record("tls-1", "VB001X").getBytes(StandardCharsets.UTF_8), 1,
        false);
    Camera.RecordPassage passage = nextPassage(target);
    assertEquals("tls-1", passage.passage().id());
    take(passage);
    camera.disconnect();
  }

  @Test
  void aCameraCannotPublishToAnotherCamerasTopic() throws Exception {
    TestProbe<Camera.Command> target = driver("cam-b");
    MqttClient intruder = client("cam-a-intruder", "cam-a", "secret-a");
    // QoS 1 returns once the broker has handled the message: its ACL dropped it before cam-b's own is sent
    intruder.publish("cordon/cameras/cam-b/passages", record("forged-1", "VB002X").getBytes(StandardCharsets.UTF_8),
        1, false);
    MqttClient owner = client("cam-b-pub", "cam-b", "secret-b");
    owner.publish("cordon/cameras/cam-b/passages", record("own-1", "VB003X").getBytes(StandardCharsets.UTF_8), 1,
        false);
    Camera.RecordPassage first = nextPassage(target);
    assertEquals("own-1", first.passage().id(), "a passage forged by another camera's user was delivered");
    take(first);
    intruder.disconnect();
    owner.disconnect();
  }

  @Test
  void plainAnonymousWronglyAuthenticatedAndUntrustedConnectionsAreRefused() {
    MqttConnectOptions plain = options(CONTROLLER, "controller-secret");
    assertThrows(MqttException.class, () -> connect("tcp://127.0.0.1:" + port, "plain", plain), "plain MQTT");
    MqttConnectOptions anonymous = new MqttConnectOptions();
    tls.socketFactory().ifPresent(anonymous::setSocketFactory);
    assertThrows(MqttException.class, () -> connect(tlsUrl, "anonymous", anonymous), "no user");
    assertThrows(MqttException.class, () -> connect(tlsUrl, "wrong", withTls(options("cam-a", "secret-b"))),
        "wrong password");
    // the JVM's own trust store does not know the city's CA: the broker is not taken on its word
    assertThrows(MqttException.class, () -> connect(tlsUrl, "untrusting", options("cam-a", "secret-a")),
        "a broker certificate nobody vouched for");
  }

  /** The node's connection as the controller runs it, over TLS with the controller's user, for one camera. */
  private TestProbe<Camera.Command> driver(String cameraId) {
    TestProbe<Camera.Command> target = testKit.createTestProbe();
    MqttConnection.Settings connection = new MqttConnection.Settings(tlsUrl, "tls-it-" + cameraId, false,
        Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(500), CONTROLLER,
        "controller-secret", tls);
    MqttCameras.Settings settings = new MqttCameras.Settings("cordon/cameras", Duration.ofSeconds(5),
        Duration.ofMillis(100), Duration.ofMillis(500));
    ActorRef<MqttCameras.Command> node = testKit.spawn(MqttCameras.create(connection,
        Map.of(cameraId, new MqttCameras.MqttCamera(TestRecords.camera(cameraId), settings)),
        new PassageFormat(HASHER), (id, channel, outcome, n) -> {}, Duration.ofSeconds(2)));
    testKit.spawn(MqttCameraDriver.create(cameraId, target.ref(), system -> node));
    // subscribed once a heartbeat of the camera's own user comes through
    target.awaitAssert(Duration.ofSeconds(15), () -> {
      try {
        MqttClient beat = client(cameraId + "-beat", cameraId, "secret-" + cameraId.substring(4));
        beat.publish("cordon/cameras/" + cameraId + "/heartbeat", "{}".getBytes(StandardCharsets.UTF_8), 1, false);
        beat.disconnect();
      } catch (MqttException e) {
        throw new AssertionError(e);
      }
      target.expectMessageClass(Camera.Heartbeat.class, Duration.ofMillis(500));
      return null;
    });
    return target;
  }

  private static Camera.RecordPassage nextPassage(TestProbe<Camera.Command> target) {
    return (Camera.RecordPassage) target.fishForMessage(Duration.ofSeconds(5), m -> m instanceof Camera.RecordPassage
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore()).get(0);
  }

  private static void take(Camera.RecordPassage r) {
    r.replyTo().tell(new Camera.Receipt(r.passage().id(), Camera.Receipt.Outcome.TAKEN, ""));
  }

  private MqttClient client(String clientId, String user, String password) throws MqttException {
    return connect(tlsUrl, clientId, withTls(options(user, password)));
  }

  private static MqttClient connect(String url, String clientId, MqttConnectOptions options) throws MqttException {
    MqttClient client = new MqttClient(url, clientId, new MemoryPersistence());
    try {
      client.connect(options);
      return client;
    } catch (MqttException e) {
      client.close(true);
      throw e;
    }
  }

  private static MqttConnectOptions options(String user, String password) {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setUserName(user);
    options.setPassword(password.toCharArray());
    options.setConnectionTimeout(5);
    return options;
  }

  private MqttConnectOptions withTls(MqttConnectOptions options) {
    tls.socketFactory().ifPresent(options::setSocketFactory);
    return options;
  }

  private void openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    run(command);
  }

  private void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(command + " failed: " + out);
    }
  }
}
