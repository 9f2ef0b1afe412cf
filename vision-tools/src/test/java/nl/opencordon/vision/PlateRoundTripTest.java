package nl.opencordon.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import nl.opencordon.vision.synth.PlateRenderer;
import nl.opencordon.vision.synth.SceneRenderer;

/** Render a plate into a seeded scene and read it back through the PP-OCRv4 detector and recogniser. */
class PlateRoundTripTest {

    private static PlateRecognizer recognizer;

    @BeforeAll
    static void load() {
        recognizer = new PlateRecognizer(PlateRecognizer.DEFAULT_MIN_CONFIDENCE);
    }

    @AfterAll
    static void close() {
        recognizer.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GX-123-B", "85-ZRF-7", "TZ-LV-48", "3-PHD-52", "K LN 2047", "AB-123-CD", "1-KMT-808"})
    void readsRenderedPlate(String text) {
        SplittableRandom random = new SplittableRandom(text.hashCode());
        Mat plate = PlateRenderer.render(text, PlateFormats.of(text).orElseThrow(), random);
        SceneRenderer.Vehicle vehicle = new SceneRenderer.Vehicle(plate, 320, 250, 150, 3, 0.08,
                new Scalar(90, 40, 30, 0));
        Mat frame = SceneRenderer.render(11, List.of(vehicle),
                new SceneRenderer.Conditions(0.9, 0.3, 0.8, 0.6, 5, 80), random);

        List<PlateRead> reads = recognizer.recognize(frame);

        assertFalse(reads.isEmpty(), "no read");
        PlateRead best = reads.get(0);
        assertEquals(text, best.text());
        assertEquals(PlateFormats.of(text).orElseThrow().country(), best.country());
        assertEquals(text.replaceAll("[- ]", "").length(), best.charConfidences().size());
        assertTrue(best.confidence() >= PlateRecognizer.DEFAULT_MIN_CONFIDENCE);
        assertTrue(Images.decode(best.plateCrop()).cols() > 100, "plate crop is a PNG of the plate line");
        assertTrue(Images.decode(best.overviewCrop()).cols() > 60, "overview crop is a JPEG");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void emptyRoadGivesNoRead(long seed) {
        Mat frame = SceneRenderer.render(seed, List.of(), new SceneRenderer.Conditions(1, 0, 0.5, 0.5, 4, 80),
                new SplittableRandom(seed));
        assertEquals(List.of(), recognizer.recognize(frame));
    }
}
