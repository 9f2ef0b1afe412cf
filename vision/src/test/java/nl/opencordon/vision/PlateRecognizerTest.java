package nl.opencordon.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Collections;
import java.util.Optional;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** Weighing a read against the read of the same line with a wider margin. */
class PlateRecognizerTest {

    private static PlateRecognizer.Line line(String text, double confidence) {
        PlateFormats.Decoded plate = new PlateFormats.Decoded(text, "D",
                Collections.nCopies(text.replaceAll(" ", "").length(), confidence), confidence);
        return new PlateRecognizer.Line(new Mat(), Optional.of(plate));
    }

    @Test
    void aWiderReadThatAddsACharacterReplacesACutShortRead() {
        PlateRecognizer.Line wider = line("Y ZH 4876", 0.97);
        assertSame(wider, PlateRecognizer.recheck(line("Z H 4876", 0.99), wider));
    }

    @Test
    void anUnsureWiderReadLeavesTheFirstStandingButDoubted() {
        // the wider margin took in the EU band and read it as a B at 0.19
        PlateRecognizer.Line first = line("Y XZ 1724", 0.99);
        PlateRecognizer.Line checked = PlateRecognizer.recheck(first, line("BY XZ 1724", 0.19));
        assertEquals("Y XZ 1724", checked.plate().orElseThrow().text());
        assertEquals(0.99 * (1 - 0.19), checked.plate().orElseThrow().confidence(), 1e-9);
    }

    @Test
    void aWiderReadOfSomethingElseChangesNothing() {
        PlateRecognizer.Line first = line("Z H 4876", 0.99);
        assertSame(first, PlateRecognizer.recheck(first, line("Z B 6", 0.99)));
        assertSame(first, PlateRecognizer.recheck(first, new PlateRecognizer.Line(new Mat(), Optional.empty())));
    }
}
