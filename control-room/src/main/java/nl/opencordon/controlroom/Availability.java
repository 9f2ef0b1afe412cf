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
 * transition and while the controller was stopped (health null) is not observed; switched off (DISABLED) is
 * a decision, not a failure; neither counts.
 * Not thread-safe: it lives inside the control-room actor.
 */
final class Availability {
  private record Change(Instant at, DeviceHealth health) {}

  private final Map<String, List<Change>> timelines = new HashMap<>();

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

  /** The share of [now - period, now] the device was available, or empty when it was not observed. */
  Optional<Double> over(String deviceId, Instant now, Duration period) {
    List<Change> timeline = timelines.getOrDefault(deviceId, List.of());
    Instant start = now.minus(period);
    long available = 0;
    long counted = 0;
    for (int i = 0; i < timeline.size(); i++) {
      Change c = timeline.get(i);
      Instant from = c.at().isBefore(start) ? start : c.at();
      Instant to = i + 1 < timeline.size() ? timeline.get(i + 1).at() : now;
      if (to.isAfter(now)) {
        to = now;
      }
      if (!to.isAfter(from) || c.health() == null || c.health() == DeviceHealth.DISABLED) {
        continue;
      }
      long millis = Duration.between(from, to).toMillis();
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
