package nl.opencordon.controlroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import com.typesafe.config.ConfigFactory;
import nl.opencordon.domain.CityConfig;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.ZoneDefinition;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

/** Enforcement times changed through one node reach the other nodes' gates when those reload them. */
class ZoneSchedulesIT {
  private static final CityLayout CITY = CityConfig.load(ConfigFactory.parseString("""
      name = "Roosterstad"
      zones = [{
        id = "ze", name = "ZE-zone", recidive-term = 7d, warning-interval = 28d
        regime { type = zero-emission, new-registration-cutoff = "2025-01-01", van-euro5-last-day = "2026-12-31",
          van-euro6-last-day = "2027-12-31", heavy-euro6-last-day = "2029-12-31" }
        phases { enforcement = "2025-01-01" }
        enforcement-windows = [{ from = "07:00", to = "19:00" }]
      }]
      gates = [{id = "in", zone = "ze", kind = entry, position = [52.09, 5.11]}]
      cameras = []
      displays = []
      """));

  @Test
  void aChangeThroughOneNodeHoldsOnAnotherAfterItsReload() throws Exception {
    try (Database database = Database.open(TestDatabase.freshSchema())) {
      ZoneScheduleRepository repository = new ZoneScheduleRepository(database.dataSource());
      ZoneSchedules nodeA = ZoneSchedules.load(repository, CITY);
      ZoneSchedules nodeB = ZoneSchedules.load(repository, CITY);
      ZoneDefinition configured = CITY.zone("ze");
      List<ZoneSchedules.Window> nights = List.of(new ZoneSchedules.Window(Set.of(DayOfWeek.values()),
          LocalTime.of(22, 0), LocalTime.of(23, 30), 5));

      nodeA.set(configured, nights, "operations");
      assertEquals(List.of(new ZoneSchedules.Window(Set.of(DayOfWeek.values()), LocalTime.of(7, 0),
          LocalTime.of(19, 0), 5)), nodeB.windows(configured), "node B has not reloaded yet");
      nodeB.reload(CITY);
      assertEquals(nights, nodeB.windows(configured));
    }
  }

  /** The law's 5-minute grace: a shorter one is refused, and one stored before that holds with 5 minutes. */
  @Test
  void aGraceUnderFiveMinutesIsRefusedAndAStoredOneHoldsWithFive() throws Exception {
    try (Database database = Database.open(TestDatabase.freshSchema())) {
      ZoneScheduleRepository repository = new ZoneScheduleRepository(database.dataSource());
      ZoneSchedules schedules = ZoneSchedules.load(repository, CITY);
      ZoneDefinition configured = CITY.zone("ze");
      ZoneSchedules.Window short_ = new ZoneSchedules.Window(Set.of(DayOfWeek.values()), LocalTime.of(22, 0),
          LocalTime.of(23, 30), 2);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> schedules.set(configured, List.of(short_), "operations"));
      assertTrue(e.getMessage().startsWith("grace 2 minutes"), e.getMessage());

      repository.put("ze", Json.write(List.of(short_)), "before the law's grace was enforced");
      schedules.reload(CITY);
      assertEquals(List.of(new ZoneSchedules.Window(Set.of(DayOfWeek.values()), LocalTime.of(22, 0),
          LocalTime.of(23, 30), 5)), schedules.windows(configured));
    }
  }
}
