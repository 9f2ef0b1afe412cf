package nl.opencordon.controlroom;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import nl.opencordon.actors.DeviceHealth;
import nl.opencordon.actors.DeviceHealthChanged;
import nl.opencordon.controlroom.DeviceHistoryRepository.HealthTransition;
import nl.opencordon.controlroom.GatePassageCountRepository.GateCount;
import nl.opencordon.persistence.Jdbc;
import org.apache.pekko.Done;

/**
 * The control room's tables, written off the actor thread. Health changes go through one ordered executor,
 * so a device's incident is always ended before the next one is opened.
 */
final class ControlRoomStore {
  static final String DOWN = "DEVICE_DOWN";
  static final String DEGRADED = "DEVICE_DEGRADED";
  static final String SIGN_PROBLEM = "SIGN_PROBLEM";
  static final String SCHOUW_OVERDUE = "SCHOUW_OVERDUE";

  final IncidentRepository incidents;
  final DeviceHistoryRepository history;
  private final GatePassageCountRepository passages;
  private final Executor ordered;
  private final Executor blocking;

  ControlRoomStore(DataSource dataSource, Executor ordered, Executor blocking) {
    this.incidents = new IncidentRepository(dataSource);
    this.history = new DeviceHistoryRepository(dataSource);
    this.passages = new GatePassageCountRepository(dataSource);
    this.ordered = ordered;
    this.blocking = blocking;
  }

  /** Stores the transition and ends or opens the device's failure incident. */
  CompletionStage<Done> healthChanged(DeviceHealthChanged e) {
    return Jdbc.async(ordered, () -> {
      history.insert(new HealthTransition(e.kind(), e.deviceId(), e.from().name(), e.to().name(), e.at(),
          e.detail()));
      incidents.endOpen(e.deviceId(), List.of(DOWN, DEGRADED), e.at());
      if (e.to() == DeviceHealth.DOWN || e.to() == DeviceHealth.DEGRADED) {
        incidents.open(e.to() == DeviceHealth.DOWN ? DOWN : DEGRADED, e.kind(), e.deviceId(), e.at(), e.detail(),
            null);
      }
      return Done.getInstance();
    });
  }

  CompletionStage<Integer> forgetBefore(Instant horizon) {
    return Jdbc.async(ordered, () -> history.pruneBefore(horizon));
  }

  CompletionStage<Done> addPassages(List<GateCount> counts) {
    return Jdbc.async(blocking, () -> {
      passages.add(counts);
      return Done.getInstance();
    });
  }

  /** Adds {@code counts}, then reads every gate's buckets from {@code from} on. */
  CompletionStage<List<GateCount>> passagesSince(List<GateCount> counts, Instant from) {
    return Jdbc.async(blocking, () -> {
      passages.add(counts);
      return passages.since(from);
    });
  }

  CompletionStage<Integer> forgetPassagesBefore(Instant horizon) {
    return Jdbc.async(blocking, () -> passages.pruneBefore(horizon));
  }

  <T> CompletionStage<T> run(Jdbc.Call<T> call) {
    return Jdbc.async(blocking, call);
  }
}
