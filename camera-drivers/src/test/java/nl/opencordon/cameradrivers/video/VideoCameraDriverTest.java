package nl.opencordon.cameradrivers.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.cameradrivers.IngestListener;
import nl.opencordon.domain.ImageFormat;
import nl.opencordon.domain.Picture;
import nl.opencordon.cameradrivers.TestRecords;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Plate;
import nl.opencordon.vision.DemoClip;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bundled demo clip through the video driver: one passage per vehicle, with its images, and heartbeats; which
 * videos are read live (dropping frames when behind, see {@code VideoPlateSourceTest}).
 */
@ExtendWith(LogCapturingExtension.class)
class VideoCameraDriverTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void theDemoClipGivesOnePassagePerVehicleWithItsPlateCropAndOverview() {
    CityLayout.Camera camera = TestRecords.camera("video-1");
    TestProbe<Camera.Command> target = testKit.createTestProbe();
    List<Long> dropped = new CopyOnWriteArrayList<>();
    IngestListener listener = new IngestListener() {
      @Override
      public void passages(String cameraId, String channel, String outcome, int count) {}

      @Override
      public void framesDropped(String cameraId, long count) {
        dropped.add(count);
      }
    };
    // not real time, so read frame by frame: no lag is too small
    testKit.spawn(VideoCameraDriver.create(camera, target.ref(), new VideoCameraDriver.Settings(
        VideoCameraDriver.CLASSPATH + DemoClip.RESOURCE, false, Duration.ofSeconds(12), false,
        Duration.ofMillis(100), Duration.ZERO), TestRecords.HASHER, listener));

    List<Passage> passages = new ArrayList<>();
    List<List<Picture>> pictures = new ArrayList<>();
    int[] heartbeats = {0};
    target.fishForMessage(Duration.ofSeconds(40), m -> {
      if (m instanceof Camera.RecordPassage r) {
        passages.add(r.passage());
        pictures.add(r.pictures());
      } else if (m instanceof Camera.Heartbeat) {
        heartbeats[0]++;
      } else if (m instanceof Camera.DriverFailed f) {
        assertTrue(f.reason().endsWith("ended"), f.reason());
        return FishingOutcomes.complete();
      }
      return FishingOutcomes.continueAndIgnore();
    });

    assertEquals(DemoClip.PLATES.stream().map(p -> p.replace(" ", "")).toList(),
        passages.stream().map(Passage::plateAsRead).map(p -> p.replace(" ", "")).toList());
    assertEquals(Plate.of("KLN2047", "D"), passages.get(3).plate());
    for (int i = 0; i < passages.size(); i++) {
      Passage p = passages.get(i);
      assertEquals("video-1", p.cameraId());
      assertEquals(TestRecords.HASHER.hash(p.plate()), p.plateHash());
      assertEquals(p.plate().text().length(), p.charConfidences().size());
      assertEquals(p.imageRefs(), pictures.get(i).stream().map(Picture::ref).toList());
      assertEquals(List.of(ImageFormat.JPEG, ImageFormat.PNG), pictures.get(i).stream()
          .map(picture -> ImageFormat.of(picture.content()).orElseThrow()).toList());
    }
    assertTrue(heartbeats[0] > 0, "heartbeats while playing");
    assertEquals(List.of(), dropped, "a file not played in real time drops no frames");
  }

  @Test
  void aStreamIsReadLiveWhateverTheSettingAndAFileWhenPlayedInRealTime() {
    assertTrue(settings("rtsp://10.0.0.5/stream1", false).live());
    assertTrue(settings("/var/lib/cordon/clip.mp4", true).live());
    assertFalse(settings("/var/lib/cordon/clip.mp4", false).live());
    assertFalse(settings("file:///var/lib/cordon/clip.mp4", false).live());
  }

  private static VideoCameraDriver.Settings settings(String url, boolean realtime) {
    return new VideoCameraDriver.Settings(url, false, Duration.ofSeconds(12), realtime, Duration.ofSeconds(1),
        Duration.ofSeconds(1));
  }
}
