package nl.opencordon.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import nl.opencordon.vision.synth.PlateRenderer;
import nl.opencordon.vision.synth.SceneRenderer;

/** The plate detector on rendered scenes: the plate's own outline, one-row and two-row. */
class PlateDetectorTest {

    /** A plate rolled and seen from the side: its outline follows the plate, not an upright box around it. */
    @ParameterizedTest
    @CsvSource({"GX-123-B, 10, 0.3", "K LN 2047, -9, 0.25", "AB-123-CD, 6, 0.35"})
    void findsTheOutlineOfASkewedPlate(String text, double tilt, double perspective) {
        Mat frame = scene(PlateRenderer.render(text, PlateFormats.of(text).orElseThrow(), new SplittableRandom(7)),
                170, tilt, perspective);

        List<PlateDetector.Plate> plates = PlateDetector.detect(frame);

        assertEquals(1, plates.size(), "one plate, no clutter");
        PlateDetector.Plate plate = plates.get(0);
        assertFalse(plate.twoRows());
        float[] c = plate.corners();
        assertEquals(tilt, Math.toDegrees(Math.atan2(c[3] - c[1], c[2] - c[0])), 3, "top edge along the plate");
        // the far (right) edge is shorter by the perspective: a rectangle around the plate would not be
        double left = Math.hypot(c[6] - c[0], c[7] - c[1]);
        double right = Math.hypot(c[4] - c[2], c[5] - c[3]);
        assertEquals(1 - perspective, right / left, 0.12);
        assertEquals(320, (c[0] + c[2] + c[4] + c[6]) / 4, 15);
        assertEquals(250, (c[1] + c[3] + c[5] + c[7]) / 4, 10);
    }

    /** A moped's two-row plate is one plate, found as such (its rows are read in PlateRoundTripTest). */
    @ParameterizedTest
    @ValueSource(strings = {"TZ-LV-48", "DF-12-GB", "85-ZRF-7"})
    void findsATwoRowPlateAsOnePlate(String text) {
        List<PlateDetector.Plate> plates = PlateDetector.detect(twoRowScene(text));

        assertEquals(1, plates.size());
        assertTrue(plates.get(0).twoRows(), "two rows");
        assertTrue(plates.get(0).holds(320, 250));
    }

    /**
     * Real frames of the tuning part whose glyphs touch each other or the plate's dark rim once thresholded
     * ("98-THD-4": "TH" one blob, every glyph joined to the rim along the top): still plates.
     */
    @ParameterizedTest
    @CsvSource({"cat1-2-8.jpg, 272, 284", "cat1-2-18.jpg, 420, 260", "cat1-2-9.jpg, 357, 254"})
    void findsARealPlateWhoseGlyphsTouch(String file, int x, int y) {
        Mat frame = imread(Path.of(System.getProperty("anpr.vision.sharedData", "../testdata/vision"), "nl-plates",
                "frames", file).toString());
        assertFalse(frame.empty(), file);

        List<PlateDetector.Plate> plates = PlateDetector.detect(frame);

        assertEquals(1, plates.size(), "one plate");
        assertEquals(PlateFormat.Background.YELLOW, plates.get(0).colour());
        assertFalse(plates.get(0).twoRows());
        assertTrue(plates.get(0).holds(x, y), "the plate is where the frame shows it");
    }

    /** A plate's colour with one dark bar across it, or with three glyphs, is not a plate. */
    @Test
    void wantsGlyphsNotABar() {
        Mat bar = new Mat(40, 190, CV_8UC3, new Scalar(0, 200, 240, 0));
        rectangle(bar, new Point(10, 8), new Point(180, 32), new Scalar(20, 20, 20, 0), FILLED, LINE_8, 0);
        assertFalse(PlateDetector.glyphsInEachRow(bar, 1), "one bar six heights long");

        Mat three = new Mat(40, 190, CV_8UC3, new Scalar(0, 200, 240, 0));
        for (int i = 0; i < 3; i++) {
            rectangle(three, new Point(10 + 30 * i, 8), new Point(28 + 30 * i, 32), new Scalar(20, 20, 20, 0), FILLED,
                    LINE_8, 0);
        }
        assertFalse(PlateDetector.glyphsInEachRow(three, 1), "three glyphs");
        rectangle(three, new Point(100, 8), new Point(118, 32), new Scalar(20, 20, 20, 0), FILLED, LINE_8, 0);
        assertTrue(PlateDetector.glyphsInEachRow(three, 1), "four glyphs");
    }

    @Test
    void findsNoPlateOnAnEmptyRoad() {
        for (long seed = 1; seed <= 5; seed++) {
            Mat frame = SceneRenderer.render(seed, List.of(), new SceneRenderer.Conditions(1, 0, 0.5, 0.5, 4, 80),
                    new SplittableRandom(seed));
            assertEquals(List.of(), PlateDetector.detect(frame), "seed " + seed);
        }
    }

    /** A Dutch two-row plate, the upper row up to the last separator, 110 pixels wide, slightly skewed. */
    static Mat twoRowScene(String text) {
        int split = text.lastIndexOf('-');
        Mat plate = PlateRenderer.renderTwoRows(text.substring(0, split), text.substring(split + 1),
                PlateFormats.of(text).orElseThrow(), new SplittableRandom(text.hashCode()));
        return scene(plate, 110, 5, 0.15);
    }

    static Mat scene(Mat plate, double width, double tilt, double perspective) {
        SceneRenderer.Vehicle vehicle = new SceneRenderer.Vehicle(plate, 320, 250, width, tilt, perspective,
                new Scalar(90, 40, 30, 0));
        return SceneRenderer.render(11, List.of(vehicle), new SceneRenderer.Conditions(0.9, 0.2, 0.6, 0.5, 4, 85),
                new SplittableRandom(3));
    }
}
