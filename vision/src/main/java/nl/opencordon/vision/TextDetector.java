package nl.opencordon.vision;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_LIST;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.minAreaRect;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RotatedRect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_core.Size2f;

/**
 * Finds text lines with PaddleOCR's PP-OCRv4 mobile text detector (a DBNet): the frame is scaled so its
 * longer side is {@code side} pixels, the model's probability map is thresholded, and each region becomes
 * a rotated box, grown as DBNet's "unclip" does, in the frame's own coordinates. Not thread-safe.
 */
final class TextDetector implements AutoCloseable {

    static final String MODEL = "/models/ch_PP-OCRv4_det_infer.onnx";

    /** PaddleOCR's DB post-processing defaults. */
    private static final float PIXEL_THRESHOLD = 0.3f;
    private static final double BOX_THRESHOLD = 0.6;
    private static final double UNCLIP_RATIO = 1.6;
    private static final int MIN_SIDE = 3;
    /** ImageNet mean and deviation, applied to the B, G, R planes in that order, as PaddleOCR does. */
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    /**
     * A text line: corners clockwise from top left as x, y pairs, in frame pixels, and the detector's
     * mean probability inside it.
     */
    record Box(float[] corners, double score) {

        double width() {
            return Math.hypot(corners[2] - corners[0], corners[3] - corners[1]);
        }

        double height() {
            return Math.hypot(corners[6] - corners[0], corners[7] - corners[1]);
        }

        double centreX() {
            return (corners[0] + corners[2] + corners[4] + corners[6]) / 4;
        }

        double centreY() {
            return (corners[1] + corners[3] + corners[5] + corners[7]) / 4;
        }

        /** Unit vector from the top left corner towards the top right one. */
        double[] direction() {
            double w = Math.max(width(), 1e-6);
            return new double[] {(corners[2] - corners[0]) / w, (corners[3] - corners[1]) / w};
        }

        /** This box with {@code margin} pixels added at its left and right ends. */
        Box widened(double margin) {
            double[] u = direction();
            float mx = (float) (u[0] * margin);
            float my = (float) (u[1] * margin);
            return new Box(new float[] {corners[0] - mx, corners[1] - my, corners[2] + mx, corners[3] + my,
                    corners[4] + mx, corners[5] + my, corners[6] - mx, corners[7] - my}, score);
        }

        /** The upright rectangle holding both boxes. */
        static Box around(Box a, Box b) {
            Rect ra = a.bounds();
            Rect rb = b.bounds();
            float x0 = Math.min(ra.x(), rb.x());
            float y0 = Math.min(ra.y(), rb.y());
            float x1 = Math.max(ra.x() + ra.width(), rb.x() + rb.width());
            float y1 = Math.max(ra.y() + ra.height(), rb.y() + rb.height());
            return new Box(new float[] {x0, y0, x1, y0, x1, y1, x0, y1}, Math.max(a.score(), b.score()));
        }

        Rect bounds() {
            float x0 = Math.min(Math.min(corners[0], corners[2]), Math.min(corners[4], corners[6]));
            float y0 = Math.min(Math.min(corners[1], corners[3]), Math.min(corners[5], corners[7]));
            float x1 = Math.max(Math.max(corners[0], corners[2]), Math.max(corners[4], corners[6]));
            float y1 = Math.max(Math.max(corners[1], corners[3]), Math.max(corners[5], corners[7]));
            return new Rect(Math.round(x0), Math.round(y0), Math.round(x1 - x0), Math.round(y1 - y0));
        }
    }

    private final OnnxModel model;
    private final int side;

    /** @param model ONNX file replacing the bundled detector, or null; @param side longer side the frame is scaled to */
    TextDetector(Path model, int side) {
        this.model = OnnxModel.load(model, MODEL);
        this.side = side;
    }

    /** Text lines in a BGR image, most probable first, parts of one line joined. */
    List<Box> detect(Mat image) {
        // A plate cut close (a crop rather than a camera frame) gets a margin: DBNet misses text touching the edge.
        int margin = Math.max(image.cols(), image.rows()) < side / 2 ? image.rows() / 2 : 0;
        Mat bgr = image;
        if (margin > 0) {
            bgr = new Mat();
            copyMakeBorder(image, bgr, margin, margin, margin, margin, BORDER_REPLICATE, new Scalar(0, 0, 0, 0));
        }
        return detect(bgr, (double) side / Math.max(bgr.cols(), bgr.rows()), -margin, -margin);
    }

    /**
     * Text lines inside {@code region} of a frame, in the frame's coordinates, found at the scale the whole
     * frame would be: the same lines as in the whole frame at that region's share of the cost.
     */
    List<Box> detect(Mat frame, Rect region) {
        return detect(frame.apply(region), (double) side / Math.max(frame.cols(), frame.rows()), region.x(), region.y());
    }

    /** Lines in {@code bgr} scaled by {@code scale}, moved by dx, dy into the caller's coordinates. */
    private List<Box> detect(Mat bgr, double scale, int dx, int dy) {
        int w = Math.max(1, (int) Math.round(bgr.cols() * scale));
        int h = Math.max(1, (int) Math.round(bgr.rows() * scale));
        Mat input = new Mat();
        resize(bgr, input, new Size(w, h), 0, 0, scale < 1 ? INTER_AREA : INTER_LINEAR);
        // The network halves the resolution five times: pad to multiples of 32.
        int pw = (w + 31) / 32 * 32;
        int ph = (h + 31) / 32 * 32;
        copyMakeBorder(input, input, 0, ph - h, 0, pw - w, BORDER_CONSTANT, new Scalar(0, 0, 0, 0));
        OnnxModel.Tensor out = model.run(new OnnxModel.Tensor(Images.planes(input, MEAN, STD), 1, 3, ph, pw));
        return boxes(out.data(), pw, ph, scale, dx, dy);
    }

    private static List<Box> boxes(float[] probability, int w, int h, double scale, int dx, int dy) {
        byte[] bits = new byte[probability.length];
        for (int i = 0; i < probability.length; i++) {
            bits[i] = probability[i] > PIXEL_THRESHOLD ? (byte) 255 : 0;
        }
        Mat mask = new Mat(h, w, CV_8UC1);
        Images.setPixels(mask, bits);
        Mat map;
        try (FloatPointer pointer = new FloatPointer(probability)) {
            map = new Mat(h, w, CV_32FC1, pointer).clone();
        }
        MatVector contours = new MatVector();
        findContours(mask.clone(), contours, new Mat(), RETR_LIST, CHAIN_APPROX_SIMPLE);
        List<Box> boxes = new ArrayList<>();
        for (long i = 0; i < contours.size(); i++) {
            Mat contour = contours.get(i);
            RotatedRect rect = minAreaRect(contour);
            if (Math.min(rect.size().width(), rect.size().height()) < MIN_SIDE) {
                continue;
            }
            Rect bounds = boundingRect(contour);
            double score = mean(map.apply(bounds), mask.apply(bounds)).get(0);
            if (score < BOX_THRESHOLD) {
                continue;
            }
            boxes.add(new Box(unclip(rect, scale, dx, dy), score));
        }
        return joinLines(boxes);
    }

    /**
     * Joins boxes that continue each other on one line (similar height, centres level, a gap under a
     * line height): the detector splits a plate at wide spaces ("NWM MX45", "CM8 52DJ"), and a part of a
     * plate can look like a whole, shorter one. Joined boxes become upright rectangles.
     */
    static List<Box> joinLines(List<Box> boxes) {
        List<Box> lines = new ArrayList<>(boxes);
        boolean joined = true;
        while (joined) {
            joined = false;
            for (int i = 0; i < lines.size() && !joined; i++) {
                for (int j = 0; j < lines.size() && !joined; j++) {
                    if (i != j && continues(lines.get(i), lines.get(j))) {
                        Box line = join(lines.get(i), lines.get(j));
                        lines.remove(Math.max(i, j));
                        lines.set(Math.min(i, j), line);
                        joined = true;
                    }
                }
            }
        }
        lines.sort(Comparator.comparingDouble(Box::score).reversed());
        return lines;
    }

    /**
     * Pairs of lines, upper then lower, that may be the two rows of one plate: one above the other at
     * under two line heights, overlapping horizontally by most of the narrower one, heights within a factor
     * 1.6, and together about as high as wide (0.6 to 2.6 times as wide as high, as motorcycle and moped
     * plates are; a one-row plate is 4 to 5 times).
     */
    static List<Box[]> stackedPairs(List<Box> lines) {
        List<Box[]> pairs = new ArrayList<>();
        for (Box a : lines) {
            for (Box b : lines) {
                if (a != b && stacked(a, b)) {
                    pairs.add(new Box[] {a, b});
                }
            }
        }
        return pairs;
    }

    private static boolean stacked(Box upper, Box lower) {
        double h = Math.max(upper.height(), lower.height());
        double dy = lower.centreY() - upper.centreY();
        if (Math.min(upper.height(), lower.height()) * 1.6 < h || dy < 0.7 * h || dy > 2 * h) {
            return false;
        }
        Rect u = upper.bounds();
        Rect l = lower.bounds();
        double overlap = Math.min(u.x() + u.width(), l.x() + l.width()) - Math.max(u.x(), l.x());
        if (overlap < 0.6 * Math.min(u.width(), l.width())) {
            return false;
        }
        Rect both = Box.around(upper, lower).bounds();
        double aspect = (double) both.width() / both.height();
        return aspect >= 0.6 && aspect <= 2.6;
    }

    /**
     * Whether two boxes are pieces of one line: along the axis of the longer one, their centres are level
     * (within a third of its height), their heights within a factor two (a lone glyph gets a tighter box) and the gap between them is under two heights.
     */
    private static boolean continues(Box a, Box b) {
        Box axis = a.width() >= b.width() ? a : b;
        Box other = axis == a ? b : a;
        double[] u = axis.direction();
        double dx = other.centreX() - axis.centreX();
        double dy = other.centreY() - axis.centreY();
        double along = Math.abs(dx * u[0] + dy * u[1]);
        double across = Math.abs(-dx * u[1] + dy * u[0]);
        double h = Math.max(axis.height(), other.height());
        double gap = along - (axis.width() + other.width()) / 2;
        return gap > -h / 2 && gap < 2 * h && across < h / 3 && Math.min(axis.height(), other.height()) > h / 2;
    }

    /** The rectangle, along the longer box's axis, that holds both boxes. */
    private static Box join(Box a, Box b) {
        Box axis = a.width() >= b.width() ? a : b;
        double[] u = axis.direction();
        double minAlong = Double.MAX_VALUE, maxAlong = -Double.MAX_VALUE, minAcross = Double.MAX_VALUE,
                maxAcross = -Double.MAX_VALUE;
        for (Box box : List.of(a, b)) {
            for (int i = 0; i < 8; i += 2) {
                double along = box.corners()[i] * u[0] + box.corners()[i + 1] * u[1];
                double across = -box.corners()[i] * u[1] + box.corners()[i + 1] * u[0];
                minAlong = Math.min(minAlong, along);
                maxAlong = Math.max(maxAlong, along);
                minAcross = Math.min(minAcross, across);
                maxAcross = Math.max(maxAcross, across);
            }
        }
        double[][] frame = {{minAlong, minAcross}, {maxAlong, minAcross}, {maxAlong, maxAcross}, {minAlong, maxAcross}};
        float[] corners = new float[8];
        for (int i = 0; i < 4; i++) {
            corners[2 * i] = (float) (frame[i][0] * u[0] - frame[i][1] * u[1]);
            corners[2 * i + 1] = (float) (frame[i][0] * u[1] + frame[i][1] * u[0]);
        }
        return new Box(corners, Math.max(a.score(), b.score()));
    }

    /** Grows the shrunk text kernel DBNet predicts back to the text's extent, in frame coordinates. */
    private static float[] unclip(RotatedRect rect, double scale, int dx, int dy) {
        float rw = rect.size().width();
        float rh = rect.size().height();
        float grow = (float) (rw * rh * UNCLIP_RATIO / (2 * (rw + rh)));
        RotatedRect grown = new RotatedRect(rect.center(), new Size2f(rw + 2 * grow, rh + 2 * grow), rect.angle());
        Point2f points = new Point2f(4);
        grown.points(points);
        float[][] xy = new float[4][];
        for (int i = 0; i < 4; i++) {
            Point2f p = points.position(i);
            xy[i] = new float[] {(float) (p.x() / scale + dx), (float) (p.y() / scale + dy)};
        }
        return clockwiseFromTopLeft(xy);
    }

    /** Orders four corners top left, top right, bottom right, bottom left (for lines tilted under 45°). */
    static float[] clockwiseFromTopLeft(float[][] xy) {
        Arrays.sort(xy, Comparator.comparingDouble(p -> p[0]));
        float[] tl = xy[0][1] <= xy[1][1] ? xy[0] : xy[1];
        float[] bl = tl == xy[0] ? xy[1] : xy[0];
        float[] tr = xy[2][1] <= xy[3][1] ? xy[2] : xy[3];
        float[] br = tr == xy[2] ? xy[3] : xy[2];
        return new float[] {tl[0], tl[1], tr[0], tr[1], br[0], br[1], bl[0], bl[1]};
    }

    @Override
    public void close() {
        model.close();
    }
}
