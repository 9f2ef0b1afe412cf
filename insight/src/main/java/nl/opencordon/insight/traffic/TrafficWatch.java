package nl.opencordon.insight.traffic;

import com.typesafe.config.Config;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import nl.opencordon.actors.CborSerializable;
import nl.opencordon.actors.DeviceHealth;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.insight.traffic.CameraCountRepository.HourCount;
import nl.opencordon.insight.traffic.ExpectedTraffic.Expectation;
import nl.opencordon.controlroom.IncidentRepository;
import nl.opencordon.persistence.Jdbc;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Knows each camera's normal traffic and raises an incident when a camera that still says it is up reads far
 * fewer plates than expected, or far more poor reads (low confidence, unreadable). Every full hour it stores each working camera's
 * counts of the hour (counts only, no plates), which is what it learns from; every {@code check-interval} it
 * compares each camera's last hour with the median of the same hour of the week in earlier weeks.
 */
public final class TrafficWatch extends AbstractBehavior<TrafficWatch.Command> {

  /** Incident type in the control room's incident log. */
  public static final String INCIDENT_TYPE = "TRAFFIC_ANOMALY";

  public sealed interface Command extends CborSerializable {}

  public record GetAnomalies(ActorRef<Anomalies> replyTo) implements Command {}

  public record Anomaly(String cameraId, String detail, Instant since) implements CborSerializable {}

  public record Anomalies(List<Anomaly> anomalies) implements CborSerializable {}

  private record Checked(Camera.Status status) implements Command {}

  private record Learnt(Camera.Status status, Instant hour, Optional<Expectation> expectation, Throwable failure)
      implements Command {}

  private record ToRecord(Camera.Status status, Instant hourStart) implements Command {}

  private enum Check implements Command { INSTANCE }

  private enum RecordHour implements Command { INSTANCE }

  private enum TimerKey { CHECK, RECORD }

  /** From {@code anpr.insight.expected-traffic}. */
  public record Settings(Duration checkInterval, Duration recordDelay, Duration warmUp, ZoneId timeZone,
                         ExpectedTraffic.Rules rules) {
    public static Settings fromConfig(Config c) {
      return new Settings(c.getDuration("check-interval"), c.getDuration("record-delay"), c.getDuration("warm-up"),
          ZoneId.of(c.getString("time-zone")), new ExpectedTraffic.Rules(c.getInt("learn-weeks"),
          c.getInt("min-weeks"), c.getInt("min-expected"), c.getDouble("low-factor"),
          c.getInt("min-passages-for-quality"), c.getDouble("poor-read-margin")));
    }
  }

  /** Where the watch keeps what it learns and reports. */
  public record Stores(CameraCountRepository counts, IncidentRepository incidents, Executor blocking) {}

  /**
   * @param open anomalies still open in the incident log when the controller (re)started
   */
  public static Behavior<Command> create(Map<String, ActorRef<Camera.Command>> cameras, Stores stores,
                                         List<Anomaly> open, Settings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(TimerKey.CHECK, Check.INSTANCE, settings.checkInterval());
      TrafficWatch watch = new TrafficWatch(ctx, timers, cameras, stores, open, settings);
      watch.armRecord();
      return watch;
    }));
  }

  private final TimerScheduler<Command> timers;
  private final Map<String, ActorRef<Camera.Command>> cameras;
  private final Stores stores;
  private final Settings settings;
  private final Map<String, Anomaly> open = new HashMap<>();
  /** The expectation per camera for the hour it was learnt for; learnt again when the hour changes. */
  private final Map<String, Expectation> learnt = new HashMap<>();
  /** Since when each camera has been up without a break, as this watch saw it. */
  private final Map<String, Instant> upSince = new HashMap<>();
  private final ActorRef<Camera.Status> checkReplies;
  /** Writes run one after the other, so an incident is never ended before it was opened. */
  private CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);

  private TrafficWatch(ActorContext<Command> ctx, TimerScheduler<Command> timers,
                       Map<String, ActorRef<Camera.Command>> cameras, Stores stores, List<Anomaly> open,
                       Settings settings) {
    super(ctx);
    this.timers = timers;
    this.cameras = cameras; // the live view of this node's cameras: they move between nodes
    this.stores = stores;
    this.settings = settings;
    open.forEach(a -> this.open.put(a.cameraId(), a));
    checkReplies = ctx.messageAdapter(Camera.Status.class, Checked::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Check.INSTANCE, this::onCheck)
        .onMessage(Checked.class, this::onChecked)
        .onMessage(Learnt.class, this::onLearnt)
        .onMessageEquals(RecordHour.INSTANCE, this::onRecordHour)
        .onMessage(ToRecord.class, this::onToRecord)
        .onMessage(GetAnomalies.class, this::onGetAnomalies)
        .build();
  }

  private void armRecord() {
    Instant now = Instant.now();
    Instant next = now.atZone(settings.timeZone()).truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant();
    timers.startSingleTimer(TimerKey.RECORD, RecordHour.INSTANCE,
        Duration.between(now, next).plus(settings.recordDelay()));
  }

  private Behavior<Command> onCheck() {
    cameras.values().forEach(c -> c.tell(new Camera.GetStatus(checkReplies)));
    return this;
  }

  private Behavior<Command> onChecked(Checked m) {
    Camera.Status s = m.status();
    if (!s.enabled() || s.health() != DeviceHealth.UP) {
      // Down, degraded or switched off: the device's own incident says so; this one is about cameras that look fine.
      upSince.remove(s.cameraId());
      end(s.cameraId(), "camera " + s.health().name().toLowerCase());
      return this;
    }
    upSince.putIfAbsent(s.cameraId(), Instant.now());
    Instant hour = ExpectedTraffic.hourOf(Instant.now(), settings.timeZone());
    Expectation known = learnt.get(s.cameraId());
    if (known != null && known.hourStart().equals(hour)) {
      evaluate(s, Optional.of(known));
      return this;
    }
    List<Instant> earlier = ExpectedTraffic.sameHourEarlier(hour, settings.timeZone(), settings.rules().learnWeeks());
    getContext().pipeToSelf(Jdbc.async(stores.blocking(), () -> ExpectedTraffic.learn(hour,
            stores.counts().hours(s.cameraId(), earlier), settings.rules())),
        (expectation, err) -> new Learnt(s, hour, expectation, err));
    return this;
  }

  private Behavior<Command> onLearnt(Learnt m) {
    if (m.failure() != null) {
      getContext().getLog().warn("Expected traffic of camera [{}] not learnt: {}", m.status().cameraId(),
          m.failure().toString());
      return this;
    }
    m.expectation().ifPresent(e -> learnt.put(m.status().cameraId(), e));
    evaluate(m.status(), m.expectation());
    return this;
  }

  private void evaluate(Camera.Status s, Optional<Expectation> expectation) {
    Instant since = upSince.getOrDefault(s.cameraId(), Instant.now());
    boolean wholeHour = !since.isAfter(Instant.now().minus(settings.warmUp()));
    Optional<String> anomaly = expectation.flatMap(e -> ExpectedTraffic.anomaly(e, s.lastHour(), wholeHour,
        settings.rules()));
    if (anomaly.isEmpty()) {
      end(s.cameraId(), "traffic as expected");
    } else if (!open.containsKey(s.cameraId())) {
      Instant at = Instant.now();
      String detail = anomaly.get();
      open.put(s.cameraId(), new Anomaly(s.cameraId(), detail, at));
      getContext().getLog().warn("Camera [{}] is up but reads off its expected traffic: {}", s.cameraId(), detail);
      write("incident of " + s.cameraId(),
          () -> stores.incidents().open(INCIDENT_TYPE, "camera", s.cameraId(), at, detail, null));
      publish(new TrafficAnomalyChanged(s.cameraId(), true, detail, at));
    }
  }

  private void end(String cameraId, String why) {
    if (open.remove(cameraId) == null) {
      return;
    }
    Instant at = Instant.now();
    getContext().getLog().info("Camera [{}] traffic anomaly ended: {}", cameraId, why);
    write("end of incident of " + cameraId,
        () -> stores.incidents().endOpen(cameraId, List.of(INCIDENT_TYPE), at));
    publish(new TrafficAnomalyChanged(cameraId, false, why, at));
  }

  private void publish(TrafficAnomalyChanged e) {
    getContext().getSystem().eventStream().tell(new EventStream.Publish<>(e));
  }

  private Behavior<Command> onRecordHour() {
    armRecord();
    Instant hourStart = Instant.now().minus(settings.recordDelay()).atZone(settings.timeZone())
        .truncatedTo(ChronoUnit.HOURS).minusHours(1).toInstant();
    ActorRef<Camera.Status> replies = getContext().messageAdapter(Camera.Status.class,
        s -> new ToRecord(s, hourStart));
    cameras.values().forEach(c -> c.tell(new Camera.GetStatus(replies)));
    return this;
  }

  /** Learns only from hours that look normal: a camera that was failing must not teach a lower norm. */
  private Behavior<Command> onToRecord(ToRecord m) {
    Camera.Status s = m.status();
    if (s.enabled() && s.health() == DeviceHealth.UP && !open.containsKey(s.cameraId())) {
      Camera.Counts c = s.lastHour();
      write("counts of " + s.cameraId(), () -> stores.counts().record(
          new HourCount(s.cameraId(), m.hourStart(), c.total(), c.lowConfidence(), c.unreadable())));
    }
    return this;
  }

  private Behavior<Command> onGetAnomalies(GetAnomalies m) {
    m.replyTo().tell(new Anomalies(open.values().stream().sorted(Comparator.comparing(Anomaly::cameraId)).toList()));
    return this;
  }

  private interface SqlTask {
    void run() throws java.sql.SQLException;
  }

  private void write(String what, SqlTask task) {
    org.slf4j.Logger log = getContext().getLog();
    writes = writes.thenCompose(previous -> Jdbc.async(stores.blocking(), () -> {
      task.run();
      return null;
    }).<Void>handle((ok, err) -> {
      if (err != null) {
        log.warn("Traffic watch could not store the {}: {}", what, err.toString());
      }
      return null;
    }).toCompletableFuture());
  }
}
