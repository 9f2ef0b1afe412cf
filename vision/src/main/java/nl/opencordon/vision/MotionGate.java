package nl.opencordon.vision;

import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Tells frames in which something moved from frames that only repeat the last one, so a stream spends
 * its core on passing vehicles rather than an empty road. Frames are compared at 80x60 grey, where
 * averaging has flattened sensor noise and compression artefacts; a frame counts as moving when more
 * than {@code share} of those pixels changed by more than {@code level} grey levels. Not thread-safe.
 */
final class MotionGate {

    static final double DEFAULT_SHARE = 0.002;
    static final int DEFAULT_LEVEL = 12;
    private static final Size SMALL = new Size(80, 60);

    private final double share;
    private final int level;
    private Mat previous;

    MotionGate(double share, int level) {
        this.share = share;
        this.level = level;
    }

    /** Whether {@code bgr} differs from the frame before it; the first frame always does. */
    boolean moved(Mat bgr) {
        // Shrink first: a 1280x720 frame's grey copy cost more than the whole comparison.
        Mat colour = new Mat();
        resize(bgr, colour, SMALL, 0, 0, INTER_AREA);
        Mat small = new Mat();
        cvtColor(colour, small, COLOR_BGR2GRAY);
        boolean moved = previous == null || changed(previous, small);
        previous = small;
        return moved;
    }

    private boolean changed(Mat before, Mat now) {
        Mat diff = new Mat();
        absdiff(before, now, diff);
        threshold(diff, diff, level, 255, THRESH_BINARY);
        return countNonZero(diff) > share * diff.total();
    }
}
