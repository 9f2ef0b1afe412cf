package nl.opencordon.displays.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import nl.opencordon.actors.DeviceHealth;
import nl.opencordon.actors.display.Display;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** A sign with an HTTP interface, played by a local HTTP server that can hang. */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpSignDriverTest {
  private final ActorTestKit testKit = ActorTestKit.create();
  private final List<Display.Message> shown = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch hang = new CountDownLatch(0);
  private HttpServer sign;
  private HttpSignDriver driver;
  /** The same sign with a timeout a loaded test machine always meets, for the calls that must succeed. */
  private HttpSignDriver patientDriver;

  @BeforeAll
  void start() throws Exception {
    sign = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sign.setExecutor(Executors.newCachedThreadPool());
    sign.createContext("/sign/", exchange -> {
      try {
        hang.await(); // a frozen sign controller: no answer until released
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (exchange.getRequestURI().getPath().endsWith("/message")) {
        shown.add(new ObjectMapper().readValue(exchange.getRequestBody(), Display.Message.class));
      }
      int status = exchange.getRequestURI().getPath().endsWith("/broken") ? 500 : 204;
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    sign.start();
    driver = new HttpSignDriver(HttpClient.newHttpClient(),
        URI.create("http://127.0.0.1:" + sign.getAddress().getPort() + "/sign"), Duration.ofMillis(300));
    patientDriver = new HttpSignDriver(HttpClient.newHttpClient(),
        URI.create("http://127.0.0.1:" + sign.getAddress().getPort() + "/sign"), Duration.ofSeconds(5));
  }

  @AfterAll
  void stop() {
    hang.countDown();
    sign.stop(0);
    testKit.shutdownTestKit();
  }

  @Test
  void showsAMessageAndAnswersPings() throws Exception {
    Display.Message message = new Display.Message("VB-001-X", "TOEGESTAAN, VANAF 01-01-2028 NIET", true);
    patientDriver.show(message).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(List.of(message), shown);
    patientDriver.ping().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aSignThatDoesNotAnswerFailsTheCall() {
    hang = new CountDownLatch(1);
    try {
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> driver.ping().toCompletableFuture().get(5, TimeUnit.SECONDS));
      assertEquals(HttpTimeoutException.class, e.getCause().getClass());
    } finally {
      hang.countDown();
    }
  }

  @Test
  void theDisplayMarksAHangingSignDownAndUpAgain() {
    ActorRef<Display.Command> display = testKit.spawn(Display.create("http-led", driver, new Display.Settings(
        Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(6), 5, Duration.ofMillis(500),
        Duration.ofMillis(200), 2)));
    TestProbe<Display.Status> probe = testKit.createTestProbe();
    hang = new CountDownLatch(1);
    probe.awaitAssert(Duration.ofSeconds(5), () -> {
      display.tell(new Display.GetStatus(probe.ref()));
      assertEquals(DeviceHealth.DOWN, probe.receiveMessage().health());
      return null;
    });
    hang.countDown();
    probe.awaitAssert(Duration.ofSeconds(5), () -> {
      display.tell(new Display.GetStatus(probe.ref()));
      assertEquals(DeviceHealth.UP, probe.receiveMessage().health());
      return null;
    });
  }
}
