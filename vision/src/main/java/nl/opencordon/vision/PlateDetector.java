package nl.opencordon.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2HSV;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_CLOSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY_INV;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_OTSU;
import static org.bytedeco.opencv.global.opencv_imgproc.approxPolyDP;
import static org.bytedeco.opencv.global.opencv_imgproc.arcLength;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.contourArea;
import static org.bytedeco.opencv.global.opencv_imgproc.convexHull;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.minAreaRect;
import static org.bytedeco.opencv.global.opencv_imgproc.morphologyEx;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import nl.opencordon.vision.PlateFormat.Background;

/**
 * Finds the plates themselves, not their text: regions of a plate's colour (Dutch yellow, the white of
 * other EU plates) whose outline is a quadrilateral of a plate's proportions — one row about 4.7 to 1 (520
 * by 110 mm, less the EU band, which is not of the plate's colour), two rows about 1.5 to 1 (Dutch
 * motorcycles and mopeds) — and that hold dark glyphs of a row's height once rectified. Classical OpenCV, no
 * model. Stateless.
 */
final class PlateDetector {

    /** Frames are searched at this longer side at most (a 1280x720 frame at 640x360). */
    private static final int SIDE = 640;
    /** A plate region covers at least this many pixels at the search size. */
    private static final double MIN_AREA = 240;
    /** A plate's region fills most of the quadrilateral around it (the glyphs are holes inside). */
    private static final double MIN_FILL = 0.7;
    /** Width over height of a one-row plate (4.7 whole, 4.3 without the band) and a two-row one (1.56). */
    private static final double ONE_ROW_MIN = 2.6;
    private static final double ONE_ROW_MAX = 6.5;
    private static final double TWO_ROWS_MIN = 1.15;
    private static final double TWO_ROWS_MAX = 2.3;
    /** Rectified, a row is this high while its glyphs are counted. */
    private static final int ROW_HEIGHT = 40;
    /** A plate holds at least this many glyph-sized dark blobs. */
    private static final int MIN_GLYPHS = 4;
    /** A glyph's width is at most this share of its height, a run of touching glyphs at most MAX_RUN. */
    private static final double GLYPH_WIDTH = 0.9;
    private static final double MAX_RUN = 4;
    /** Plates reported per frame, largest first: bounds the cost of a cluttered frame. */
    private static final int MAX_PLATES = 4;

    /**
     * A plate: its corners clockwise from top left as x, y pairs in frame pixels, its colour and whether
     * it holds two rows.
     */
    record Plate(float[] corners, Background colour, boolean twoRows) {

        double width() {
            return (dist(0, 1) + dist(3, 2)) / 2;
        }

        double height() {
            return (dist(0, 3) + dist(1, 2)) / 2;
        }

        private double dist(int a, int b) {
            return Math.hypot(corners[2 * b] - corners[2 * a], corners[2 * b + 1] - corners[2 * a + 1]);
        }

        /** Whether the point lies inside the quadrilateral (convex, clockwise in image coordinates). */
        boolean holds(double x, double y) {
            for (int i = 0; i < 4; i++) {
                int j = (i + 1) % 4;
                double cross = (corners[2 * j] - corners[2 * i]) * (y - corners[2 * i + 1])
                        - (corners[2 * j + 1] - corners[2 * i + 1]) * (x - corners[2 * i]);
                if (cross < 0) {
                    return false;
                }
            }
            return true;
        }

        /** Whether the plate's centre lies in the region (a frame's moving part). */
        boolean centredIn(Rect region) {
            double x = (corners[0] + corners[2] + corners[4] + corners[6]) / 4;
            double y = (corners[1] + corners[3] + corners[5] + corners[7]) / 4;
            return x >= region.x() && x < region.x() + region.width() && y >= region.y()
                    && y < region.y() + region.height();
        }

        /** Whether a detected text line is on this plate: its centre inside, no wider than the plate allows. */
        boolean holds(TextDetector.Box line) {
            return holds(line.centreX(), line.centreY()) && line.width() < 1.5 * width();
        }

        /**
         * Whether the line lies within the plate's outline, give or take a third of its height: if not, the
         * outline is not the plate's whole (a shadow or glare cut it) and must not rectify the line.
         */
        boolean fits(TextDetector.Box line) {
            float[] c = toPlate(line.corners());
            double slack = line.height() / 3;
            for (int i = 0; i < 8; i += 2) {
                if (c[i] < -slack || c[i] > width() + slack || c[i + 1] < -slack || c[i + 1] > height() + slack) {
                    return false;
                }
            }
            return true;
        }

        /** The plate as a box, for what takes one (the EU band left of it, the overview around it). */
        TextDetector.Box box() {
            return new TextDetector.Box(corners, 1);
        }

        /** The plate's own rectified coordinates: width() by height() pixels, x to the right along the plate. */
        private float[] upright() {
            float w = (float) width();
            float h = (float) height();
            return new float[] {0, 0, w, 0, w, h, 0, h};
        }

        /** Frame points (x, y pairs) in the plate's rectified coordinates. */
        float[] toPlate(float[] xy) {
            return Images.map(Images.perspective(corners, upright()), xy);
        }

        /** The corners, in the frame, of the rectangle (x0, y0)-(x1, y1) of the plate's rectified coordinates. */
        float[] inner(double x0, double y0, double x1, double y1) {
            return Images.map(Images.perspective(upright(), corners), new float[] {(float) x0, (float) y0,
                    (float) x1, (float) y0, (float) x1, (float) y1, (float) x0, (float) y1});
        }
    }

    private PlateDetector() {
    }

    /** Plates in a BGR frame, largest first. */
    static List<Plate> detect(Mat frame) {
        double scale = Math.min(1, (double) SIDE / Math.max(frame.cols(), frame.rows()));
        Mat small = frame;
        if (scale < 1) {
            small = new Mat();
            resize(frame, small, new Size((int) Math.round(frame.cols() * scale), (int) Math.round(frame.rows() * scale)),
                    0, 0, INTER_AREA);
        }
        Mat[] masks = colourMasks(small);
        List<Plate> plates = new ArrayList<>();
        List<Double> areas = new ArrayList<>();
        for (Background colour : Background.values()) {
            Mat mask = masks[colour.ordinal()];
            Mat kernel = getStructuringElement(MORPH_RECT, new Size(3, 3));
            morphologyEx(mask, mask, MORPH_CLOSE, kernel);
            morphologyEx(mask, mask, MORPH_OPEN, kernel);
            MatVector contours = new MatVector();
            findContours(mask, contours, new Mat(), RETR_EXTERNAL, CHAIN_APPROX_SIMPLE);
            for (long i = 0; i < contours.size(); i++) {
                Mat contour = contours.get(i);
                double area = contourArea(contour);
                if (area < MIN_AREA) {
                    continue;
                }
                float[] quad = quadrilateral(contour);
                if (quad == null || area < MIN_FILL * polygonArea(quad)) {
                    continue;
                }
                for (int k = 0; k < 8; k++) {
                    quad[k] /= (float) scale;
                }
                Plate plate = plate(frame, quad, colour);
                if (plate != null) {
                    plates.add(plate);
                    areas.add(area);
                }
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < plates.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> -areas.get(i)));
        return order.stream().limit(MAX_PLATES).map(plates::get).toList();
    }

    /**
     * A plate of {@code colour} with corners {@code quad}, when its proportions are a plate's and its rows
     * hold glyphs; null otherwise.
     */
    private static Plate plate(Mat frame, float[] quad, Background colour) {
        Plate candidate = new Plate(quad, colour, false);
        double aspect = candidate.width() / Math.max(1, candidate.height());
        boolean twoRows;
        if (aspect >= ONE_ROW_MIN && aspect <= ONE_ROW_MAX) {
            twoRows = false;
        } else if (aspect >= TWO_ROWS_MIN && aspect <= TWO_ROWS_MAX) {
            twoRows = true;
        } else {
            return null;
        }
        int rows = twoRows ? 2 : 1;
        Mat rectified = Images.warp(frame, quad, (int) Math.round(ROW_HEIGHT * rows * aspect), ROW_HEIGHT * rows);
        return glyphsInEachRow(rectified, rows) ? new Plate(quad, colour, twoRows) : null;
    }

    /**
     * Whether each of {@code rows} horizontal bands of a rectified plate holds a dark blob of a glyph's height
     * (a third to nine tenths of the band) and about as wide as high or narrower, and all together at least
     * MIN_GLYPHS.
     */
    static boolean glyphsInEachRow(Mat plate, int rows) {
        Mat grey = new Mat();
        cvtColor(plate, grey, COLOR_BGR2GRAY);
        Mat ink = new Mat();
        threshold(grey, ink, 0, 255, THRESH_BINARY_INV | THRESH_OTSU);
        // a dark rim or a strip of bumper along the outline would join the glyphs that touch it into one blob
        int rim = Math.max(1, plate.rows() / rows / 10);
        ink.apply(new Rect(0, 0, plate.cols(), rim)).put(new Scalar(0));
        ink.apply(new Rect(0, plate.rows() - rim, plate.cols(), rim)).put(new Scalar(0));
        MatVector blobs = new MatVector();
        findContours(ink, blobs, new Mat(), RETR_EXTERNAL, CHAIN_APPROX_SIMPLE);
        int bandHeight = plate.rows() / rows;
        int[] glyphs = new int[rows];
        for (long i = 0; i < blobs.size(); i++) {
            Rect r = boundingRect(blobs.get(i));
            int row = Math.min(rows - 1, (r.y() + r.height() / 2) / bandHeight);
            if (r.height() >= bandHeight / 3 && r.height() <= bandHeight * 9 / 10 && r.width() < MAX_RUN * r.height()
                    && r.width() * 30 > bandHeight) {
                // bold or blurred glyphs touch ("THD" as one blob): a wide blob counts as the glyphs it spans
                glyphs[row] += Math.max(1, (int) (r.width() / (GLYPH_WIDTH * r.height())));
            }
        }
        // a two-row plate's lower row may hold a single glyph ("85-ZRF" over "7")
        return Arrays.stream(glyphs).allMatch(n -> n > 0) && Arrays.stream(glyphs).sum() >= MIN_GLYPHS;
    }

    /**
     * Where a rectified two-row plate divides into its rows: the pixel row with the least ink (dark pixels
     * by Otsu's threshold) in the middle third.
     */
    static int rowSplit(Mat plate) {
        Mat grey = new Mat();
        cvtColor(plate, grey, COLOR_BGR2GRAY);
        Mat ink = new Mat();
        threshold(grey, ink, 0, 255, THRESH_BINARY_INV | THRESH_OTSU);
        byte[] px = Images.pixels(ink);
        int w = plate.cols();
        int best = plate.rows() / 2;
        int least = Integer.MAX_VALUE;
        for (int y = plate.rows() / 3; y < plate.rows() * 2 / 3; y++) {
            int n = 0;
            // the outer tenth of each side is the rim and the EU band, not the rows
            for (int x = w / 10; x < w - w / 10; x++) {
                n += px[y * w + x] & 1;
            }
            if (n < least || n == least && Math.abs(y - plate.rows() / 2) < Math.abs(best - plate.rows() / 2)) {
                least = n;
                best = y;
            }
        }
        return best;
    }

    /** Masks of the plate colours, indexed by {@link Background#ordinal()}. */
    private static Mat[] colourMasks(Mat bgr) {
        Mat hsv = new Mat();
        cvtColor(bgr, hsv, COLOR_BGR2HSV);
        Mat[] masks = new Mat[Background.values().length];
        masks[Background.YELLOW.ordinal()] = inRange(hsv, 12, 38, 81, 255, 81);
        masks[Background.WHITE.ordinal()] = inRange(hsv, 0, 180, 0, 54, 131);
        return masks;
    }

    /** Pixels of hue, saturation and value in the given ranges (bounds included; value up to 255). */
    private static Mat inRange(Mat hsv, int hueFrom, int hueTo, int saturationFrom, int saturationTo, int valueFrom) {
        Mat mask = new Mat();
        opencv_core.inRange(hsv, scalar(hueFrom, saturationFrom, valueFrom), scalar(hueTo, saturationTo, 255), mask);
        return mask;
    }

    /**
     * A scalar for functions taking an InputArray: JavaCPP has no Scalar overloads there, and OpenCV reads a
     * 4x1 one-channel Mat as a scalar (a 1x1 three-channel one as an array).
     */
    private static Mat scalar(double h, double s, double v) {
        try (DoublePointer values = new DoublePointer(h, s, v, 0)) {
            return new Mat(4, 1, CV_64F, values).clone();
        }
    }

    /**
     * The contour's outline as four corners clockwise from top left: its convex hull simplified by
     * approxPolyDP when that leaves four corners, else its minimum-area rectangle; null when tilted past 30°.
     */
    private static float[] quadrilateral(Mat contour) {
        Mat hull = new Mat();
        convexHull(contour, hull);
        Mat approx = new Mat();
        approxPolyDP(hull, approx, 0.04 * arcLength(hull, true), true);
        float[][] xy = new float[4][];
        if (approx.rows() == 4) {
            IntIndexer points = approx.createIndexer();
            for (int i = 0; i < 4; i++) {
                xy[i] = new float[] {points.get(i, 0, 0), points.get(i, 0, 1)};
            }
        } else {
            Point2f points = new Point2f(4);
            minAreaRect(contour).points(points);
            for (int i = 0; i < 4; i++) {
                xy[i] = new float[] {points.position(i).x(), points.position(i).y()};
            }
        }
        float[] corners = TextDetector.clockwiseFromTopLeft(xy);
        double dx = corners[2] - corners[0];
        double dy = corners[3] - corners[1];
        return Math.abs(dy) > Math.abs(dx) * Math.tan(Math.toRadians(30)) ? null : corners;
    }

    private static double polygonArea(float[] c) {
        double twice = 0;
        for (int i = 0; i < 4; i++) {
            int j = (i + 1) % 4;
            twice += c[2 * i] * c[2 * j + 1] - c[2 * j] * c[2 * i + 1];
        }
        return Math.abs(twice) / 2;
    }
}
