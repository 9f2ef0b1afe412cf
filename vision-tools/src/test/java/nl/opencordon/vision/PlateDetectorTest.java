package nl.opencordon.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.bytedeco.opencv.opencv_core.Mat;
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
