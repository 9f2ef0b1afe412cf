package nl.opencordon.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code mode=cameras} for one short round: the video is written, played by the driver and every figure written. */
class VideoCamerasIT {

  @Test
  void oneRoundWritesEveryFigure() throws Exception {
    Path out = Bench.run(new String[] {"mode=cameras", "video-size=640x360", "cameras-max=1", "cameras-warmup=2s",
        "cameras-measure=20s", "out=target/cameras-smoke.txt"});
    String results = Files.readString(out);
    for (String figure : new String[] {" 1 cameras: slowest stream", "cameras at 10 frames/s this node carries",
        "frames/s per core, motion gate on", "per 2 dedicated cores, by CPU time"}) {
      assertTrue(results.contains(figure), () -> "missing " + figure + " in\n" + results);
    }
    assertTrue(Files.size(Path.of("target/bench-video-640x360.mp4")) > 100_000, "the video was written");
  }
}
