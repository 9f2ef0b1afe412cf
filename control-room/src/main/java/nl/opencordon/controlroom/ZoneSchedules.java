package nl.opencordon.controlroom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.EnforcementWindow;
import nl.opencordon.domain.ZoneDefinition;

/**
 * Enforcement times as operations set them at runtime. The gates ask it for every vehicle
 * ({@link Gate.ZoneSchedule}); a change is stored in PostgreSQL first and applies to the next vehicle. The
 * city file's windows hold for zones never changed.
 */
public final class ZoneSchedules implements Gate.ZoneSchedule {

  /** One window as the API and the table carry it; {@code graceMinutes} null means the default 5. */
  public record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to, Integer graceMinutes) {
    EnforcementWindow toDomain() {
      return new EnforcementWindow(days == null ? Set.of() : days, from, to,
          graceMinutes == null ? null : Duration.ofMinutes(graceMinutes));
    }

    static Window of(EnforcementWindow w) {
      return new Window(w.days(), w.from(), w.to(), (int) w.grace().toMinutes());
    }

    /** A window stored before the law's 5 minutes were enforced holds with them, not with its shorter grace. */
    Window withLawfulGrace() {
      long least = EnforcementWindow.DEFAULT_GRACE.toMinutes();
      return graceMinutes != null && graceMinutes < least ? new Window(days, from, to, (int) least) : this;
    }
  }

  private static final TypeReference<List<Window>> WINDOWS = new TypeReference<>() {};

  private final ZoneScheduleRepository repository;
  private final Map<String, ZoneDefinition> current = new ConcurrentHashMap<>();

  private ZoneSchedules(ZoneScheduleRepository repository) {
    this.repository = repository;
  }

  /** The stored overrides applied to the city's zones; an override of a zone no longer in the city is ignored. */
  public static ZoneSchedules load(ZoneScheduleRepository repository, CityLayout layout) throws SQLException {
    ZoneSchedules schedules = new ZoneSchedules(repository);
    schedules.reload(layout);
    return schedules;
  }

  /**
   * Reads the stored overrides again (blocking), so that a change made through another node of the cluster
   * applies here too; the control room does it every {@code schedule-refresh}.
   */
  public void reload(CityLayout layout) throws SQLException {
    for (Map.Entry<String, String> e : repository.all().entrySet()) {
      layout.zones().stream().filter(z -> z.id().equals(e.getKey())).findFirst()
          .ifPresent(z -> current.put(z.id(), withWindows(z,
              parse(e.getValue()).stream().map(Window::withLawfulGrace).toList())));
    }
  }

  @Override
  public ZoneDefinition current(ZoneDefinition configured) {
    return current.getOrDefault(configured.id(), configured);
  }

  /** The windows in force for a zone; empty means enforced around the clock. */
  public List<Window> windows(ZoneDefinition configured) {
    return current(configured).enforcementWindows().stream().map(Window::of).toList();
  }

  /**
   * Validates, stores and applies new windows (blocking: call it on a blocking executor).
   *
   * @throws IllegalArgumentException when a window is invalid (no days, a grace that leaves nothing)
   */
  public ZoneDefinition set(ZoneDefinition configured, List<Window> windows, String changedBy) throws SQLException {
    ZoneDefinition changed = withWindows(configured, windows);
    repository.put(configured.id(), Json.write(windows), changedBy);
    current.put(configured.id(), changed);
    return changed;
  }

  private static ZoneDefinition withWindows(ZoneDefinition z, List<Window> windows) {
    return new ZoneDefinition(z.id(), z.name(), z.regime(), z.phaseStarts(),
        windows.stream().map(Window::toDomain).toList(), z.recidiveTerm(), z.warningInterval(), z.outline(),
        z.holdPeriod(), z.awaitDayExemptions());
  }

  private static List<Window> parse(String json) {
    try {
      return Json.MAPPER.readValue(json, WINDOWS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored enforcement windows are not readable: " + json, e);
    }
  }
}
