package nl.opencordon.vision;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Plays a video file, image file or RTSP URL through FFmpeg, recognises plates where something moved
 * ({@link MotionGate}) and emits merged passages. Frames of a vehicle whose passage is already settled
 * ({@link PassageMerger#settled}) are not read while its motion goes on alike, for at most {@link #RECHECK}. {@link #run} blocks until the stream ends or {@link #stop} is called; call
 * it on a thread of its own. Frame times are {@code origin} plus the stream's presentation time.
 *
 * <p>A file for an evaluation is read frame by frame, however long that takes. A live camera ({@link #live})
 * must not fall behind: a stream read slower than it arrives queues up without bound, and its passages would
 * come ever later, with times a control room and a fine cannot use. So a live source drops unread every frame whose presentation time is more than the allowed lag behind the wall clock
 * since the first frame ({@link #framesDropped}), until reading has caught up.
 */
public final class VideoPlateSource {

    /** Reads of the same vehicle further apart than this become separate passages. */
    public static final Duration DEFAULT_MERGE_WINDOW = Duration.ofMillis(1500);

    /** A settled passage's vehicle is read again at least this often, whatever its motion looks like. */
    static final Duration RECHECK = Duration.ofMillis(500);
    /** Moving regions this alike (intersection over union) are taken for the same vehicle's. */
    static final double SAME_REGION = 0.6;

    private final String url;
    private final BiFunction<Mat, Rect, List<PlateRead>> reader;
    private final Duration mergeWindow;
    /** Empty for a file read frame by frame. */
    private final Optional<Duration> maxLag;
    private final Clock clock;
    private volatile boolean stopped;
    private int framesRead;
    private int framesHeld;
    private volatile int framesDropped;

    /** The moving region of the last frame read, and that frame's time. */
    private record Reading(Rect region, Instant at) {
        /**
         * Whether a frame at {@code now} moving in {@code region} shows the vehicle read then and nothing new: the
         * regions alike (a second vehicle entering, or another replacing it, changes the region) and the read recent.
         */
        boolean follows(Rect moving, Instant now) {
            double intersection = Math.max(0, Math.min(region.x() + region.width(), moving.x() + moving.width())
                    - Math.max(region.x(), moving.x()))
                    * (double) Math.max(0, Math.min(region.y() + region.height(), moving.y() + moving.height())
                    - Math.max(region.y(), moving.y()));
            return intersection / (region.area() + moving.area() - intersection) >= SAME_REGION
                    && Duration.between(at, now).compareTo(RECHECK) < 0;
        }
    }

    /** Reads every frame of the file or stream, however far behind that gets. */
    public VideoPlateSource(String url, PlateRecognizer recognizer, Duration mergeWindow) {
        this(url, recognizer::recognize, mergeWindow, Optional.empty(), Clock.systemUTC());
    }

    /** {@code reader} reads the plates in a frame's moving region; {@code clock} tells how far behind a live source is. */
    VideoPlateSource(String url, BiFunction<Mat, Rect, List<PlateRead>> reader, Duration mergeWindow,
                     Optional<Duration> maxLag, Clock clock) {
        this.url = url;
        this.reader = reader;
        this.mergeWindow = mergeWindow;
        this.maxLag = maxLag;
        this.clock = clock;
    }

    /** A live camera's source: frames more than {@code maxLag} behind the wall clock are dropped. */
    public static VideoPlateSource live(String url, PlateRecognizer recognizer, Duration mergeWindow,
                                        Duration maxLag) {
        return new VideoPlateSource(url, recognizer::recognize, mergeWindow, Optional.of(maxLag), Clock.systemUTC());
    }

    /** Plays the stream; returns the number of frames taken from it, those dropped included. */
    public int run(Instant origin, Consumer<RecognizedPassage> listener) throws FrameGrabber.Exception {
        FFmpegLogCallback.setLevel(avutil.AV_LOG_ERROR);
        PassageMerger merger = new PassageMerger(mergeWindow, listener);
        MotionGate motion = new MotionGate(MotionGate.DEFAULT_SHARE, MotionGate.DEFAULT_LEVEL);
        int frames = 0;
        Reading lastRead = new Reading(new Rect(), Instant.MIN);
        Instant started = null;
        long firstTimestamp = 0;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url);
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            if (url.startsWith("rtsp:")) {
                grabber.setOption("rtsp_transport", "tcp");
            }
            grabber.start();
            Frame frame;
            while (!stopped && (frame = grabber.grabImage()) != null) {
                frames++;
                if (maxLag.isPresent()) {
                    Instant now = clock.instant();
                    if (started == null) {
                        started = now;
                        firstTimestamp = frame.timestamp;
                    } else if (Duration.between(started, now).minusNanos((frame.timestamp - firstTimestamp) * 1000)
                            .compareTo(maxLag.get()) > 0) {
                        framesDropped++;
                        continue;
                    }
                }
                Mat image = converter.convert(frame);
                Instant at = origin.plusNanos(frame.timestamp * 1000);
                Optional<Rect> moving = motion.moved(image);
                if (moving.isEmpty()) {
                    merger.accept(at, List.of());
                } else if (merger.settled() && lastRead.follows(moving.get(), at)) {
                    merger.hold(at);
                    framesHeld++;
                } else {
                    merger.accept(at, reader.apply(image, moving.get()));
                    lastRead = new Reading(moving.get(), at);
                    framesRead++;
                }
            }
            grabber.stop();
        }
        merger.flush();
        return frames;
    }

    /**
     * Frames that {@link #run} passed to the recogniser: those in which something moved, less those held
     * ({@link #framesHeld}).
     */
    public int framesRead() {
        return framesRead;
    }

    /**
     * Moving frames that {@link #run} did not read because they showed a vehicle whose passage was already
     * settled ({@link PassageMerger#settled}) and nothing new; they still count as frames of that passage.
     */
    public int framesHeld() {
        return framesHeld;
    }

    /**
     * Frames a live source took from the stream and dropped unread because reading had fallen more than its
     * lag behind; always 0 for a file read frame by frame. Safe to read from another thread while playing.
     */
    public int framesDropped() {
        return framesDropped;
    }

    /** Ends {@link #run} after the current frame. */
    public void stop() {
        stopped = true;
    }
}
