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

    /**
     * The layouts of the per-layout set ({@link #layoutScene}): Dutch one-row and two-row (mopeds and
     * motorcycles), German, French, Belgian, Luxembourg, Spanish, and Polish, which has no layout of ours
     * (read in no layout, country from the EU band).
     */
    public enum Layout {
        NL, NL_TWO_ROWS, D, F, B, L, E, PL;

        PlateFormat format(RandomGenerator random) {
            return switch (this) {
                case NL, NL_TWO_ROWS -> DUTCH.get(random.nextInt(DUTCH.size()));
                case D -> GERMAN.get(random.nextInt(GERMAN.size()));
                case F -> PlateFormats.of("F", "LL-DDD-LL");
                case B -> PlateFormats.of("B", "D-LLL-DDD");
                case L -> PlateFormats.of("L", "LL DDDD");
                case E -> PlateFormats.of("E", "DDDD LLL");
                case PL -> POLISH;
            };
        }
    }

    private static final List<PlateFormat> GERMAN = PlateFormats.ALL.stream().filter(f -> f.country().equals("D")).toList();
    private static final PlateFormat POLISH = new PlateFormat("PL", "LL DDDDD", "ABCDEFGHJKLMNPRSTUVWXYZ",
            PlateFormat.Background.WHITE, java.util.Set.of());

    /**
     * Scene {@code index} of the per-layout set: one plate of {@code layout}, posed harder than {@link #scene}'s
     * (rolled up to 12°, the far edge up to 30 % shorter); a two-row plate is drawn 60 to 110 pixels wide, its
     * upper row up to the last separator.
     */
    public static LabelledScene layoutScene(long seed, int index, Layout layout) {
        RandomGenerator random = new SplittableRandom(seed * 1_000_003L + index * 31L + layout.ordinal());
        SceneRenderer.Conditions conditions = SceneRenderer.Conditions.random(random);
        PlateFormat format = layout.format(random);
        String text = format.randomText(random);
        Mat plate;
        double plateWidth;
        if (layout == Layout.NL_TWO_ROWS) {
            int split = text.lastIndexOf('-');
            plate = PlateRenderer.renderTwoRows(text.substring(0, split), text.substring(split + 1), format, random);
            plateWidth = random.nextDouble(60, 110);
        } else {
            plate = PlateRenderer.render(text, format, random);
            plateWidth = random.nextDouble(90, 200);
        }
        SceneRenderer.Vehicle vehicle = new SceneRenderer.Vehicle(plate,
                random.nextDouble(plateWidth, SceneRenderer.WIDTH - plateWidth),
                random.nextDouble(SceneRenderer.HEIGHT * 0.45, SceneRenderer.HEIGHT * 0.85), plateWidth,
                random.nextDouble(-12, 12), random.nextDouble(0.3), SceneRenderer.randomColour(random, 0, 256));
        return new LabelledScene(SceneRenderer.render(random.nextLong(), List.of(vehicle), conditions, random),
                List.of(text));
    }

    public static PlateFormat randomFormat(RandomGenerator random) {
        List<PlateFormat> pool = random.nextDouble() < DUTCH_SHARE ? DUTCH : FOREIGN;
        return pool.get(random.nextInt(pool.size()));
    }
}
