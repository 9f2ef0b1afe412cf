package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pictures given by reference, fetched from a real HTTP server on loopback: a JPEG comes back with the type its
 * bytes prove; HTML, a picture over the size limit, an error answer, a server that does not answer in time and
 * a reference that is no URL all fail with their reason, and every fetch is counted.
 */
class EvidenceFetcherTest {
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'};
  private static final Map<String, byte[]> BODIES = Map.of(
      "/overview.jpg", JPEG,
      "/page.jpg", "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8),
      "/big.jpg", Arrays.copyOf(JPEG, 5000));
  private static HttpServer server;
  private static String base;
  private final List<Boolean> counted = new ArrayList<>();
  private final EvidenceFetcher fetcher = new EvidenceFetcher(
      new EvidenceFetcher.Settings(Duration.ofSeconds(2), 4096), counted::add);

  @BeforeAll
  static void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/slow.jpg")) {
        try {
          Thread.sleep(6000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] body = BODIES.getOrDefault(path, path.equals("/slow.jpg") ? JPEG : null);
      exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @Test
  void aJpegComesBackWithTheTypeItsBytesProve() throws Exception {
    EvidenceSource.Image image = fetcher.fetch(base + "/overview.jpg");
    assertArrayEquals(JPEG, image.content());
    assertEquals("image/jpeg", image.mediaType());
    assertEquals(List.of(true), counted);
  }

  @Test
  void whatIsNoPictureOrTooLargeOrMissingOrSlowFailsWithItsReason() {
    assertFails(base + "/page.jpg", "is not a JPEG or PNG image");
    assertFails(base + "/big.jpg", "is larger than 4096 bytes");
    assertFails(base + "/gone.jpg", "answered HTTP 404");
    assertFails(base + "/slow.jpg", "could not be fetched");
    assertEquals(List.of(false, false, false, false), counted);
  }

  @Test
  void onlyHttpUrlsAreFetched() {
    assertTrue(EvidenceFetcher.fetches("https://camera.example/a.jpg"));
    assertFails("file:///etc/passwd", "no picture behind");
    assertFails("sim://cam/1/overview.jpg", "no picture behind");
    assertEquals(List.of(), counted, "not a fetch");
  }

  private void assertFails(String ref, String reason) {
    IOException e = assertThrows(IOException.class, () -> fetcher.fetch(ref));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }
}
