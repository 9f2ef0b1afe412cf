package nl.opencordon.vision.synth;

import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.bytedeco.opencv.opencv_core.Mat;

import nl.opencordon.vision.PlateFormat;
import nl.opencordon.vision.PlateFormats;

/**
 * Seeded, reproducible labelled frames: scene {@code index} of a set is a pure function of
 * (seed, index), so training and evaluation sets never need to be stored.
 */
public final class SyntheticScenes {

    /** Share of scenes with no vehicle, to count phantom reads. */
    private static final double EMPTY_SHARE = 0.04;
    private static final double DUTCH_SHARE = 0.7;
    private static final List<PlateFormat> DUTCH = PlateFormats.ALL.stream().filter(f -> f.country().equals("NL")).toList();
    /** Fixed, so that a seed keeps giving the same scenes when the recogniser learns more layouts. */
    private static final List<PlateFormat> FOREIGN = List.of(PlateFormats.of("D", "L LL DDDD"),
            PlateFormats.of("D", "LL LL DDD"), PlateFormats.of("F", "LL-DDD-LL"), PlateFormats.of("B", "D-LLL-DDD"));

    /** A frame and the plates visible in it (formatted text). */
    public record LabelledScene(Mat image, List<String> plates) {
    }

    private SyntheticScenes() {
    }

    public static LabelledScene scene(long seed, int index) {
        RandomGenerator random = new SplittableRandom(seed * 1_000_003L + index);
        SceneRenderer.Conditions conditions = SceneRenderer.Conditions.random(random);
        if (random.nextDouble() < EMPTY_SHARE) {
            return new LabelledScene(SceneRenderer.render(random.nextLong(), List.of(), conditions, random), List.of());
        }
        PlateFormat format = randomFormat(random);
        String text = format.randomText(random);
        double plateWidth = random.nextDouble(100, 180);
        SceneRenderer.Vehicle vehicle = new SceneRenderer.Vehicle(PlateRenderer.render(text, format, random),
                random.nextDouble(plateWidth, SceneRenderer.WIDTH - plateWidth),
                random.nextDouble(SceneRenderer.HEIGHT * 0.45, SceneRenderer.HEIGHT * 0.85), plateWidth,
                random.nextDouble(-7, 7), random.nextDouble(0.15), SceneRenderer.randomColour(random, 0, 256));
        return new LabelledScene(SceneRenderer.render(random.nextLong(), List.of(vehicle), conditions, random),
                List.of(text));
    }

    public static PlateFormat randomFormat(RandomGenerator random) {
        List<PlateFormat> pool = random.nextDouble() < DUTCH_SHARE ? DUTCH : FOREIGN;
        return pool.get(random.nextInt(pool.size()));
    }
}
