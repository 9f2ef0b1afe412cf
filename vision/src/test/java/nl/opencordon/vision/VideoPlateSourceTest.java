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
import java.util.function.BiFunction;
import java.util.function.Function;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;


/**
 * The bundled clip, decoded by FFmpeg, yields each vehicle exactly once; still frames are not read, nor the
 * frames of a vehicle already read with confidence, nor what stands still beside what moves. Played live, it
 * drops the frames a slow reader is behind on, also where the stream's timestamps jump.
 */
class VideoPlateSourceTest {

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

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

    @BeforeEach
    void captureLog() {
        logged.start();
        ((Logger) LoggerFactory.getLogger(VideoPlateSource.class)).addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        ((Logger) LoggerFactory.getLogger(VideoPlateSource.class)).detachAppender(logged);
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
            source = new VideoPlateSource(video.toString(), FFmpegFrameGrabber::new, slowReader(recognizer, clock),
                    VideoPlateSource.DEFAULT_MERGE_WINDOW, Optional.of(Duration.ofMillis(200)), clock);
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

    /**
     * A camera that restarts its stream 4.8 s in: its timestamps begin at 0 again. Measured from the first frame,
     * every frame after that would be 4.8 s behind and dropped, for good: a stream that arrives in real time is
     * never caught up with. The source measures on from the frame before the jump and reads every vehicle at
     * times that go on, and it logs the jump once, without the camera's login.
     */
    @Test
    void aLiveStreamWhoseTimestampsJumpBackIsStillRead() throws Exception {
        List<RecognizedPassage> passages = new ArrayList<>();
        SlowClock clock = new SlowClock();
        VideoPlateSource source;
        try (PlateRecognizer recognizer = new PlateRecognizer(PlateRecognizer.DEFAULT_MIN_CONFIDENCE)) {
            source = new VideoPlateSource("rtsp://admin:secret@camera-7/stream",
                    liveCamera(clock, 48, Duration.ofMillis(-4800)), (image, region) -> {
                        List<PlateRead> reads = recognizer.recognize(image, region);
                        clock.now = clock.now.plusMillis(50);
                        return reads;
                    }, VideoPlateSource.DEFAULT_MERGE_WINDOW, Optional.of(Duration.ofSeconds(1)), clock);
            source.run(SlowClock.START, passages::add);
        }

        assertEquals(0, source.framesDropped(), "reading at 50 ms a frame keeps up");
        assertEquals(DemoClip.PLATES, passages.stream().map(RecognizedPassage::plate).toList());
        assertInTheClipInOrder(passages);
        List<String> logged = jumpsLogged();
        assertEquals(1, logged.size(), logged.toString());
        assertTrue(logged.get(0).startsWith("Video [rtsp://camera-7/stream]: its timestamps jumped -4700 ms"),
                logged.get(0));
    }

    /**
     * A camera whose timestamps jump a minute ahead 4.8 s in, while a slow reader (0.8 s a read) is behind.
     * Measured from the first frame, the stream would be a minute ahead of the wall clock and no frame dropped
     * again; the source stays as far behind as before the jump, so it keeps dropping and keeps up.
     */
    @Test
    void aLiveStreamWhoseTimestampsJumpAheadStillDropsWhenBehind() throws Exception {
        List<RecognizedPassage> passages = new ArrayList<>();
        SlowClock clock = new SlowClock();
        VideoPlateSource source;
        try (PlateRecognizer recognizer = new PlateRecognizer(PlateRecognizer.DEFAULT_MIN_CONFIDENCE)) {
            source = new VideoPlateSource(video.toString(), liveCamera(clock, 48, Duration.ofMinutes(1)),
                    slowReader(recognizer, clock), VideoPlateSource.DEFAULT_MERGE_WINDOW,
                    Optional.of(Duration.ofMillis(200)), clock);
            source.run(SlowClock.START, passages::add);
        }

        assertEquals(DemoClip.PLATES, passages.stream().map(RecognizedPassage::plate).toList());
        Instant lastFrame = SlowClock.START.plusMillis(100 * (DemoClip.FRAMES - 1));
        assertTrue(!clock.now.isAfter(lastFrame.plusMillis(200 + 800)),
            "done " + Duration.between(lastFrame, clock.now) + " after the last frame, "
                + source.framesDropped() + " frames dropped, " + source.framesRead() + " read");
        assertInTheClipInOrder(passages);
        List<String> logged = jumpsLogged();
        assertEquals(1, logged.size(), logged.toString());
        assertTrue(logged.get(0).contains("its timestamps jumped 60100 ms"), logged.get(0));
    }

    /** Reads plates at 0.8 s of the clock a read. */
    private static BiFunction<Mat, Rect, List<PlateRead>> slowReader(PlateRecognizer recognizer, SlowClock clock) {
        return (image, region) -> {
            List<PlateRead> reads = recognizer.recognize(image, region);
            clock.now = clock.now.plusMillis(800);
            return reads;
        };
    }

    /**
     * The clip as a live camera sends it, whatever the url: each frame arrives at its time in the clip (the clock
     * waits for it), and from frame {@code jumpAt} on its timestamps are off by {@code jump}.
     */
    private static Function<String, FFmpegFrameGrabber> liveCamera(SlowClock clock, int jumpAt, Duration jump) {
        return url -> new FFmpegFrameGrabber(video.toString()) {
            private int frames;

            @Override
            public Frame grabImage() throws Exception {
                Frame frame = super.grabImage();
                if (frame != null) {
                    Instant arrives = SlowClock.START.plusNanos(frame.timestamp * 1000);
                    if (clock.now.isBefore(arrives)) {
                        clock.now = arrives;
                    }
                    if (frames++ >= jumpAt) {
                        frame.timestamp += jump.toNanos() / 1000;
                    }
                }
                return frame;
            }
        };
    }

    /** Passages in order of time, at times within the clip's 10 s. */
    private static void assertInTheClipInOrder(List<RecognizedPassage> passages) {
        Instant before = SlowClock.START;
        for (RecognizedPassage passage : passages) {
            assertTrue(passage.seenAt().isAfter(before) && passage.seenAt().isBefore(SlowClock.START.plusSeconds(10)),
                    passages.toString());
            before = passage.seenAt();
        }
    }

    private List<String> jumpsLogged() {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("jumped")).toList();
    }

    /**
     * Wall-clock time that passes only while plates are read, or a live camera's next frame is waited for: the
     * source's own work costs nothing.
     */
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
