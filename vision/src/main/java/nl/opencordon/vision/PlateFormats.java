package nl.opencordon.vision;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import nl.opencordon.vision.PlateFormat.Background;

/**
 * The layouts this recogniser knows, and decoding of a read text line into the most likely plate under
 * them. A line may hold more than the plate (the "NL" of the EU band, a dealer's frame): every run of
 * consecutive characters is tried against every layout, characters left out cost {@link #DROP_COST}
 * each. Constraining letters and digits per position is what keeps 0/O, 8/B and 5/S apart.
 */
public final class PlateFormats {

    /** Character classes, in order. */
    public static final String CLASSES = PlateFormat.DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /**
     * RDW: Dutch series hold no vowels and no C, Q, W, Y (nor M, which marks motorcycle series), and never
     * these letter groups (withheld as offensive or political; list from public sources).
     */
    private static final String NL_LETTERS = "BDFGHJKLNPRSTVXZ";
    private static final Set<String> NL_EXCLUDED = Set.of("GVD", "KKK", "KVT", "LPF", "NSB", "PKK", "PSV",
            "PVV", "SGP", "SS", "SD", "TBS", "VVD");
    private static final String EU_LETTERS = "ABCDEFGHJKLMNPRSTVWXYZ";
    /** Log-probability cost of a read character left out of the plate. */
    static final double DROP_COST = 2.5;
    /** Log-probability cost of a layout whose plate colour is not the one seen. */
    static final double COLOUR_COST = 2.0;
    /** Log-probability cost of separators read where the layout has none. */
    static final double GROUPING_COST = 1.0;
    /**
     * A read's confidence is multiplied by this for each separator read where its layout has none: a
     * Dutch {@code DT-395-T} whose T reads as a 1 fits {@code DT-39-51} only against its own dashes, and a
     * grouping the plate contradicts goes to review, not to a case.
     */
    static final double STRAY_SEPARATOR_DOUBT = 0.75;
    /**
     * A read's confidence is multiplied by this when the plate's colour is not its layout's: a yellow
     * Dutch {@code SP-15-VJ} whose {@code VJ} the detector missed reads as the German {@code S P 15}.
     */
    static final double COLOUR_DOUBT = 0.75;
    /**
     * A character's confidence is its probability minus this many times that of the second most probable
     * character the layout also allows there: a rival at 10 % costs 50 points. The model is over-confident
     * between glyphs a plate font draws alike (a rendered {@code G} read as {@code C} at 0.90 with {@code G}
     * at 0.09, a {@code V} as {@code Y} at 0.96); where the layout rules the rival out (no C in a Dutch
     * series, no O at a digit position) there is nothing to doubt.
     */
    static final double SECOND_CHOICE_WEIGHT = 5.0;

    /**
     * A read that fits no layout is reported with its weakest character's confidence times this: with no
     * layout to check it against, nothing says the line was read whole, so it stays under the case
     * threshold (0.8) and goes to review however clear its characters are.
     */
    static final double UNKNOWN_LAYOUT_FACTOR = 0.75;
    /** An unknown layout's read is a plate only with this many characters, a letter and two digits. */
    static final int UNKNOWN_MIN_LENGTH = 5;
    static final int UNKNOWN_MAX_LENGTH = 10;

    /** The 14 Dutch sidecodes in order, then the neighbours' layouts. */
    public static final List<PlateFormat> ALL = Stream.of(
            Stream.of("LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", "DD-LLL-D",
                    "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL", "D-LL-DDD", "DDD-LL-D")
                    .map(p -> new PlateFormat("NL", p, NL_LETTERS, Background.YELLOW, NL_EXCLUDED)),
            german(),
            Stream.of(eu("F", "LL-DDD-LL"), eu("B", "D-LLL-DDD"), eu("L", "LL DDDD"),
                    new PlateFormat("E", "DDDD LLL", "BCDFGHJKLMNPRSTVWXYZ", Background.WHITE, Set.of())))
            .flatMap(s -> s).toList();

    private PlateFormats() {
    }

    private static PlateFormat eu(String country, String pattern) {
        return new PlateFormat(country, pattern, EU_LETTERS, Background.WHITE, Set.of());
    }

    /** German: district of 1-3 letters, 1-2 letters, 1-4 digits, at most 8 characters. */
    private static Stream<PlateFormat> german() {
        List<PlateFormat> formats = new ArrayList<>();
        for (int district = 1; district <= 3; district++) {
            for (int letters = 1; letters <= 2; letters++) {
                for (int digits = 4; digits >= 1; digits--) {
                    if (district + letters + digits <= 8) {
                        formats.add(eu("D", "L".repeat(district) + " " + "L".repeat(letters) + " " + "D".repeat(digits)));
                    }
                }
            }
        }
        return formats.stream();
    }

    /** The layout of {@code country} with this {@code pattern}. */
    public static PlateFormat of(String country, String pattern) {
        return ALL.stream().filter(f -> f.country().equals(country) && f.pattern().equals(pattern)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layout " + country + " " + pattern));
    }

    /** The first layout {@code text} (formatted, e.g. "GX-123-B") is printed in. */
    public static Optional<PlateFormat> of(String text) {
        String shape = text.replaceAll("[A-Z]", "L").replaceAll("[0-9]", "D");
        return ALL.stream().filter(f -> f.pattern().equals(shape)).findFirst();
    }

    /**
     * A decoded plate: formatted text, country, the probability of each chosen character, and the read's
     * confidence (weakest character less its second choice, times the doubt for characters left out).
     */
    public record Decoded(String text, String country, List<Double> charConfidences, double confidence) {

        /** The characters without separators. */
        String characters() {
            return text.replaceAll("[- ]", "");
        }

        /**
         * Whether the country also issues longer plates, so that this read with a character missed at
         * either end (German "Y ZH 4876" read as "Z H 4876") is itself a plate; a read in no layout
         * always may be ("6 TFF 4" for the Dutch "6-TFF-41").
         */
        boolean mayBeCutShort() {
            return country == null
                    || ALL.stream().anyMatch(f -> f.country().equals(country) && f.length() > charConfidences.size());
        }

        /** This read in {@code country}, as its EU band says (a read in no layout has none of its own). */
        Decoded inCountry(String country) {
            return new Decoded(text, country, charConfidences, confidence);
        }

        /** This read with its confidence multiplied by {@code factor}. */
        Decoded doubted(double factor) {
            return new Decoded(text, country, charConfidences, confidence * factor);
        }
    }

    /**
     * Picks the layout, the run of characters and the characters that maximise the joint probability.
     *
     * @param tokens     the read line, separators included
     * @param background the plate colour seen, or null when unknown
     */
    static Optional<Decoded> decode(List<TextRecognizer.Token> tokens, Background background) {
        List<float[]> chars = new ArrayList<>();
        List<Boolean> gapBefore = new ArrayList<>();
        boolean gap = false;
        for (TextRecognizer.Token token : tokens) {
            if (token.separator()) {
                gap = true;
            } else {
                chars.add(token.probabilities());
                gapBefore.add(gap);
                gap = false;
            }
        }
        Decoded best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (PlateFormat format : ALL) {
            int n = format.length();
            boolean otherColour = background != null && background != format.background();
            double prior = otherColour ? -COLOUR_COST : 0;
            for (int start = 0; start + n <= chars.size(); start++) {
                int stray = strayGaps(format, gapBefore, start);
                double score = prior - DROP_COST * (chars.size() - n) - GROUPING_COST * stray;
                StringBuilder text = new StringBuilder();
                List<Double> confidences = new ArrayList<>();
                double weakest = 1;
                for (int i = 0; i < n; i++) {
                    float[] row = chars.get(start + i);
                    String allowed = format.allowedAt(i);
                    char c = mostLikely(row, allowed);
                    double p = row[CLASSES.indexOf(c)];
                    text.append(c);
                    confidences.add(p);
                    score += Math.log(Math.max(p, 1e-9));
                    weakest = Math.min(weakest, p - SECOND_CHOICE_WEIGHT * runnerUp(row, c, allowed));
                }
                if (score > bestScore && format.issued(text.toString())) {
                    bestScore = score;
                    best = new Decoded(format.format(text.toString()), format.country(), List.copyOf(confidences),
                            Math.max(0, weakest) * leftOutDoubt(chars, start, n) * Math.pow(STRAY_SEPARATOR_DOUBT, stray)
                                    * (otherColour ? COLOUR_DOUBT : 1));
                }
            }
        }
        if (best != null && best.charConfidences().size() == chars.size()) {
            return Optional.of(best);
        }
        Optional<Decoded> unknown = unknownLayout(chars, gapBefore);
        if (unknown.isPresent() && (best == null || unknown.get().confidence() > best.confidence())) {
            return unknown;
        }
        return Optional.ofNullable(best);
    }

    /**
     * The whole line as read, in no layout: the most probable character at each position, groups as the
     * separators read, no country. Used when no layout holds every character read and a layout that
     * leaves some out is the less confident read (a Polish {@code WX 12345} is no German {@code W X 1234}).
     */
    private static Optional<Decoded> unknownLayout(List<float[]> chars, List<Boolean> gapBefore) {
        int n = chars.size();
        if (n < UNKNOWN_MIN_LENGTH || n > UNKNOWN_MAX_LENGTH) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        List<Double> confidences = new ArrayList<>();
        double weakest = 1;
        for (int i = 0; i < n; i++) {
            float[] row = chars.get(i);
            char c = mostLikely(row, CLASSES);
            if (i > 0 && gapBefore.get(i)) {
                text.append(' ');
            }
            text.append(c);
            confidences.add((double) row[CLASSES.indexOf(c)]);
            weakest = Math.min(weakest, row[CLASSES.indexOf(c)] - SECOND_CHOICE_WEIGHT * runnerUp(row, c, CLASSES));
        }
        long digits = text.chars().filter(Character::isDigit).count();
        if (digits < 2 || digits == n) {
            return Optional.empty();
        }
        return Optional.of(new Decoded(text.toString(), null, List.copyOf(confidences),
                Math.max(0, weakest) * UNKNOWN_LAYOUT_FACTOR));
    }

    /**
     * How sure we are that the characters left out are not part of the plate: a plate read without a
     * character the model saw clearly is likely cut short, while an unsure one at the edge is more often a
     * screw, a frame or the EU band. Squaring the character's probability keeps the second from costing
     * as much as the first.
     */
    private static double leftOutDoubt(List<float[]> chars, int start, int n) {
        double doubt = 1;
        for (int i = 0; i < chars.size(); i++) {
            if (i < start || i >= start + n) {
                float top = 0;
                for (float p : chars.get(i)) {
                    top = Math.max(top, p);
                }
                doubt *= 1 - top * top;
            }
        }
        return doubt;
    }

    /** Separators read inside the run at places where the layout has no group boundary. */
    private static int strayGaps(PlateFormat format, List<Boolean> gapBefore, int start) {
        List<Integer> groups = format.groupLengths();
        Set<Integer> boundaries = new java.util.HashSet<>();
        int at = 0;
        for (int length : groups) {
            at += length;
            boundaries.add(at);
        }
        int stray = 0;
        for (int i = 1; i < format.length(); i++) {
            if (gapBefore.get(start + i) && !boundaries.contains(i)) {
                stray++;
            }
        }
        return stray;
    }

    /** Probability of the most probable character other than {@code c} that {@code allowed} holds. */
    private static double runnerUp(float[] row, char c, String allowed) {
        double most = 0;
        for (char other : allowed.toCharArray()) {
            if (other != c) {
                most = Math.max(most, row[CLASSES.indexOf(other)]);
            }
        }
        return most;
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
