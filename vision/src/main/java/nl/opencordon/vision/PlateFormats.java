package nl.opencordon.vision;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import nl.opencordon.vision.PlateFormat.Background;

/**
 * The layouts this recogniser knows, and decoding of per-character class probabilities into the
 * most likely plate text under those layouts. Constraining letters and digits per position is what
 * keeps 0/O, 8/B and 5/S apart; the classifier alone cannot.
 */
public final class PlateFormats {

    /** Classifier output classes, in order. */
    public static final String CLASSES = PlateFormat.DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private static final String NL_LETTERS = "BDFGHJKLNPRSTVXZ";
    private static final String EU_LETTERS = "ABCDEFGHJKLMNPRSTVWXYZ";
    /** Reads whose groups do not match any layout still decode, at this confidence penalty. */
    private static final double GROUP_MISMATCH_PENALTY = 0.5;

    public static final List<PlateFormat> ALL = List.of(
            nl("LL-DD-DD"), nl("DD-DD-LL"), nl("DD-LL-DD"), nl("LL-DD-LL"), nl("LL-LL-DD"),
            nl("DD-LL-LL"), nl("DD-LLL-D"), nl("D-LLL-DD"), nl("LL-DDD-L"), nl("L-DDD-LL"),
            nl("LLL-DD-L"), nl("L-DD-LLL"), nl("D-LL-DDD"), nl("DDD-LL-D"),
            eu("D", "L LL DDDD"), eu("D", "LL LL DDD"), eu("F", "LL-DDD-LL"), eu("B", "D-LLL-DDD"));

    private PlateFormats() {
    }

    private static PlateFormat nl(String pattern) {
        return new PlateFormat("NL", pattern, NL_LETTERS, Background.YELLOW);
    }

    private static PlateFormat eu(String country, String pattern) {
        return new PlateFormat(country, pattern, EU_LETTERS, Background.WHITE);
    }

    public static List<PlateFormat> on(Background background) {
        return ALL.stream().filter(f -> f.background() == background).toList();
    }

    /** The layout {@code text} (formatted, e.g. "GX-123-B") is printed in. */
    public static Optional<PlateFormat> of(String text) {
        String shape = text.replaceAll("[A-Z]", "L").replaceAll("[0-9]", "D");
        return ALL.stream().filter(f -> f.pattern().equals(shape)).findFirst();
    }

    /** A decoded plate: formatted text, country and the probability of each chosen character. */
    public record Decoded(String text, String country, List<Double> charConfidences, double confidence) {
    }

    /**
     * Picks the layout and characters that maximise the joint probability.
     *
     * @param probabilities one row of {@link #CLASSES} probabilities per segmented character
     * @param groupLengths  character group lengths found by the segmenter
     */
    public static Optional<Decoded> decode(float[][] probabilities, List<Integer> groupLengths, Background background) {
        Decoded best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (PlateFormat format : on(background)) {
            if (format.length() != probabilities.length) {
                continue;
            }
            double penalty = format.groupLengths().equals(groupLengths) ? 1.0 : GROUP_MISMATCH_PENALTY;
            StringBuilder chars = new StringBuilder();
            List<Double> confidences = new ArrayList<>();
            double score = Math.log(penalty);
            for (int i = 0; i < probabilities.length; i++) {
                char c = mostLikely(probabilities[i], format.allowedAt(i));
                double p = probabilities[i][CLASSES.indexOf(c)];
                chars.append(c);
                confidences.add(p);
                score += Math.log(Math.max(p, 1e-9));
            }
            if (score > bestScore) {
                bestScore = score;
                double weakest = confidences.stream().mapToDouble(Double::doubleValue).min().orElse(0);
                best = new Decoded(format.format(chars.toString()), format.country(), List.copyOf(confidences),
                        weakest * penalty);
            }
        }
        return Optional.ofNullable(best);
    }

    private static char mostLikely(float[] row, String allowed) {
        char best = allowed.charAt(0);
        for (char c : allowed.toCharArray()) {
            if (row[CLASSES.indexOf(c)] > row[CLASSES.indexOf(best)]) {
                best = c;
            }
        }
        return best;
    }
}
