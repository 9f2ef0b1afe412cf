package nl.opencordon.vision.synth;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.findNonZero;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_DUPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;

import java.util.Arrays;
import java.util.random.RandomGenerator;

import org.bytedeco.javacpp.DoublePointer;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import nl.opencordon.vision.PlateFormat;
import nl.opencordon.vision.PlateFormat.Background;

/**
 * Draws a frontal plate image (520 x 110 mm at 0.5 px/mm) with OpenCV's built-in Hershey fonts,
 * which need no font files. They are not the Dutch "kenteken" typeface, so the model learns
 * stroke shapes that are close to, not equal to, real plates.
 */
public final class PlateRenderer {

    public static final int WIDTH = 260;
    public static final int HEIGHT = 56;

    private static final Scalar YELLOW = new Scalar(0, 200, 250, 0);
    private static final Scalar WHITE = new Scalar(238, 238, 238, 0);
    private static final Scalar EU_BLUE = new Scalar(153, 51, 0, 0);
    private static final Scalar BLACK = new Scalar(20, 20, 20, 0);
    private static final Scalar BELGIAN_RED = new Scalar(40, 25, 170, 0);
    private static final int BAND_WIDTH = 22;
    private static final int GLYPH_CANVAS = 160;

    private PlateRenderer() {
    }

    /** Renders {@code text} (formatted, e.g. "GX-123-B") in the layout of {@code format}. */
    public static Mat render(String text, PlateFormat format, RandomGenerator random) {
        return render(text, format.country(), format.background(), random);
    }

    /** Renders {@code text} on a plate of {@code background} whose EU band says {@code country}. */
    public static Mat render(String text, String country, Background background, RandomGenerator random) {
        Mat plate = new Mat(HEIGHT, WIDTH, CV_8UC3, background == Background.YELLOW ? YELLOW : WHITE);
        rectangle(plate, new Rect(0, 0, BAND_WIDTH, HEIGHT), EU_BLUE, -1, LINE_AA, 0);
        circle(plate, new Point(BAND_WIDTH / 2, HEIGHT / 3), 6, YELLOW, 1, LINE_AA, 0);
        putText(plate, country, new Point(3, HEIGHT - 8), FONT_HERSHEY_SIMPLEX, country.length() > 1 ? 0.45 : 0.55,
                WHITE, 1, LINE_AA, false);
        rectangle(plate, new Rect(1, 1, WIDTH - 2, HEIGHT - 2), BLACK, 1, LINE_AA, 0);

        Mat ink = textMask(text, random);
        int textHeight = (int) Math.round(HEIGHT * (0.56 + 0.08 * random.nextDouble()));
        int available = WIDTH - BAND_WIDTH - 24;
        int textWidth = Math.min(available, (int) Math.round(ink.cols() * (double) textHeight / ink.rows()));
        Mat scaled = new Mat();
        resize(ink, scaled, new Size(textWidth, textHeight), 0, 0, INTER_AREA);
        threshold(scaled, scaled, 110, 255, THRESH_BINARY);
        int x = BAND_WIDTH + 12 + (available - textWidth) / 2;
        int y = (HEIGHT - textHeight) / 2;
        Scalar colour = "B".equals(country) ? BELGIAN_RED : BLACK;
        plate.apply(new Rect(x, y, textWidth, textHeight)).setTo(scalar(colour.get(0), colour.get(1), colour.get(2)), scaled);
        return plate;
    }

    /**
     * Renders a two-row plate (a Dutch motorcycle or moped plate, 210 x 135 mm at about 0.7 px/mm): the EU
     * band down the left, {@code upper} above {@code lower}, each row as high as a third of the plate.
     */
    public static Mat renderTwoRows(String upper, String lower, PlateFormat format, RandomGenerator random) {
        int width = 150;
        int height = 96;
        Mat plate = new Mat(height, width, CV_8UC3, format.background() == Background.YELLOW ? YELLOW : WHITE);
        rectangle(plate, new Rect(0, 0, BAND_WIDTH, height), EU_BLUE, -1, LINE_AA, 0);
        circle(plate, new Point(BAND_WIDTH / 2, height / 3), 6, YELLOW, 1, LINE_AA, 0);
        putText(plate, format.country(), new Point(3, height - 10), FONT_HERSHEY_SIMPLEX, 0.45, WHITE, 1, LINE_AA, false);
        rectangle(plate, new Rect(1, 1, width - 2, height - 2), BLACK, 1, LINE_AA, 0);
        int rowHeight = height / 3;
        int available = width - BAND_WIDTH - 14;
        String[] rows = {upper, lower};
        for (int r = 0; r < 2; r++) {
            Mat ink = textMask(rows[r], random);
            int textWidth = Math.min(available, (int) Math.round(ink.cols() * (double) rowHeight / ink.rows()));
            Mat scaled = new Mat();
            resize(ink, scaled, new Size(textWidth, rowHeight), 0, 0, INTER_AREA);
            threshold(scaled, scaled, 110, 255, THRESH_BINARY);
            int x = BAND_WIDTH + 7 + (available - textWidth) / 2;
            int y = r == 0 ? height / 9 : height - height / 9 - rowHeight;
            plate.apply(new Rect(x, y, textWidth, rowHeight)).setTo(scalar(20, 20, 20), scaled);
        }
        return plate;
    }

    /** White-on-black mask of the text, glyphs packed by their ink box like real plate fonts. */
    private static Mat textMask(String text, RandomGenerator random) {
        int font = random.nextBoolean() ? FONT_HERSHEY_SIMPLEX : FONT_HERSHEY_DUPLEX;
        int thickness = 8 + random.nextInt(4);
        int glyphHeight = 100;
        int spacing = 14 + random.nextInt(9);
        int groupGap = 75 + random.nextInt(16);
        Mat line = new Mat(glyphHeight, text.length() * (GLYPH_CANVAS + groupGap), CV_8UC1, new Scalar(0));
        int x = 0;
        for (char c : text.toCharArray()) {
            if (c == '-' || c == ' ') {
                if (c == '-') {
                    int dash = groupGap - 2 * spacing - 20;
                    rectangle(line, new Rect(x + spacing, glyphHeight / 2 - 5, dash, 11), new Scalar(255), -1, LINE_AA, 0);
                }
                x += groupGap;
                continue;
            }
            Mat glyph = glyph(c, font, thickness, glyphHeight);
            int pad = c == '1' || c == 'I' ? 12 : 0;
            glyph.copyTo(line.apply(new Rect(x + pad, 0, glyph.cols(), glyphHeight)));
            x += glyph.cols() + 2 * pad + spacing;
        }
        return line.apply(new Rect(0, 0, x - spacing, glyphHeight)).clone();
    }

    /** One glyph cropped to its ink and stretched to {@code height}. */
    private static Mat glyph(char c, int font, int thickness, int height) {
        Mat canvas = new Mat(GLYPH_CANVAS, GLYPH_CANVAS, CV_8UC1, new Scalar(0));
        putText(canvas, String.valueOf(c), new Point(20, 125), font, 3.5, new Scalar(255), thickness, LINE_AA, false);
        Mat points = new Mat();
        findNonZero(canvas, points);
        Rect box = boundingRect(points);
        Mat out = new Mat();
        int width = Math.max(8, (int) Math.round(box.width() * (double) height / box.height()));
        resize(canvas.apply(box), out, new Size(width, height), 0, 0, INTER_AREA);
        return out;
    }

    /**
     * A scalar argument for functions taking an InputArray (inRange, setTo): JavaCPP has no Scalar
     * overloads there, and OpenCV reads a 1x1 multi-channel Mat as an array rather than a scalar.
     */
    private static Mat scalar(double... values) {
        double[] four = Arrays.copyOf(values, 4);
        try (DoublePointer pointer = new DoublePointer(four)) {
            return new Mat(4, 1, CV_64F, pointer).clone();
        }
    }
}
