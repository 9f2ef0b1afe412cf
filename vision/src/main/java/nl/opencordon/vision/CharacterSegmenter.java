package nl.opencordon.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_32S;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.inRange;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2HSV;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.connectedComponentsWithStats;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.erode;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Splits a rectified plate into character glyphs: Otsu binarisation over the plate area (EU band excluded),
 * connected components of character size that agree on height and baseline, and groups separated by
 * gaps wider than a dash. Each glyph is normalised to {@link #ROWS} x {@link #COLS} ink intensities.
 */
public final class CharacterSegmenter {

    public static final int ROWS = 32;
    public static final int COLS = 20;

    private static final int MIN_CHARS = 4;
    private static final int MAX_CHARS = 9;
    /** A gap wider than this share of the character height separates groups (dash or space). */
    private static final double GROUP_GAP = 0.45;
    private static final double AGREEMENT = 0.2;

    /** Glyphs left to right, as {@code ROWS * COLS} intensities in [0, 1], and group lengths. */
    public record Segmentation(List<float[]> glyphs, List<Integer> groupLengths) {
    }

    private record Box(int label, int x, int y, int w, int h) {
        double centreY() {
            return y + h / 2.0;
        }
    }

    private final Mat blueLow = Images.scalar(95, 80, 40);
    private final Mat blueHigh = Images.scalar(135, 255, 255);

    /** @param area 255 where {@code plate} shows the plate itself; other pixels count as background */
    private final Mat rim = getStructuringElement(MORPH_RECT, new Size(7, 7));

    public Optional<Segmentation> segment(Mat plate, Mat area) {
        Mat gray = new Mat();
        cvtColor(plate, gray, COLOR_BGR2GRAY);
        Mat hsv = new Mat();
        cvtColor(plate, hsv, COLOR_BGR2HSV);
        Mat blue = new Mat();
        inRange(hsv, blueLow, blueHigh, blue);
        // The plate's rim mixes plate and bumper colours; shrinking the area keeps it from joining edge glyphs.
        Mat inside = new Mat();
        erode(area, inside, rim);
        Mat ink = inkMask(Images.pixels(gray), Images.pixels(inside), Images.pixels(blue), plate);

        Mat labels = new Mat();
        Mat stats = new Mat();
        int count = connectedComponentsWithStats(ink, labels, stats, new Mat(), 8, CV_32S);
        List<Box> boxes = characterBoxes(stats, count, plate.cols(), plate.rows());
        if (boxes.size() < MIN_CHARS || boxes.size() > MAX_CHARS) {
            return Optional.empty();
        }
        int[] labelPixels = new int[(int) labels.total()];
        ((IntIndexer) labels.createIndexer()).get(0, labelPixels);
        List<float[]> glyphs = boxes.stream().map(b -> glyph(labelPixels, plate.cols(), b)).toList();
        return Optional.of(new Segmentation(glyphs, groupLengths(boxes)));
    }

    /** Otsu's threshold computed over the plate's own pixels only, the EU band and surroundings excluded. */
    private static Mat inkMask(byte[] gray, byte[] inside, byte[] blue, Mat plate) {
        int[] histogram = new int[256];
        int total = 0;
        for (int i = 0; i < gray.length; i++) {
            if (inside[i] != 0 && blue[i] == 0) {
                histogram[gray[i] & 0xff]++;
                total++;
            }
        }
        int threshold = otsu(histogram, total);
        byte[] ink = new byte[gray.length];
        for (int i = 0; i < gray.length; i++) {
            boolean dark = inside[i] != 0 && blue[i] == 0 && (gray[i] & 0xff) <= threshold;
            ink[i] = dark ? (byte) 255 : 0;
        }
        Mat mask = new Mat(plate.rows(), plate.cols(), CV_8UC1);
        Images.setPixels(mask, ink);
        return mask;
    }

    private static int otsu(int[] histogram, int total) {
        double sum = 0;
        for (int t = 0; t < 256; t++) {
            sum += t * (double) histogram[t];
        }
        double sumBelow = 0;
        int countBelow = 0;
        double bestVariance = -1;
        int best = 0;
        for (int t = 0; t < 256; t++) {
            countBelow += histogram[t];
            if (countBelow == 0 || countBelow == total) {
                continue;
            }
            sumBelow += t * (double) histogram[t];
            double meanBelow = sumBelow / countBelow;
            double meanAbove = (sum - sumBelow) / (total - countBelow);
            double variance = (double) countBelow * (total - countBelow) * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (variance > bestVariance) {
                bestVariance = variance;
                best = t;
            }
        }
        return best;
    }

    private static List<Box> characterBoxes(Mat stats, int count, int width, int height) {
        IntIndexer s = stats.createIndexer();
        List<Box> boxes = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            Box b = new Box(i, s.get(i, 0), s.get(i, 1), s.get(i, 2), s.get(i, 3));
            if (b.h() >= 0.35 * height && b.h() <= 0.95 * height && b.w() <= 0.2 * width) {
                boxes.add(b);
            }
        }
        if (boxes.isEmpty()) {
            return boxes;
        }
        double height0 = median(boxes.stream().mapToDouble(Box::h).toArray());
        double centre0 = median(boxes.stream().mapToDouble(Box::centreY).toArray());
        return boxes.stream()
                .filter(b -> Math.abs(b.h() - height0) <= AGREEMENT * height0
                        && Math.abs(b.centreY() - centre0) <= AGREEMENT * height0)
                .sorted(Comparator.comparingInt(Box::x))
                .toList();
    }

    private static List<Integer> groupLengths(List<Box> boxes) {
        double height = median(boxes.stream().mapToDouble(Box::h).toArray());
        List<Integer> groups = new ArrayList<>();
        int length = 1;
        for (int i = 1; i < boxes.size(); i++) {
            Box previous = boxes.get(i - 1);
            if (boxes.get(i).x() - (previous.x() + previous.w()) > GROUP_GAP * height) {
                groups.add(length);
                length = 0;
            }
            length++;
        }
        groups.add(length);
        return groups;
    }

    /** The component's own pixels, scaled to fit the glyph box with aspect ratio kept, centred. */
    private static float[] glyph(int[] labels, int stride, Box b) {
        Mat crop = new Mat(b.h(), b.w(), CV_8UC1);
        byte[] pixels = new byte[b.w() * b.h()];
        for (int y = 0; y < b.h(); y++) {
            for (int x = 0; x < b.w(); x++) {
                pixels[y * b.w() + x] = labels[(b.y() + y) * stride + b.x() + x] == b.label() ? (byte) 255 : 0;
            }
        }
        Images.setPixels(crop, pixels);
        double scale = Math.min((ROWS - 4.0) / b.h(), (COLS - 2.0) / b.w());
        int w = Math.max(1, (int) Math.round(b.w() * scale));
        int h = Math.max(1, (int) Math.round(b.h() * scale));
        Mat scaled = new Mat();
        resize(crop, scaled, new Size(w, h), 0, 0, INTER_AREA);
        byte[] small = Images.pixels(scaled);
        float[] glyph = new float[ROWS * COLS];
        int top = (ROWS - h) / 2;
        int left = (COLS - w) / 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                glyph[(top + y) * COLS + left + x] = (small[y * w + x] & 0xff) / 255f;
            }
        }
        return glyph;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
