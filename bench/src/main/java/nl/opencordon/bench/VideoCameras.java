package nl.opencordon.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.cameradrivers.IngestListener;
import nl.opencordon.cameradrivers.video.VideoCameraDriver;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.PlateHasher;
import nl.opencordon.domain.Site;
import nl.opencordon.vision.DemoClip;
import nl.opencordon.vision.synth.DemoVideo;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * {@code mode=cameras}: how many plain IP cameras at 10 frames/s one node reads (issue 27). The demo clip's
 * scenes scaled to {@code video-size} (1280x720) are written once; then rounds of 1, 2, 3... cameras each play
 * it through a real {@link VideoCameraDriver} (FFmpeg decoding, motion gate, recognition, merging) into a
 * sink in place of the camera actor. Each driver loops the file no faster than its own frame times, as a
 * camera delivers them: a stream that keeps up starts a loop every clip length (9.6 s), one that does not
 * starts it later. A stream's rate is the clip's frames over the time between two passages of the same
 * vehicle in consecutive loops; the node carries N cameras while every stream of the round reaches 98 % of
 * 10 frames/s. Rounds stop at the first that does not, or at {@code cameras-max}.
 */
final class VideoCameras {
  /** One round: its cameras' slowest and mean frames/s, and frames per CPU-second of the whole JVM. */
  record Round(int cameras, double slowestFps, double meanFps, double framesPerCpuSecond, double coresBusy) {
    boolean keptUp() {
      return slowestFps >= KEEP_UP * DemoVideo.FRAME_RATE;
    }
  }

  static final double KEEP_UP = 0.98;

  private record Arrival(String camera, String plate, long nanos) {}

  private VideoCameras() {}

  static List<Round> run(int width, int height, int maxCameras, Duration warmup, Duration measure)
      throws Exception {
    Path video = Path.of("target", "bench-video-" + width + "x" + height + ".mp4").toAbsolutePath();
    DemoVideo.write(video, width, height);
    Duration clip = Duration.ofMillis(1000L * DemoClip.FRAMES / DemoVideo.FRAME_RATE);
    List<Round> rounds = new ArrayList<>();
    for (int n = 1; n <= maxCameras; n++) {
      Round round = round(n, video, clip, warmup, measure);
      System.out.printf("  %2d cameras: slowest %.1f, mean %.1f frames/s per stream; %.1f frames/s per core,"
          + " %.2f cores busy%n", n, round.slowestFps(), round.meanFps(), round.framesPerCpuSecond(),
          round.coresBusy());
      rounds.add(round);
      if (!round.keptUp()) {
        break;
      }
    }
    return rounds;
  }

  private static Round round(int n, Path video, Duration clip, Duration warmup, Duration measure)
      throws Exception {
    ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    // not real time: every frame is read, as fast as the node can, which is the capacity measured
    VideoCameraDriver.Settings settings = new VideoCameraDriver.Settings(video.toString(), true, clip, false,
        Duration.ofSeconds(1), Duration.ofSeconds(1));
    PlateHasher hasher = new PlateHasher("bench-only-secret-0123456789abcdef");
    Config config = ConfigFactory.parseString("pekko.loglevel = WARNING").withFallback(ConfigFactory.load());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
      ActorRef<Camera.Command> sink = ctx.spawn(Behaviors.receiveMessage(m -> {
        if (m instanceof Camera.RecordPassage r) {
          arrivals.add(new Arrival(r.passage().cameraId(), r.passage().plate().text(), System.nanoTime()));
        }
        return Behaviors.same();
      }), "sink");
      for (int i = 1; i <= n; i++) {
        ctx.spawn(VideoCameraDriver.create(camera("video-" + i), sink, settings, hasher,
            IngestListener.NONE), "video-" + i);
      }
      return Behaviors.empty();
    }), "cameras", config);
    try {
      Thread.sleep(warmup.toMillis());
      long cpu0 = Cpu.processNanos();
      long t0 = System.nanoTime();
      Thread.sleep(measure.toMillis());
      long cpu1 = Cpu.processNanos();
      long t1 = System.nanoTime();
      List<Double> rates = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        rates.add(rate("video-" + i, arrivals, t0, t1));
      }
      double frames = rates.stream().mapToDouble(Double::doubleValue).sum() * (t1 - t0) / 1e9;
      return new Round(n, rates.stream().mapToDouble(Double::doubleValue).min().orElse(0),
          rates.stream().mapToDouble(Double::doubleValue).average().orElse(0), frames / ((cpu1 - cpu0) / 1e9),
          (double) (cpu1 - cpu0) / (t1 - t0));
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * A stream's frames/s in the window: the clip's frames over the mean time between passages of one vehicle
   * in consecutive loops; 0 when no vehicle was read twice in the window.
   */
  private static double rate(String camera, ConcurrentLinkedQueue<Arrival> arrivals, long t0, long t1) {
    Map<String, Long> last = new HashMap<>();
    long periods = 0;
    int count = 0;
    for (Arrival a : arrivals) {
      if (!a.camera().equals(camera) || a.nanos() > t1) {
        continue;
      }
      Long before = last.put(a.plate(), a.nanos());
      if (before != null && before >= t0) {
        periods += a.nanos() - before;
        count++;
      }
    }
    return count == 0 ? 0 : DemoClip.FRAMES / (periods / 1e9 / count);
  }

  private static CityLayout.Camera camera(String id) {
    return new CityLayout.Camera(id, "bench", false, 1,
        new Site("BENCH-" + id, "Bench", "in", new GeoPoint(52.37, 4.90), null));
  }
}
