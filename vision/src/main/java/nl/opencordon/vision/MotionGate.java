package nl.opencordon.vision;

import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import java.util.Optional;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Tells frames in which something moved from frames that only repeat the last one, so a stream spends
 * its core on passing vehicles rather than an empty road, and where in the frame it moved, so recognition
 * looks only there. Frames are compared at 80x60 grey, where averaging has flattened sensor noise and
 * compression artefacts; a frame counts as moving when more than {@code share} of those pixels changed by
 * more than {@code level} grey levels. Not thread-safe.
 */
final class MotionGate {

    static final double DEFAULT_SHARE = 0.002;
    static final int DEFAULT_LEVEL = 12;
    private static final int COLUMNS = 80;
    private static final int ROWS = 60;
    private static final Size SMALL = new Size(COLUMNS, ROWS);
    /**
     * Cells of 80x60 added around the changed ones: a plate's own pixels can change less than the
     * vehicle's edges around it (a plain plate moving along itself), and the text detector misses text
     * that touches the edge of what it is given.
     */
    private static final int PAD = 3;

    private final double share;
    private final int level;
    private Mat previous;

    MotionGate(double share, int level) {
        this.share = share;
        this.level = level;
    }

    /**
     * The part of {@code bgr} that differs from the frame before it (the bounds of the changed cells, padded),
     * in {@code bgr}'s pixels; empty when nothing moved. The first frame is all new.
     */
    Optional<Rect> moved(Mat bgr) {
        // Shrink first: a 1280x720 frame's grey copy cost more than the whole comparison.
        Mat colour = new Mat();
        resize(bgr, colour, SMALL, 0, 0, INTER_AREA);
        Mat small = new Mat();
        cvtColor(colour, small, COLOR_BGR2GRAY);
        Optional<Rect> cells = previous == null ? Optional.of(new Rect(0, 0, COLUMNS, ROWS)) : changed(previous, small);
        previous = small;
        return cells.map(c -> inFrame(c, bgr.cols(), bgr.rows()));
    }

    private Optional<Rect> changed(Mat before, Mat now) {
        Mat diff = new Mat();
        absdiff(before, now, diff);
        threshold(diff, diff, level, 255, THRESH_BINARY);
        return countNonZero(diff) > share * diff.total() ? Optional.of(boundingRect(diff)) : Optional.empty();
    }

    /** Cells, padded, to frame pixels; rounded outwards and clipped to the frame. */
    private static Rect inFrame(Rect cells, int width, int height) {
        int x0 = Math.max(0, cells.x() - PAD) * width / COLUMNS;
        int y0 = Math.max(0, cells.y() - PAD) * height / ROWS;
        int x1 = (Math.min(COLUMNS, cells.x() + cells.width() + PAD) * width + COLUMNS - 1) / COLUMNS;
        int y1 = (Math.min(ROWS, cells.y() + cells.height() + PAD) * height + ROWS - 1) / ROWS;
        return new Rect(x0, y0, Math.min(width, x1) - x0, Math.min(height, y1) - y0);
    }
}
