package nl.opencordon.vision;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One plate layout, e.g. Dutch sidecode {@code LL-DD-DD}: {@code L} is a letter, {@code D} a digit,
 * {@code -} or a space separates groups.
 *
 * @param country        country guess reported for reads in this layout (NL, D, F, B, ...)
 * @param pattern        the layout
 * @param letters        letters that country issues (Dutch plates skip vowels and C/Q/W/Y, for instance)
 * @param background     plate colour the layout is printed on
 * @param excludedGroups letter groups the issuer never hands out (Dutch: NSB, SS, PVV, ...)
 */
public record PlateFormat(String country, String pattern, String letters, Background background,
                          Set<String> excludedGroups) {

    /** The plate colours: Dutch plates are yellow, the neighbours' white. */
    public enum Background { YELLOW, WHITE }

    public static final String DIGITS = "0123456789";

    /** Lengths of the character groups. */
    public List<Integer> groupLengths() {
        return Arrays.stream(pattern.split("[- ]")).map(String::length).toList();
    }

    public int length() {
        return pattern.replaceAll("[- ]", "").length();
    }

    /** Characters allowed at character position {@code index} (separators not counted). */
    public String allowedAt(int index) {
        return pattern.replaceAll("[- ]", "").charAt(index) == 'L' ? letters : DIGITS;
    }

    /** Whether the issuer hands out {@code chars} (no separators, allowed characters) in this layout. */
    public boolean issued(String chars) {
        if (excludedGroups.isEmpty()) {
            return true;
        }
        String[] groups = format(chars).split("[- ]");
        return Arrays.stream(groups).noneMatch(excludedGroups::contains);
    }

    /** Formats {@code chars} (no separators) the way this layout prints it. */
    public String format(String chars) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (char p : pattern.toCharArray()) {
            out.append(p == 'L' || p == 'D' ? chars.charAt(next++) : p);
        }
        return out.toString();
    }

    /** A random plate this issuer could hand out. */
    public String randomText(RandomGenerator random) {
        while (true) {
            StringBuilder chars = new StringBuilder();
            for (int i = 0; i < length(); i++) {
                String allowed = allowedAt(i);
                chars.append(allowed.charAt(random.nextInt(allowed.length())));
            }
            if (issued(chars.toString())) {
                return format(chars.toString());
            }
        }
    }
}
