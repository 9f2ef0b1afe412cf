package nl.opencordon.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * The bundled clip, decoded by FFmpeg, yields each vehicle exactly once; still frames are not read, nor the
 * frames of a vehicle already read with confidence, nor what stands still beside what moves.
 */
class VideoPlateSourceTest {

    @TempDir
    static Path dir;
    static Path video;

    @BeforeAll
    static void copyClip() throws Exception {
        video = dir.resolve("demo.mp4");
        try (InputStream in = VideoPlateSourceTest.class.getResourceAsStream(DemoClip.RESOURCE)) {
            Files.copy(in, video);
        }
    }

    @Test
    void bundledVideoYieldsOnePassagePerVehicle() throws Exception {
        List<RecognizedPassage> passages = new ArrayList<>();
        Instant origin = Instant.parse("2024-05-08T08:00:00Z");
        int frames;
        VideoPlateSource source;
        try (PlateRecognizer recognizer = new PlateRecognizer(PlateRecognizer.DEFAULT_MIN_CONFIDENCE)) {
            source = new VideoPlateSource(video.toString(), recognizer, VideoPlateSource.DEFAULT_MERGE_WINDOW);
            frames = source.run(origin, passages::add);
        }

        assertEquals(DemoClip.FRAMES, frames);
        assertEquals(0, source.framesDropped(), "a file is read frame by frame");
        assertEquals(DemoClip.PLATES, passages.stream().map(RecognizedPassage::plate).toList());
        for (RecognizedPassage passage : passages) {
            assertTrue(passage.frameCount() >= 5, passage + " merged too few frames");
            assertTrue(passage.confidence() >= 0.95, passage + " lost confidence");
            assertTrue(passage.seenAt().isAfter(origin) && passage.seenAt().isBefore(origin.plusSeconds(10)));
        }
        assertEquals(List.of("NL", "NL", "NL", "D"), passages.stream().map(RecognizedPassage::country).toList());
        // 76 frames move, about 19 per vehicle: each is read until settled, then about twice a second
        int moving = source.framesRead() + source.framesHeld();
        assertTrue(moving < frames, "frames of the empty road between vehicles are skipped");
        assertTrue(source.framesRead() < moving / 2, source.framesRead() + " of " + moving + " moving frames read");
    }

    /**
     * A live camera whose reading is slower than its frame rate: each read costs 0.8 s of the clock (eight frames
     * of the 10 frames/s clip), so reading the frames it would read from a file ends 9.7 s behind the stream.
     * Frames more than 0.2 s behind are dropped instead; the source keeps up and still reads every vehicle.
     */
    @Test
    void aLiveSourceThatReadsTooSlowlyDropsFramesAndStillReadsEveryVehicle() throws Exception {
        List<RecognizedPassage> passages = new ArrayList<>();
        SlowClock clock = new SlowClock();
        VideoPlateSource source;
        int frames;
        try (PlateRecognizer recognizer = new PlateRecognizer(PlateRecognizer.DEFAULT_MIN_CONFIDENCE)) {
            source = new VideoPlateSource(video.toString(), (image, region) -> {
                List<PlateRead> reads = recognizer.recognize(image, region);
                clock.now = clock.now.plusMillis(800);
                return reads;
            }, VideoPlateSource.DEFAULT_MERGE_WINDOW, Optional.of(Duration.ofMillis(200)), clock);
            frames = source.run(SlowClock.START, passages::add);
        }

        assertEquals(DemoClip.FRAMES, frames);
        assertEquals(DemoClip.PLATES, passages.stream().map(RecognizedPassage::plate).toList());
        // the last frame (at 9.5 s) was taken at most the lag behind, and read in one read's time
        Instant lastFrame = SlowClock.START.plusMillis(100 * (DemoClip.FRAMES - 1));
        assertTrue(!clock.now.isAfter(lastFrame.plusMillis(200 + 800)),
            "done " + Duration.between(lastFrame, clock.now) + " after the last frame, "
                + source.framesDropped() + " frames dropped, " + source.framesRead() + " read");
        assertTrue(source.framesDropped() > 0, "reading at 0.8 s a frame must drop frames");
    }

    /** Wall-clock time that passes only while plates are read: the source's own work costs nothing. */
    private static final class SlowClock extends Clock {
        static final Instant START = Instant.parse("2024-05-08T08:00:00Z");
        Instant now = START;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aPlateStandingStillBesideTheMovingVehicleIsNotRead() throws Exception {
        Mat[] frames = frames(2, 3, 34);
        // 85-ZRF-7's plate, from a later frame, pasted at the bottom left of frames 2 and 3: a parked car
        Mat parked = frames[2].apply(new Rect(250, 215, 150, 55));
        for (int i = 0; i < 2; i++) {
            parked.copyTo(frames[i].apply(new Rect(20, 290, 150, 55)));
        }
        MotionGate gate = new MotionGate(MotionGate.DEFAULT_SHARE, MotionGate.DEFAULT_LEVEL);
        gate.moved(frames[0]);
        Rect moving = gate.moved(frames[1]).orElseThrow();
        try (PlateRecognizer recognizer = new PlateRecognizer(PlateRecognizer.DEFAULT_MIN_CONFIDENCE)) {
            assertEquals(List.of("85-ZRF-7", "GX-123-B"), texts(recognizer.recognize(frames[1])), "both in the frame");
            assertEquals(List.of("GX-123-B"), texts(recognizer.recognize(frames[1], moving)));
        }
    }

    private static List<String> texts(List<PlateRead> reads) {
        return reads.stream().map(PlateRead::text).sorted().toList();
    }

    /** The clip's frames at these indices, in increasing order. */
    private static Mat[] frames(int... indices) throws Exception {
        Mat[] frames = new Mat[indices.length];
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toString());
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            for (int i = 0, n = 0; n < indices.length; i++) {
                Mat frame = converter.convert(grabber.grabImage());
                if (i == indices[n]) {
                    frames[n++] = frame.clone();
                }
            }
            grabber.stop();
        }
        return frames;
    }
}
