package nl.opencordon.vision;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Plays a video file, image file or RTSP URL through FFmpeg, recognises plates in every frame in which
 * something moved ({@link MotionGate}) and emits merged passages. {@link #run} blocks until the stream ends or {@link #stop} is called; call
 * it on a thread of its own. Frame times are {@code origin} plus the stream's presentation time.
 */
public final class VideoPlateSource {

    /** Reads of the same vehicle further apart than this become separate passages. */
    public static final Duration DEFAULT_MERGE_WINDOW = Duration.ofMillis(1500);

    private final String url;
    private final PlateRecognizer recognizer;
    private final Duration mergeWindow;
    private volatile boolean stopped;
    private int framesRead;

    public VideoPlateSource(String url, PlateRecognizer recognizer, Duration mergeWindow) {
        this.url = url;
        this.recognizer = recognizer;
        this.mergeWindow = mergeWindow;
    }

    /** Plays the stream; returns the number of frames processed. */
    public int run(Instant origin, Consumer<RecognizedPassage> listener) throws FrameGrabber.Exception {
        FFmpegLogCallback.setLevel(avutil.AV_LOG_ERROR);
        PassageMerger merger = new PassageMerger(mergeWindow, listener);
        MotionGate motion = new MotionGate(MotionGate.DEFAULT_SHARE, MotionGate.DEFAULT_LEVEL);
        int frames = 0;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url);
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            if (url.startsWith("rtsp:")) {
                grabber.setOption("rtsp_transport", "tcp");
            }
            grabber.start();
            Frame frame;
            while (!stopped && (frame = grabber.grabImage()) != null) {
                Mat image = converter.convert(frame);
                Instant at = origin.plusNanos(frame.timestamp * 1000);
                if (motion.moved(image)) {
                    merger.accept(at, recognizer.recognize(image));
                    framesRead++;
                } else {
                    merger.accept(at, List.of());
                }
                frames++;
            }
            grabber.stop();
        }
        merger.flush();
        return frames;
    }

    /** Frames that {@link #run} passed to the recogniser: those in which something moved. */
    public int framesRead() {
        return framesRead;
    }

    /** Ends {@link #run} after the current frame. */
    public void stop() {
        stopped = true;
    }
}
