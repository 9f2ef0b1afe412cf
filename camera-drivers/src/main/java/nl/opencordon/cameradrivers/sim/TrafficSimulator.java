package nl.opencordon.cameradrivers.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.actors.camera.CameraDriverFactory;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.PlateHasher;
import nl.opencordon.domain.VehicleCategory;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The demo's camera driver: a camera that reads vehicles of the {@link Fleet} at a given rate, with realistic
 * read confidences, and heartbeats every second while it is alive.
 */
public final class TrafficSimulator {
  private TrafficSimulator() {}

  interface Command {}

  private enum Tick implements Command { INSTANCE }

  private enum Beat implements Command { INSTANCE }

  private static final Duration TICK = Duration.ofMillis(100);

  /** A driver factory that simulates every camera of the city. */
  public static CameraDriverFactory factory(Fleet fleet, PlateHasher hasher, SimulatorControl control,
                                            double passagesPerSecond, long seed) {
    return (camera, self) -> Optional.of(create(camera, self, fleet, hasher, control, passagesPerSecond,
        seed ^ camera.id().hashCode()));
  }

  static Behavior<Command> create(CityLayout.Camera camera, ActorRef<Camera.Command> target, Fleet fleet,
                                  PlateHasher hasher, SimulatorControl control, double perSecond, long seed) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerAtFixedRate(Tick.INSTANCE, TICK);
      timers.startTimerAtFixedRate(Beat.INSTANCE, Duration.ofSeconds(1));
      Random random = new Random(seed);
      double[] owed = {0};
      long[] sequence = {0};
      return Behaviors.receive(Command.class)
          .onMessageEquals(Beat.INSTANCE, () -> {
            if (control.isAlive(camera.id())) {
              target.tell(new Camera.Heartbeat(Instant.now()));
            }
            return Behaviors.same();
          })
          .onMessageEquals(Tick.INSTANCE, () -> {
            if (!control.isAlive(camera.id())) {
              return Behaviors.same();
            }
            owed[0] += control.rate(camera.id(), perSecond) * TICK.toMillis() / 1000.0;
            while (owed[0] >= 1) {
              owed[0] -= 1;
              Passage p = passage(camera, fleet.pick(random), hasher, random, ++sequence[0]);
              target.tell(new Camera.RecordPassage(p, ctx.getSystem().ignoreRef()));
            }
            return Behaviors.same();
          })
          .build();
    }));
  }

  static Passage passage(CityLayout.Camera camera, Fleet.Vehicle v, PlateHasher hasher, Random random, long seq) {
    // About 3% of reads are poor (dirt, glare, angle), as camera reports of read quality show.
    boolean poor = random.nextDouble() < 0.03;
    double confidence = poor ? 0.55 + random.nextDouble() * 0.25 : 0.86 + random.nextDouble() * 0.14;
    List<Double> perChar = new ArrayList<>();
    for (int i = 0; i < v.plate().text().length(); i++) {
      perChar.add(Math.min(1.0, confidence + random.nextDouble() * (1 - confidence)));
    }
    VehicleCategory category = v.facts().map(f -> f.category()).orElse(VehicleCategory.UNKNOWN);
    String id = camera.id() + "-" + Long.toHexString(System.currentTimeMillis()) + "-" + seq;
    return new Passage(id, Instant.now(), camera.id(), camera.site().locationCode(), camera.lane(),
        null, camera.site().position(), v.plate().display(), v.plate(), hasher.hash(v.plate()),
        category, confidence, perChar, poor, List.of("sim://" + id + "/overview.jpg", "sim://" + id + "/plate.jpg"),
        random.nextDouble() < 0.5 ? Optional.of(20 + random.nextDouble() * 30) : Optional.empty());
  }
}
