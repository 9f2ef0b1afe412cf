package nl.opencordon.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.inRange;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2HSV;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_CLOSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL;
import static org.bytedeco.opencv.global.opencv_imgproc.approxPolyDP;
import static org.bytedeco.opencv.global.opencv_imgproc.arcLength;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.boxPoints;
import static org.bytedeco.opencv.global.opencv_imgproc.contourArea;
import static org.bytedeco.opencv.global.opencv_imgproc.convexHull;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.fillConvexPoly;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.getPerspectiveTransform;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.minAreaRect;
import static org.bytedeco.opencv.global.opencv_imgproc.morphologyEx;
import static org.bytedeco.opencv.global.opencv_imgproc.warpPerspective;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RotatedRect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import nl.opencordon.vision.PlateFormat.Background;

/**
 * Classical plate localisation: colour masks for yellow (Dutch) and white (most of Europe) plate
 * backgrounds, a closing to bridge the characters, then plate-shaped contours rectified to a frontal
 * view. Cheap, and false candidates are fine: the segmenter and layout decoding reject them.
 */
public final class PlateLocator {

    /** Size of a rectified plate crop. */
    public static final int PLATE_WIDTH = 240;
    public static final int PLATE_HEIGHT = 56;

    private static final int MAX_CANDIDATES = 6;
    private static final double MIN_AREA = 300;
    private static final double MIN_ASPECT = 2.4;
    private static final double MAX_ASPECT = 7.5;
    private static final double MIN_FILL = 0.6;
    /** Grow the found quad a little, so characters touching the mask edge are not clipped. */
    private static final double MARGIN = 0.05;

    /**
     * A rectified plate crop, the mask of the plate's own area within it (so the dark bumper around
     * the plate is not mistaken for ink), where it was found and which background colour found it.
     */
    public record Candidate(Mat plate, Mat area, Rect bounds, Background background) {
    }

    private static final Mat PLATE_QUAD = Images.quad(0, 0, PLATE_WIDTH, 0, PLATE_WIDTH, PLATE_HEIGHT, 0, PLATE_HEIGHT);

    private final Mat yellowLow = Images.scalar(15, 90, 90);
    private final Mat yellowHigh = Images.scalar(38, 255, 255);
    private final Mat whiteLow = Images.scalar(0, 0, 110);
    private final Mat whiteHigh = Images.scalar(180, 60, 255);
    private final Mat closing = getStructuringElement(MORPH_RECT, new Size(7, 3));

    public List<Candidate> locate(Mat bgrFrame) {
        Mat hsv = new Mat();
        cvtColor(bgrFrame, hsv, COLOR_BGR2HSV);
        List<Candidate> found = new ArrayList<>();
        found.addAll(candidates(bgrFrame, hsv, yellowLow, yellowHigh, Background.YELLOW));
        found.addAll(candidates(bgrFrame, hsv, whiteLow, whiteHigh, Background.WHITE));
        return found.stream()
                .sorted(Comparator.comparingInt((Candidate c) -> c.bounds().area()).reversed())
                .limit(MAX_CANDIDATES)
                .toList();
    }

    private List<Candidate> candidates(Mat frame, Mat hsv, Mat low, Mat high, Background background) {
        Mat mask = new Mat();
        inRange(hsv, low, high, mask);
        morphologyEx(mask, mask, MORPH_CLOSE, closing);
        MatVector contours = new MatVector();
        findContours(mask, contours, new Mat(), RETR_EXTERNAL, CHAIN_APPROX_SIMPLE);
        List<Candidate> result = new ArrayList<>();
        for (long i = 0; i < contours.size(); i++) {
            Mat contour = contours.get(i);
            double area = contourArea(contour);
            if (area < MIN_AREA) {
                continue;
            }
            RotatedRect box = minAreaRect(contour);
            double longSide = Math.max(box.size().width(), box.size().height());
            double shortSide = Math.min(box.size().width(), box.size().height());
            double aspect = longSide / shortSide;
            if (aspect < MIN_ASPECT || aspect > MAX_ASPECT || area / (longSide * shortSide) < MIN_FILL) {
                continue;
            }
            Mat hull = new Mat();
            convexHull(contour, hull);
            float[] corners = orderedCorners(hull, box);
            if (isUpright(corners)) {
                Mat plateArea = new Mat(frame.rows(), frame.cols(), CV_8UC1, new Scalar(0));
                fillConvexPoly(plateArea, hull, new Scalar(255));
                Mat transform = getPerspectiveTransform(Images.quad(grow(corners)), PLATE_QUAD);
                result.add(new Candidate(rectify(frame, transform, INTER_LINEAR), rectify(plateArea, transform, INTER_NEAREST),
                        boundingRect(contour), background));
            }
        }
        return result;
    }

    /** Four corners (top-left, top-right, bottom-right, bottom-left), from the hull when it is a quad. */
    private static float[] orderedCorners(Mat hull, RotatedRect box) {
        Mat polygon = new Mat();
        approxPolyDP(hull, polygon, 0.04 * arcLength(hull, true), true);
        float[] xy = new float[8];
        if (polygon.rows() == 4) {
            IntIndexer points = polygon.createIndexer();
            for (int i = 0; i < 4; i++) {
                xy[2 * i] = points.get(i, 0, 0);
                xy[2 * i + 1] = points.get(i, 0, 1);
            }
        } else {
            Mat points = new Mat();
            boxPoints(box, points);
            FloatIndexer indexer = points.createIndexer();
            for (int i = 0; i < 4; i++) {
                xy[2 * i] = indexer.get(i, 0);
                xy[2 * i + 1] = indexer.get(i, 1);
            }
        }
        return order(xy);
    }

    private static float[] order(float[] xy) {
        int tl = 0, tr = 0, br = 0, bl = 0;
        for (int i = 1; i < 4; i++) {
            float sum = xy[2 * i] + xy[2 * i + 1];
            float diff = xy[2 * i] - xy[2 * i + 1];
            if (sum < xy[2 * tl] + xy[2 * tl + 1]) tl = i;
            if (sum > xy[2 * br] + xy[2 * br + 1]) br = i;
            if (diff > xy[2 * tr] - xy[2 * tr + 1]) tr = i;
            if (diff < xy[2 * bl] - xy[2 * bl + 1]) bl = i;
        }
        return new float[] {xy[2 * tl], xy[2 * tl + 1], xy[2 * tr], xy[2 * tr + 1],
                xy[2 * br], xy[2 * br + 1], xy[2 * bl], xy[2 * bl + 1]};
    }

    /** Plates are mounted roughly level: reject quads whose top edge is not the wide, horizontal one. */
    private static boolean isUpright(float[] c) {
        double top = Math.hypot(c[2] - c[0], c[3] - c[1]);
        double left = Math.hypot(c[6] - c[0], c[7] - c[1]);
        return top > 2 * left && Math.abs(c[3] - c[1]) < 0.35 * top;
    }

    private static float[] grow(float[] c) {
        float cx = (c[0] + c[2] + c[4] + c[6]) / 4;
        float cy = (c[1] + c[3] + c[5] + c[7]) / 4;
        float[] grown = new float[8];
        for (int i = 0; i < 4; i++) {
            grown[2 * i] = (float) (cx + (c[2 * i] - cx) * (1 + MARGIN));
            grown[2 * i + 1] = (float) (cy + (c[2 * i + 1] - cy) * (1 + 2 * MARGIN));
        }
        return grown;
    }

    private static Mat rectify(Mat image, Mat transform, int interpolation) {
        Mat plate = new Mat();
        warpPerspective(image, plate, transform, new Size(PLATE_WIDTH, PLATE_HEIGHT), interpolation, 0,
                new Scalar(0, 0, 0, 0));
        return plate;
    }

}
