package nl.opencordon.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The geometry after detection: corner order and joining pieces of one line, without the model. */
class TextDetectorTest {

    /** A box w by h with its top left corner at (x, y), rotated by {@code degrees} about that corner. */
    private static TextDetector.Box box(double x, double y, double w, double h, double degrees, double score) {
        double c = Math.cos(Math.toRadians(degrees));
        double s = Math.sin(Math.toRadians(degrees));
        return new TextDetector.Box(new float[] {
                (float) x, (float) y,
                (float) (x + w * c), (float) (y + w * s),
                (float) (x + w * c - h * s), (float) (y + w * s + h * c),
                (float) (x - h * s), (float) (y + h * c)}, score);
    }

    @Test
    void cornersComeClockwiseFromTopLeft() {
        float[] ordered = TextDetector.clockwiseFromTopLeft(new float[][] {{10, 20}, {110, 20}, {110, 40}, {10, 40}});
        assertArrayEquals(new float[] {10, 20, 110, 20, 110, 40, 10, 40}, ordered);
    }

    @Test
    void piecesOfOneTiltedLineAreJoinedAlongItsAxis() {
        // "V" then "AM 3343" on a plate tilted 7 degrees, the lone glyph's box lower than the line's
        TextDetector.Box line = box(140, 100, 110, 29, 7, 0.99);
        double gap = 6;
        TextDetector.Box glyph = box(140 - gap - 18, 100 - (gap + 18) * Math.tan(Math.toRadians(7)) + 4, 18, 20, 7, 0.89);

        List<TextDetector.Box> lines = TextDetector.joinLines(List.of(line, glyph));

        assertEquals(1, lines.size());
        TextDetector.Box joined = lines.get(0);
        assertEquals(110 + gap + 18, joined.width(), 1.0);
        assertEquals(29, joined.height(), 1.5);
        assertEquals(0.99, joined.score());
        assertEquals(Math.cos(Math.toRadians(7)), joined.direction()[0], 1e-3);
    }

    @Test
    void linesAboveEachOtherOrFarApartStaySeparate() {
        TextDetector.Box plate = box(100, 200, 120, 28, 0, 0.99);
        TextDetector.Box sticker = box(100, 150, 120, 28, 0, 0.9);   // a line above
        TextDetector.Box dealer = box(300, 200, 60, 28, 0, 0.8);     // same level, 80 px (3 heights) on
        assertEquals(3, TextDetector.joinLines(List.of(plate, sticker, dealer)).size());
    }

    @Test
    void wideningAddsMarginAlongTheLine() {
        TextDetector.Box wide = box(100, 100, 100, 20, 0, 1).widened(12);
        assertEquals(124, wide.width(), 1e-3);
        assertEquals(20, wide.height(), 1e-3);
        assertEquals(88, wide.corners()[0], 1e-3);
    }

    @Test
    void rowsOfATwoRowPlateArePairedUpperFirst() {
        TextDetector.Box upper = box(300, 200, 120, 30, 0, 0.99);
        TextDetector.Box lower = box(330, 245, 60, 28, 0, 0.98);
        TextDetector.Box sideBySide = box(440, 200, 60, 30, 0, 0.97);
        TextDetector.Box farBelow = box(300, 330, 120, 30, 0, 0.96);

        List<TextDetector.Box[]> pairs = TextDetector.stackedPairs(List.of(lower, sideBySide, upper, farBelow));

        assertEquals(1, pairs.size());
        assertArrayEquals(new TextDetector.Box[] {upper, lower}, pairs.get(0));
    }

    @Test
    void aOneRowPlateOverSmallerTextIsNoTwoRowPlate() {
        TextDetector.Box plate = box(300, 200, 150, 34, 0, 0.99);
        TextDetector.Box dealer = box(300, 240, 150, 16, 0, 0.95);

        assertEquals(0, TextDetector.stackedPairs(List.of(plate, dealer)).size());
    }
}
