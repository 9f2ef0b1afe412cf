package nl.opencordon.insight.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import nl.opencordon.actors.gate.VehiclePassed;
import nl.opencordon.domain.VehicleCategory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrafficStatisticsTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static void pass(String gate, ZonedDateTime at, String vehicle, String fuel) {
    testKit.system().eventStream().tell(new EventStream.Publish<>(new VehiclePassed(gate, "ze", at.toInstant(),
        VehicleCategory.VAN, fuel, "6", vehicle)));
  }

  /** A node runs one: each test's is stopped after it, else the next would add its counts (as another node's). */
  private ActorRef<TrafficStatistics.Command> running;

  @AfterEach
  void stopStatistics() {
    if (running != null) {
      testKit.stop(running);
    }
  }

  /** Events published before the subscription is in place would be lost: wait until it answers. */
  ActorRef<TrafficStatistics.Command> started() {
    ActorRef<TrafficStatistics.Command> stats = testKit.spawn(TrafficStatistics.create(
        new TrafficStatistics.Settings(3, 35, ZONE, Duration.ofSeconds(2))));
    running = stats;
    TestProbe<TrafficStatistics.Hourly> probe = testKit.createTestProbe();
    stats.tell(new TrafficStatistics.GetHourly(LocalDate.MIN, LocalDate.MAX, probe.ref()));
    probe.receiveMessage();
    return stats;
  }

  @Test
  void countsPerGateAndHourSuppressCellsUnderKAndPairOriginsWithDestinationsWithinADay() {
    ActorRef<TrafficStatistics.Command> stats = started();
    ZonedDateTime nine = ZonedDateTime.of(2026, 3, 2, 9, 10, 0, 0, ZONE);
    int[] southAt = {30, 35, 40, 60}; // 9:40, 9:45, 9:50 and 10:10
    for (int v = 0; v < 4; v++) {
      pass("north", nine.plusMinutes(v), "vehicle-" + v, "DIESEL");
      pass("south", nine.plusMinutes(southAt[v]), "vehicle-" + v, "DIESEL");
    }
    pass("north", nine.plusMinutes(5), "vehicle-9", "ELECTRIC"); // one electric van: under k, suppressed
    pass("north", nine.plusMinutes(6), "vehicle-9", "ELECTRIC"); // read again at the same gate: no trip
    pass("south", nine.plusDays(1), "vehicle-9", "ELECTRIC"); // the next day: another pseudonym, no trip
    TestProbe<TrafficStatistics.Hourly> hourly = testKit.createTestProbe();
    TestProbe<TrafficStatistics.OriginDestination> od = testKit.createTestProbe();
    hourly.awaitAssert(Duration.ofSeconds(5), () -> {
      stats.tell(new TrafficStatistics.GetHourly(nine.toLocalDate(), nine.toLocalDate(), hourly.ref()));
      TrafficStatistics.Hourly h = hourly.receiveMessage();
      Instant nineHour = nine.withMinute(0).toInstant();
      assertEquals(List.of(new TrafficStatistics.HourlyCell("north", nineHour, "VAN", "DIESEL", "6", 4),
          new TrafficStatistics.HourlyCell("south", nineHour, "VAN", "DIESEL", "6", 3)), h.cells());
      assertEquals(2, h.suppressed(), "the electric van and the 10:00 cell at south count fewer than 3");
      return null;
    });
    stats.tell(new TrafficStatistics.GetOriginDestination(nine.toLocalDate(), nine.toLocalDate().plusDays(1),
        od.ref()));
    TrafficStatistics.OriginDestination trips = od.receiveMessage();
    // dwell times 30, 34, 38 and 57 minutes: median (upper) 38, mean 39.75
    assertEquals(List.of(new TrafficStatistics.OdCell(nine.toLocalDate(), "north", "south", 4, 38 * 60,
        Math.round(39.75 * 60))), trips.cells());
    assertEquals(0, trips.suppressed(), "vehicle-9 made no trip: twice at one gate, then on another day");
  }

  @Test
  void aVehicleGetsAnotherPseudonymEachDay() {
    DailyPseudonyms p = new DailyPseudonyms();
    LocalDate monday = LocalDate.of(2026, 3, 2);
    DailyPseudonyms.Pseudonym first = p.of("plate-hash", monday);
    assertEquals(first, p.of("plate-hash", monday));
    assertNotEquals(p.of("other", monday), first);
    assertNotEquals(first, p.of("plate-hash", monday.plusDays(1)));
  }

  @Test
  void aClosedDayKeepsItsFiguresWithoutTheSingleTimes() {
    DwellTimes d = new DwellTimes();
    for (long s : new long[] {600, 60, 300, 120, 9000, 30, 240, 180, 420}) {
      d.add(s);
    }
    assertEquals(240, d.median());
    assertEquals(1217, d.mean());
    d.close();
    assertEquals(9, d.count());
    assertEquals(240, d.median());
    assertEquals(1217, d.mean());
  }

  @Test
  void tripsOfADayThatClosedStillCount() {
    ActorRef<TrafficStatistics.Command> stats = started();
    ZonedDateTime monday = ZonedDateTime.of(2026, 3, 9, 23, 0, 0, 0, ZONE);
    for (int v = 0; v < 3; v++) {
      pass("east", monday, "trip-" + v, "PETROL");
      pass("west", monday.plusMinutes(20 + v), "trip-" + v, "PETROL");
    }
    pass("east", monday.plusHours(2), "trip-0", "PETROL"); // Tuesday 01:00 closes Monday
    TestProbe<TrafficStatistics.OriginDestination> od = testKit.createTestProbe();
    od.awaitAssert(Duration.ofSeconds(5), () -> {
      stats.tell(new TrafficStatistics.GetOriginDestination(monday.toLocalDate(), monday.toLocalDate().plusDays(1),
          od.ref()));
      assertEquals(List.of(new TrafficStatistics.OdCell(monday.toLocalDate(), "east", "west", 3, 21 * 60, 21 * 60)),
          od.receiveMessage().cells());
      return null;
    });
  }
}
