package nl.opencordon.vision;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a video file, image file or RTSP URL through FFmpeg, recognises plates where something moved
 * ({@link MotionGate}) and emits merged passages. Frames of a vehicle whose passage is already settled
 * ({@link PassageMerger#settled}) are not read while its motion goes on alike, for at most {@link #RECHECK}. {@link #run} blocks until the stream ends or {@link #stop} is called; call
 * it on a thread of its own. Frame times are {@code origin} plus the stream's presentation time (a live stream's
 * with its jumps taken out, {@link StreamClock}).
 *
 * <p>A file for an evaluation is read frame by frame, however long that takes. A live camera ({@link #live})
 * must not fall behind: a stream read slower than it arrives queues up without bound, and its passages would
 * come ever later, with times a control room and a fine cannot use. So a live source drops unread every frame whose presentation time is more than the allowed lag behind the wall clock
 * since the first frame ({@link #framesDropped}), until reading has caught up. Where the stream's timestamps jump
 * ({@link StreamClock}), the lag is measured on from the frame before the jump.
 */
public final class VideoPlateSource {

    /** Reads of the same vehicle further apart than this become separate passages. */
    public static final Duration DEFAULT_MERGE_WINDOW = Duration.ofMillis(1500);

    /** A settled passage's vehicle is read again at least this often, whatever its motion looks like. */
    static final Duration RECHECK = Duration.ofMillis(500);
    /** Moving regions this alike (intersection over union) are taken for the same vehicle's. */
    static final double SAME_REGION = 0.6;
    /**
     * A live stream's timestamps that step ahead of the wall clock's by more than this have jumped: longer than
     * a plate camera's frame interval (a frame a second at the least), by which frames read from a queue step
     * ahead of the wall clock while reading catches up. A smaller jump ahead goes unnoticed and lets the source
     * fall as much further behind before it drops.
     */
    static final Duration JUMP = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(VideoPlateSource.class);

    private final String url;
    private final Function<String, FFmpegFrameGrabber> grabbers;
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
        this(url, FFmpegFrameGrabber::new, recognizer::recognize, mergeWindow, Optional.empty(), Clock.systemUTC());
    }

    /**
     * {@code grabbers} opens the url; {@code reader} reads the plates in a frame's moving region; {@code clock}
     * tells how far behind a live source is.
     */
    VideoPlateSource(String url, Function<String, FFmpegFrameGrabber> grabbers,
                     BiFunction<Mat, Rect, List<PlateRead>> reader, Duration mergeWindow, Optional<Duration> maxLag,
                     Clock clock) {
        this.url = url;
        this.grabbers = grabbers;
        this.reader = reader;
        this.mergeWindow = mergeWindow;
        this.maxLag = maxLag;
        this.clock = clock;
    }

    /** A live camera's source: frames more than {@code maxLag} behind the wall clock are dropped. */
    public static VideoPlateSource live(String url, PlateRecognizer recognizer, Duration mergeWindow,
                                        Duration maxLag) {
        return new VideoPlateSource(url, FFmpegFrameGrabber::new, recognizer::recognize, mergeWindow,
                Optional.of(maxLag), Clock.systemUTC());
    }

    /** Plays the stream; returns the number of frames taken from it, those dropped included. */
    public int run(Instant origin, Consumer<RecognizedPassage> listener) throws FrameGrabber.Exception {
        FFmpegLogCallback.setLevel(avutil.AV_LOG_ERROR);
        PassageMerger merger = new PassageMerger(mergeWindow, listener);
        MotionGate motion = new MotionGate(MotionGate.DEFAULT_SHARE, MotionGate.DEFAULT_LEVEL);
        int frames = 0;
        Reading lastRead = new Reading(new Rect(), Instant.MIN);
        StreamClock live = maxLag.isPresent() ? new StreamClock(maxLag.get()) : null;
        try (FFmpegFrameGrabber grabber = grabbers.apply(url);
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            if (url.startsWith("rtsp:")) {
                grabber.setOption("rtsp_transport", "tcp");
            }
            grabber.start();
            Frame frame;
            while (!stopped && (frame = grabber.grabImage()) != null) {
                frames++;
                long timestamp = frame.timestamp;
                if (live != null) {
                    timestamp = live.take(timestamp);
                    if (live.behind()) {
                        framesDropped++;
                        continue;
                    }
                }
                Mat image = converter.convert(frame);
                Instant at = origin.plusNanos(timestamp * 1000);
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

    /**
     * A live stream's timestamps against the wall clock, from its first frame on. A camera that restarts its
     * stream, a timestamp that wraps, or a correction of the camera's clock makes them jump: measured from the
     * first frame, a live source would drop every frame after a jump back (as far behind as the jump, it never
     * catches up with a stream that arrives in real time) and none after a jump ahead. So a step back, or a step
     * ahead of the wall clock's by more than {@link #JUMP}, counts as the wall clock's step: the frame is as far
     * behind as the one before it, and frame times go on from there.
     */
    private final class StreamClock {
        private final Duration maxLag;
        private Instant started;
        private long firstTimestamp;
        private Instant last;
        /** The last frame's timestamp, with the jumps taken out (µs). */
        private long lastTimestamp;
        /** What the jumps so far took out of the stream's timestamps (µs). */
        private long shift;

        StreamClock(Duration maxLag) {
            this.maxLag = maxLag;
        }

        /** Takes the next frame's timestamp (µs); returns it with the stream's jumps taken out. */
        long take(long timestamp) {
            Instant now = clock.instant();
            if (last == null) {
                started = now;
                firstTimestamp = timestamp;
            } else {
                long step = timestamp + shift - lastTimestamp;
                long wallStep = Duration.between(last, now).toNanos() / 1000;
                if (step < 0 || step > wallStep + JUMP.toNanos() / 1000) {
                    log.info("Video [{}]: its timestamps jumped {} ms with {} ms on the wall clock; lag measured "
                            + "on from the frame before", withoutCredentials(url), step / 1000, wallStep / 1000);
                    shift += wallStep - step;
                }
            }
            last = now;
            lastTimestamp = timestamp + shift;
            return lastTimestamp;
        }

        /** Whether the frame taken last is more than the lag behind the wall clock. */
        boolean behind() {
            return Duration.between(started, last).minusNanos((lastTimestamp - firstTimestamp) * 1000)
                    .compareTo(maxLag) > 0;
        }
    }

    /** The url without a user name and password (an RTSP camera's login), for the log. */
    private static String withoutCredentials(String url) {
        return url.replaceFirst("^([a-z]+://)[^/@]*@", "$1");
    }

    /** Ends {@link #run} after the current frame. */
    public void stop() {
        stopped = true;
    }
}
