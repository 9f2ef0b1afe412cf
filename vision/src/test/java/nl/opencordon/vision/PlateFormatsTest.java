package nl.opencordon.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import nl.opencordon.vision.PlateFormat.Background;

/** Decoding read lines under the layouts, with hand-made recogniser output. */
class PlateFormatsTest {

    /** A line as the recogniser gives it: '-' a separator, other characters read with probability p. */
    private static List<TextRecognizer.Token> line(String text, float p) {
        List<TextRecognizer.Token> tokens = new ArrayList<>();
        for (char c : text.toCharArray()) {
            if (c == '-') {
                tokens.add(TextRecognizer.Token.GAP);
            } else {
                float[] row = new float[PlateFormats.CLASSES.length()];
                java.util.Arrays.fill(row, (1 - p) / (row.length - 1));
                row[PlateFormats.CLASSES.indexOf(c)] = p;
                tokens.add(new TextRecognizer.Token(false, row));
            }
        }
        return tokens;
    }

    /** A character's confidence in {@link #line}: p less the weight times the share of each other class. */
    private static double sure(float p) {
        return p - PlateFormats.SECOND_CHOICE_WEIGHT * (1 - p) / (PlateFormats.CLASSES.length() - 1);
    }

    private static PlateFormats.Decoded decode(String text, float p, Background background) {
        return PlateFormats.decode(line(text, p), background).orElseThrow();
    }

    @Test
    void readsDutchSidecodesWithTheirDashes() {
        PlateFormats.Decoded d = decode("98-THD-4", 0.99f, Background.YELLOW);
        assertEquals("98-THD-4", d.text());
        assertEquals("NL", d.country());
        assertEquals(6, d.charConfidences().size());
        assertEquals(sure(0.99f), d.confidence(), 1e-6);
    }

    @Test
    void positionsTakeOnlyWhatTheLayoutAllows() {
        // an O where sidecode 7 has a digit, an 8 where it has a letter: the layout decides
        PlateFormats.Decoded d = PlateFormats.decode(List.of(
                mixed('9', 0.9f, '8', 0.1f), mixed('O', 0.6f, '0', 0.4f), TextRecognizer.Token.GAP,
                mixed('T', 1, 'T', 0), mixed('8', 0.7f, 'B', 0.3f), mixed('D', 1, 'D', 0), TextRecognizer.Token.GAP,
                mixed('4', 1, '4', 0)), Background.YELLOW).orElseThrow();
        assertEquals("90-TBD-4", d.text());
        assertEquals(0.3, d.confidence(), 1e-6);
    }

    private static TextRecognizer.Token mixed(char first, float p, char second, float q) {
        float[] row = new float[PlateFormats.CLASSES.length()];
        row[PlateFormats.CLASSES.indexOf(first)] += p;
        row[PlateFormats.CLASSES.indexOf(second)] += q;
        return new TextRecognizer.Token(false, row);
    }

    @Test
    void rdwLettersRulesHold() {
        // vowels are not issued in the Netherlands: a white plate reading AB-12-CD is no Dutch sidecode
        assertTrue(PlateFormats.ALL.stream().filter(f -> f.country().equals("NL"))
                .allMatch(f -> f.letters().chars().noneMatch(c -> "AEIOUCQWY".indexOf(c) >= 0)));
        PlateFormat sidecode4 = PlateFormats.of("NL", "LL-DD-LL");
        assertTrue(!sidecode4.issued("SS12BB") && !sidecode4.issued("BB12SD") && sidecode4.issued("BB12SB"));
        assertTrue(!PlateFormats.of("NL", "DD-LLL-D").issued("12NSB3"));
        assertEquals("NL", decode("GX-12-TB", 0.99f, Background.YELLOW).country());
        PlateFormats.Decoded excluded = decode("SS-12-TB", 0.99f, Background.YELLOW);
        assertTrue(!excluded.text().startsWith("SS-") || !"NL".equals(excluded.country()), excluded.toString());
    }

    @Test
    void plateColourDecidesBetweenLayoutsOfTheSameShape() {
        assertEquals("NL", decode("RP-NL-93", 0.99f, Background.YELLOW).country());
        assertEquals("D", decode("RP-NL-93", 0.99f, Background.WHITE).country());
        assertEquals("F", decode("CM-852-DJ", 0.99f, Background.WHITE).country());
        assertEquals("B", decode("1-CMV-331", 0.99f, Background.WHITE).country());
    }

    @Test
    void aClearCharacterLeftOutMakesTheReadDoubtfulAnUnsureOneLess() {
        PlateFormats.Decoded extra = decode("X98-THD-4", 0.99f, Background.YELLOW);
        assertEquals("X98 THD 4", extra.text(), "the Dutch read without the clear X is the less confident one");
        assertEquals(null, extra.country());
        List<TextRecognizer.Token> smudge = new ArrayList<>(List.of(mixed('H', 0.5f, 'N', 0.5f)));
        smudge.addAll(line("98-THD-4", 0.99f));
        PlateFormats.Decoded edge = PlateFormats.decode(smudge, Background.YELLOW).orElseThrow();
        assertEquals("98-THD-4", edge.text());
        assertEquals(sure(0.99f) * (1 - 0.5 * 0.5), edge.confidence(), 1e-6);
    }

    /** The camera actor's case threshold: a read at or above it becomes a fine without review. */
    private static final double CASE_THRESHOLD = 0.8;

    @Test
    void aLookAlikeTheLayoutAllowsKeepsTheReadBelowTheCaseThreshold() {
        // Belgian letters include both C and G: a C at 0.90 with G at 0.09 is a guess between the two
        List<TextRecognizer.Token> belgian = line("3-XCW-366", 0.99f);
        belgian.set(3, mixed('C', 0.90f, 'G', 0.09f));
        PlateFormats.Decoded d = PlateFormats.decode(belgian, Background.WHITE).orElseThrow();
        assertEquals("3-XCW-366", d.text());
        assertEquals(0.90, d.charConfidences().get(2), 1e-6);
        assertTrue(d.confidence() < CASE_THRESHOLD, "ambiguous C/G kept " + d.confidence());
        assertEquals(0.90 - PlateFormats.SECOND_CHOICE_WEIGHT * 0.09, d.confidence(), 1e-6);

        // Dutch series hold no C, so the same row at a Dutch letter position is a G and stays sure
        List<TextRecognizer.Token> dutch = line("GX-12-TB", 0.99f);
        dutch.set(0, mixed('G', 0.90f, 'C', 0.09f));
        PlateFormats.Decoded g = PlateFormats.decode(dutch, Background.YELLOW).orElseThrow();
        assertEquals("GX-12-TB", g.text());
        assertEquals(0.90, g.confidence(), 1e-6);
    }

    @Test
    void onlyCountriesWithLongerLayoutsCanBeCutShort() {
        assertTrue(decode("Z-H-4876", 0.99f, Background.WHITE).mayBeCutShort(), "German Y ZH 4876 missing its Y");
        assertTrue(!decode("NWM-MX-451", 0.99f, Background.WHITE).mayBeCutShort(), "8 characters, the German maximum");
        assertTrue(!decode("98-THD-4", 0.99f, Background.YELLOW).mayBeCutShort(), "Dutch plates are all 6 long");
    }

    @Test
    void aPlateOfNoKnownLayoutIsReadBelowTheCaseThreshold() {
        // Polish WX 12345: German W X 1234 would leave a clear 5 out
        PlateFormats.Decoded polish = decode("WX-12345", 0.99f, Background.WHITE);
        assertEquals("WX 12345", polish.text());
        assertEquals(null, polish.country());
        assertEquals(7, polish.charConfidences().size());
        assertEquals(sure(0.99f) * PlateFormats.UNKNOWN_LAYOUT_FACTOR, polish.confidence(), 1e-6);
        assertTrue(polish.confidence() < CASE_THRESHOLD);
        assertTrue(polish.mayBeCutShort(), "with no layout nothing says the line was read whole");

        // a layout holding every character read wins: its positions keep look-alikes apart
        assertEquals("NL", decode("98-THD-4", 0.99f, Background.WHITE).country());
        // too short, no digit or only digits: text on a vehicle, not a plate
        for (String text : List.of("A-12", "GOLF-TDI", "0800-1234")) {
            double confidence = PlateFormats.decode(line(text, 0.99f), Background.WHITE)
                    .map(PlateFormats.Decoded::confidence).orElse(0.0);
            assertTrue(confidence < PlateRecognizer.DEFAULT_MIN_CONFIDENCE, text + " " + confidence);
        }
    }

    @Test
    void aGroupingOrAColourThePlateContradictsKeepsTheReadBelowTheCaseThreshold() {
        // DT-395-T with its last T read as a 1: only sidecode 1 (LL-DD-DD) holds DT3951, against the dashes read
        assertDoubted("DT-395-1", Background.YELLOW, "DT-39-51", PlateFormats.STRAY_SEPARATOR_DOUBT);
        assertDoubted("DT-39-51", Background.YELLOW, "DT-39-51", 1);
        // a yellow Dutch SP-15-VJ whose VJ the detector missed: on white it would be the German S P 15
        assertDoubted("S-P-15", Background.YELLOW, "S P 15", PlateFormats.COLOUR_DOUBT);
        assertDoubted("S-P-15", Background.WHITE, "S P 15", 1);
        assertDoubted("S-P-15", null, "S P 15", 1);
    }

    private static void assertDoubted(String read, Background background, String text, double factor) {
        PlateFormats.Decoded d = decode(read, 0.99f, background);
        assertEquals(text, d.text());
        assertEquals(sure(0.99f) * factor, d.confidence(), 1e-6);
        assertTrue(factor == 1 || d.confidence() < CASE_THRESHOLD, d::toString);
    }
}
