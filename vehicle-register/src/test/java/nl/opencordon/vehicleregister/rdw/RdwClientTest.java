package nl.opencordon.vehicleregister.rdw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import nl.opencordon.domain.Fuel;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.VehicleCategory;
import nl.opencordon.domain.VehicleFacts;
import nl.opencordon.domain.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RdwClientTest {
  private RdwTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new RdwTestServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Optional<VehicleFacts> get(RdwClient client, String plate) throws Exception {
    return client.lookup(Plate.dutch(plate)).toCompletableFuture().get();
  }

  private static RdwException failure(RdwClient client, String plate) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> get(client, plate));
    return assertInstanceOf(RdwException.class, e.getCause());
  }

  @Test
  void mapsTheRealResponseOfADieselEuro5Car() throws Exception {
    VehicleFacts f = get(RdwClient.create(server.settings("")), "TT-601-D").orElseThrow();
    assertEquals("Personenauto", f.vehicleType());
    assertEquals(VehicleCategory.PASSENGER_CAR, f.category());
    assertEquals("MPV", f.bodyType());
    assertEquals(Set.of(Fuel.DIESEL), f.fuels());
    assertEquals(Optional.of("5"), f.emissionClass());
    assertEquals(Optional.of("715/2007*566/2011G"), f.emissionApproval()); // Euro 5 or 6 by its act; registered 5
    assertEquals(LocalDate.of(2013, 5, 17), f.firstAdmission());
    assertEquals(3200, f.maxMassKg());
    assertEquals(1976, f.massInRunningOrderKg());
    assertEquals(Set.of("AF"), f.bodyworkCodes()); // vezc-m2t6: Multipurpose vehicle (MPV)
    assertEquals(java.util.List.of("VOLKSWAGEN", "KOMBI", "ROOD"), java.util.List.of(f.make(), f.model(), f.colour()));
  }

  @Test
  void mapsTheRealResponseOfAMoped() throws Exception {
    VehicleFacts f = get(RdwClient.create(server.settings("")), "F794KP").orElseThrow();
    assertEquals(VehicleCategory.MOPED, f.category());
    assertEquals(Set.of(Fuel.PETROL), f.fuels());
    assertEquals(Optional.empty(), f.emissionClass());
    assertEquals(LocalDate.of(2012, 8, 23), f.firstAdmission());
    assertEquals(0, f.maxMassKg()); // the moped's record has no toegestane maximum massa
    assertEquals(Set.of(), f.bodyworkCodes()); // no carrosserie fixture: the API's "[]"
  }

  @Test
  void unknownPlateIsEmptyAndForeignPlateIsNeverSent() throws Exception {
    RdwClient client = RdwClient.create(server.settings(""));
    assertEquals(Optional.empty(), get(client, "ZZ999Z"));
    assertEquals(Optional.empty(), client.lookup(Plate.of("TT601D", "D")).toCompletableFuture().get());
    assertEquals(1, server.requests(RdwClient.VEHICLES));
  }

  @Test
  void answersAndUnknownPlatesComeFromTheCacheTheSecondTime() throws Exception {
    RdwClient client = RdwClient.create(server.settings(""));
    get(client, "TT601D");
    get(client, "ZZ999Z");
    assertTrue(get(client, "TT601D").isPresent());
    assertTrue(get(client, "ZZ999Z").isEmpty());
    assertEquals(2, server.requests(RdwClient.VEHICLES));
    assertEquals(2, server.requests(RdwClient.FUELS));
    assertEquals(2, server.requests(RdwClient.BODIES));
  }

  @Test
  void retriesServerErrorsWithBackoffThenSucceeds() throws Exception {
    AtomicInteger failuresLeft = new AtomicInteger(2);
    server.behave((dataset, plate) -> dataset.equals(RdwClient.VEHICLES) && failuresLeft.getAndDecrement() > 0
        ? new RdwTestServer.Answer(503, "busy") : null);
    assertTrue(get(RdwClient.create(server.settings("max-attempts = 3")), "TT601D").isPresent());
    assertEquals(3, server.requests(RdwClient.VEHICLES));
  }

  @Test
  void givesUpAfterMaxAttemptsAndDoesNotCacheTheFailure() throws Exception {
    AtomicInteger failuresLeft = new AtomicInteger(3);
    server.behave((dataset, plate) -> dataset.equals(RdwClient.VEHICLES) && failuresLeft.getAndDecrement() > 0
        ? new RdwTestServer.Answer(500, "down") : null);
    RdwClient client = RdwClient.create(server.settings("max-attempts = 3"));
    assertTrue(failure(client, "TT601D").retryable());
    assertEquals(3, server.requests(RdwClient.VEHICLES));
    assertTrue(get(client, "TT601D").isPresent(), "a failure is not cached: the next lookup asks again");
  }

  @Test
  void aClientErrorIsNotRetried() throws Exception {
    server.behave((dataset, plate) -> new RdwTestServer.Answer(400, "{\"message\":\"bad query\"}"));
    // a request timeout far above the test server's answer time even on a loaded machine: a timeout is retried
    assertFalse(failure(RdwClient.create(server.settings("max-attempts = 3, request-timeout = 10s")), "TT601D")
        .retryable());
    assertEquals(1, server.requests(RdwClient.VEHICLES));
  }

  @Test
  void malformedJsonFailsWithoutRetries() throws Exception {
    server.behave((dataset, plate) -> new RdwTestServer.Answer(200, "[{\"kenteken\": \"TT601D\""));
    RdwException e = failure(RdwClient.create(server.settings("max-attempts = 3, request-timeout = 10s")), "TT601D");
    assertTrue(e.getMessage().contains("malformed"), e.getMessage());
    assertEquals(1, server.requests(RdwClient.VEHICLES));
  }

  @Test
  void anObjectInsteadOfAnArrayOrAnUnreadableDateIsAFailure() throws Exception {
    server.behave((dataset, plate) -> new RdwTestServer.Answer(200, "{\"error\": true}"));
    RdwClient client = RdwClient.create(server.settings(""));
    assertTrue(failure(client, "TT601D").getMessage().contains("no JSON array"));
    server.behave((dataset, plate) -> new RdwTestServer.Answer(200,
        "[{\"kenteken\":\"" + plate + "\",\"datum_eerste_toelating\":\"2013-13-45\"}]"));
    assertTrue(failure(client, "AB12CD").getMessage().contains("unreadable RDW row"));
  }

  @Test
  void aSlowAnswerTimesOutPerAttempt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.behave((dataset, plate) -> {
      release.await();
      return null;
    });
    try {
      RdwClient client = RdwClient.create(server.settings("request-timeout = 100ms, max-attempts = 2"));
      RdwException e = failure(client, "TT601D");
      assertInstanceOf(HttpTimeoutException.class, e.getCause());
      assertEquals(2, server.requests(RdwClient.VEHICLES));
    } finally {
      release.countDown();
    }
  }

  @Test
  void breakerOpensOnFailuresFailsFastAndClosesAfterTheOpenTimeWhenRdwRecovers() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-04-01T08:00:00Z"));
    server.behave((dataset, plate) -> new RdwTestServer.Answer(500, "down"));
    RdwClient client = RdwClient.create(server.settings("max-attempts = 1, breaker { window-size = 4, "
        + "minimum-calls = 4, failure-rate-percent = 50, open-duration = 30s, half-open-calls = 5 }"), clock);
    failure(client, "AA11BB");
    failure(client, "AA11BC"); // 2 lookups x 5 datasets: the fourth failed call opens the breaker
    assertEquals(CircuitBreaker.State.OPEN, client.breakerState());

    int before = server.requests(RdwClient.VEHICLES);
    assertTrue(failure(client, "TT601D").getMessage().contains("circuit breaker is open"));
    assertEquals(before, server.requests(RdwClient.VEHICLES), "an open breaker sends nothing");

    server.behave((dataset, plate) -> null);
    clock.advance(Duration.ofSeconds(29));
    failure(client, "TT601D");
    clock.advance(Duration.ofSeconds(2));
    assertTrue(get(client, "TT601D").isPresent(), "half open: trial calls go through");
    assertEquals(CircuitBreaker.State.CLOSED, client.breakerState());
  }
}
