package nl.opencordon.controlroom;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.opencordon.actors.DeviceHealth;

/**
 * Availability of devices from their health transitions: over a period, the share of the time the device was
 * up or degraded, out of the time it was observed and not switched off. Time before the first known
 * transition and while the controller was stopped (health null, stored as {@link #UNOBSERVED}) is not
 * observed; switched off (DISABLED) is a decision, not a failure; neither counts. The one calculation of it:
 * the control room's live figures and insight's monthly report both use this class.
 * Not thread-safe: one instance lives inside the control-room actor, another in one report's making.
 */
public final class Availability {
  /** Health of the devices while the controller was stopped: not observed, so no part of availability. */
  public static final String UNOBSERVED = "UNOBSERVED";

  private record Change(Instant at, DeviceHealth health) {}

  private final Map<String, List<Change>> timelines = new HashMap<>();

  Availability() {}

  /** From stored transitions, oldest first (as {@link DeviceHistoryRepository#transitionsSince} gives them). */
  public static Availability of(List<DeviceHistoryRepository.HealthTransition> history) {
    Availability a = new Availability();
    history.forEach(t -> a.record(t.deviceId(), t.to().equals(UNOBSERVED) ? null : DeviceHealth.valueOf(t.to()),
        t.at()));
    return a;
  }

  /** Records a transition, in time order per device; {@code to} null: from now on not observed. */
  void record(String deviceId, DeviceHealth to, Instant at) {
    List<Change> timeline = timelines.computeIfAbsent(deviceId, id -> new ArrayList<>());
    if (!timeline.isEmpty() && at.isBefore(timeline.get(timeline.size() - 1).at())) {
      at = timeline.get(timeline.size() - 1).at(); // clocks of different actors may be a few ms apart
    }
    timeline.add(new Change(at, to));
  }

  /** The last recorded health, or empty when the device has none. */
  Optional<DeviceHealth> current(String deviceId) {
    List<Change> timeline = timelines.get(deviceId);
    return timeline == null || timeline.isEmpty() ? Optional.empty()
        : Optional.ofNullable(timeline.get(timeline.size() - 1).health());
  }

  /** The share of [from, to) the device was available, or empty when it was not observed in it. */
  public Optional<Double> between(String deviceId, Instant from, Instant to) {
    List<Change> timeline = timelines.getOrDefault(deviceId, List.of());
    long available = 0;
    long counted = 0;
    for (int i = 0; i < timeline.size(); i++) {
      Change c = timeline.get(i);
      Instant start = c.at().isBefore(from) ? from : c.at();
      Instant end = i + 1 < timeline.size() ? timeline.get(i + 1).at() : to;
      if (end.isAfter(to)) {
        end = to;
      }
      if (!end.isAfter(start) || c.health() == null || c.health() == DeviceHealth.DISABLED) {
        continue;
      }
      long millis = Duration.between(start, end).toMillis();
      counted += millis;
      if (c.health() == DeviceHealth.UP || c.health() == DeviceHealth.DEGRADED) {
        available += millis;
      }
    }
    return counted == 0 ? Optional.empty() : Optional.of((double) available / counted);
  }

  /** Forgets what lies before {@code horizon}, keeping per device the change that was in force then. */
  void forgetBefore(Instant horizon) {
    for (List<Change> timeline : timelines.values()) {
      int firstKept = 0;
      while (firstKept + 1 < timeline.size() && !timeline.get(firstKept + 1).at().isAfter(horizon)) {
        firstKept++;
      }
      timeline.subList(0, firstKept).clear();
    }
  }
}
