package nl.opencordon.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.controller.Controller;
import nl.opencordon.persistence.Database;
import org.HdrHistogram.Histogram;

/**
 * {@code mode=login-flood}: how long a load balancer waits for {@code /health/ready} while wrong passwords
 * flood the node (issue 25: 600 wrong passwords from 48 connections took readiness from 0.01 s to 1.2 s).
 * Three phases on one controller: no flood (the baseline), a flood whose every attempt comes from a new client
 * address and user name (no limit applies; the password-check pool is saturated), and a flood from one
 * address (its limit applies). Readiness is polled every 20 ms throughout.
 */
final class LoginFlood {
  /** Per phase: readiness latencies and the flood's answers by status. */
  record Phase(String name, Histogram readyMicros, long readyFailures, Map<Integer, Long> floodAnswers,
               double seconds) {}

  private LoginFlood() {}

  static List<Phase> run(Config config, Database database, BenchCity city, Duration each, int connections)
      throws Exception {
    Config flooded = ConfigFactory.parseString("anpr.security.login-throttle.trust-forwarded-for = on")
        .withFallback(config);
    try (Controller controller = Controller.start(flooded, database, city.layout, new Controller.Adapters(
        city.register(), city.exemptions, CameraDriverFactory.NONE, display -> new VerdictProbe().sign()))) {
      String base = "http://127.0.0.1:" + controller.httpPort();
      AtomicLong attempt = new AtomicLong();
      List<Phase> phases = new ArrayList<>();
      phase(base, "warm-up, no flood", Duration.ofSeconds(5), 0, null);
      phases.add(phase(base, "no flood (baseline)", each, 0, null));
      phases.add(phase(base, "flood, every attempt a new address", each, connections, n -> {
        long a = attempt.incrementAndGet();
        return "10." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255);
      }));
      phases.add(phase(base, "flood from one address", each, connections, n -> "192.0.2.1"));
      return phases;
    }
  }

  private static Phase phase(String base, String name, Duration duration, int connections,
                             LongFunction<String> address) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    AtomicBoolean running = new AtomicBoolean(true);
    Map<Integer, LongAdder> answers = new ConcurrentHashMap<>();
    ExecutorService flood = Executors.newFixedThreadPool(Math.max(1, connections));
    AtomicLong names = new AtomicLong();
    for (int c = 0; c < connections; c++) {
      flood.execute(() -> {
        while (running.get()) {
          long n = names.incrementAndGet();
          String credentials = Base64.getEncoder().encodeToString(("flood-" + n + ":wrong-password")
              .getBytes(StandardCharsets.UTF_8));
          try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/cameras"))
                .header("Authorization", "Basic " + credentials).header("X-Forwarded-For", address.apply(n))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
            answers.computeIfAbsent(r.statusCode(), s -> new LongAdder()).increment();
          } catch (Exception e) {
            answers.computeIfAbsent(-1, s -> new LongAdder()).increment();
          }
        }
      });
    }
    Histogram ready = new Histogram(60_000_000L, 3);
    long failures = 0;
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    HttpRequest probe = HttpRequest.newBuilder(URI.create(base + "/health/ready")).timeout(Duration.ofSeconds(30))
        .build();
    while (System.nanoTime() < end) {
      long t = System.nanoTime();
      int status = http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
      ready.recordValue(Math.max(1, (System.nanoTime() - t) / 1000));
      if (status != 200) {
        failures++;
      }
      Thread.sleep(20);
    }
    running.set(false);
    flood.shutdown();
    flood.awaitTermination(1, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<Integer, Long> counted = new TreeMap<>();
    answers.forEach((status, n) -> counted.put(status, n.sum()));
    Phase p = new Phase(name, ready, failures, counted, seconds);
    System.out.printf("  %s: readiness p99 %.1f ms, flood answers %s%n", name,
        ready.getValueAtPercentile(99) / 1000.0, counted);
    return p;
  }
}
