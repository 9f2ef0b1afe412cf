package nl.opencordon.vision;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2HSV;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The EU band: the blue strip at a plate's left end with the country's code in white under the stars.
 * Found left of a read line as columns that are mostly saturated blue; its lower half is read by the
 * same recogniser and kept only when it is a code of a country that issues EU-band plates.
 */
final class EuBand {

    /** Codes on the EU band (the distinguishing signs of the EU and EEA states that use it). */
    static final Set<String> CODES = Set.of("A", "B", "BG", "CY", "CZ", "D", "DK", "E", "EST", "F", "FIN",
            "GR", "H", "HR", "I", "IRL", "L", "LT", "LV", "M", "NL", "P", "PL", "RO", "S", "SK", "SLO");

    /** How far left of the line, in line heights, the band may start; how tall the plate is around it. */
    private static final double REACH = 1.6;
    private static final double PLATE_HEIGHT = 1.8;
    /** A band column is at least this share blue; the band is at least this many line heights wide. */
    private static final double BLUE_SHARE = 0.5;
    private static final double MIN_WIDTH = 0.25;

    private EuBand() {
    }

    /** The band's country code left of {@code line} in {@code frame}, if there is a band and it reads as one. */
    static Optional<String> country(Mat frame, TextDetector.Box line, TextRecognizer reader) {
        Mat region = left(frame, line);
        Optional<Rect> band = band(region, line.height());
        if (band.isEmpty()) {
            return Optional.empty();
        }
        Rect b = band.get();
        Mat lower = region.apply(new Rect(b.x(), b.y() + b.height() / 2, b.width(), b.height() - b.height() / 2));
        // The code is a few pixels high: enlarged, it reads like any other line.
        Mat large = new Mat();
        resize(lower, large, new Size(lower.cols() * 3, lower.rows() * 3), 0, 0, INTER_CUBIC);
        String code = letters(reader.read(large));
        return CODES.contains(code) ? Optional.of(code) : Optional.empty();
    }

    /** The strip left of the line, REACH heights wide and as tall as a plate, rectified along the line. */
    private static Mat left(Mat frame, TextDetector.Box line) {
        double h = line.height();
        double[] u = line.direction();
        double[] down = {-u[1], u[0]};
        float[] c = line.corners();
        double cx = (c[0] + c[6]) / 2;
        double cy = (c[1] + c[7]) / 2;
        double half = PLATE_HEIGHT * h / 2;
        double reach = REACH * h;
        float[] quad = {
                (float) (cx - u[0] * reach - down[0] * half), (float) (cy - u[1] * reach - down[1] * half),
                (float) (cx - down[0] * half), (float) (cy - down[1] * half),
                (float) (cx + down[0] * half), (float) (cy + down[1] * half),
                (float) (cx - u[0] * reach + down[0] * half), (float) (cy - u[1] * reach + down[1] * half)};
        return Images.warp(frame, quad, Math.max(4, (int) Math.round(reach)), Math.max(4, (int) Math.round(2 * half)));
    }

    /** The widest run of blue columns, trimmed to its blue rows; empty when narrower than MIN_WIDTH heights. */
    static Optional<Rect> band(Mat region, double lineHeight) {
        Mat hsv = new Mat();
        cvtColor(region, hsv, COLOR_BGR2HSV);
        byte[] px = Images.pixels(hsv);
        int w = region.cols();
        int h = region.rows();
        boolean[][] blue = new boolean[h][w];
        int[] columns = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = 3 * (y * w + x);
                int hue = px[i] & 0xff;
                blue[y][x] = hue >= 95 && hue <= 130 && (px[i + 1] & 0xff) > 90 && (px[i + 2] & 0xff) > 40;
                if (blue[y][x]) {
                    columns[x]++;
                }
            }
        }
        int bestStart = -1;
        int bestWidth = 0;
        for (int x = 0, start = -1; x <= w; x++) {
            boolean in = x < w && columns[x] >= BLUE_SHARE * h;
            if (in && start < 0) {
                start = x;
            } else if (!in && start >= 0) {
                if (x - start > bestWidth) {
                    bestStart = start;
                    bestWidth = x - start;
                }
                start = -1;
            }
        }
        if (bestWidth < MIN_WIDTH * lineHeight) {
            return Optional.empty();
        }
        int top = 0;
        int bottom = h;
        while (top < h && blueShare(blue[top], bestStart, bestWidth) < BLUE_SHARE) {
            top++;
        }
        while (bottom > top && blueShare(blue[bottom - 1], bestStart, bestWidth) < BLUE_SHARE) {
            bottom--;
        }
        return bottom - top < lineHeight ? Optional.empty() : Optional.of(new Rect(bestStart, top, bestWidth, bottom - top));
    }

    private static double blueShare(boolean[] row, int start, int width) {
        int n = 0;
        for (int x = start; x < start + width; x++) {
            if (row[x]) {
                n++;
            }
        }
        return (double) n / width;
    }

    /** The most probable letter at each position, digits and separators dropped. */
    private static String letters(List<TextRecognizer.Token> tokens) {
        StringBuilder code = new StringBuilder();
        for (TextRecognizer.Token t : tokens) {
            if (t.separator()) {
                continue;
            }
            int best = 0;
            for (int k = 1; k < t.probabilities().length; k++) {
                if (t.probabilities()[k] > t.probabilities()[best]) {
                    best = k;
                }
            }
            char c = PlateFormats.CLASSES.charAt(best);
            if (Character.isLetter(c)) {
                code.append(c);
            }
        }
        return code.toString();
    }
}
