package nl.opencordon.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Two reads of one line, averaged where they agree on its shape. */
class TextRecognizerTest {

    private static TextRecognizer.Token token(char c, float p, char other) {
        float[] probabilities = new float[PlateFormats.CLASSES.length()];
        probabilities[PlateFormats.CLASSES.indexOf(c)] = p;
        probabilities[PlateFormats.CLASSES.indexOf(other)] = 1 - p;
        return new TextRecognizer.Token(false, probabilities);
    }

    @Test
    void averagesTwoReadsOfTheSameShape() {
        List<TextRecognizer.Token> rectified = List.of(token('J', 0.8f, '0'), TextRecognizer.Token.GAP,
                token('T', 0.6f, '1'));
        List<TextRecognizer.Token> boxed = List.of(token('0', 0.6f, 'J'), TextRecognizer.Token.GAP,
                token('T', 1f, '1'));

        List<TextRecognizer.Token> mean = TextRecognizer.Token.average(rectified, boxed).orElseThrow();

        assertEquals(3, mean.size());
        float[] first = mean.get(0).probabilities();
        assertEquals(0.6f, first[PlateFormats.CLASSES.indexOf('J')], 1e-6, "(0.8 + 0.4) / 2");
        assertEquals(0.4f, first[PlateFormats.CLASSES.indexOf('0')], 1e-6);
        assertTrue(mean.get(1).separator());
        assertEquals(0.8f, mean.get(2).probabilities()[PlateFormats.CLASSES.indexOf('T')], 1e-6);
    }

    @Test
    void doesNotAverageReadsOfAnotherShape() {
        TextRecognizer.Token a = token('A', 0.9f, 'B');
        assertTrue(TextRecognizer.Token.average(List.of(a, a), List.of(a)).isEmpty(), "another length");
        assertTrue(TextRecognizer.Token.average(List.of(a, TextRecognizer.Token.GAP, a), List.of(a, a, a)).isEmpty(),
                "a separator where the other has a character");
    }
}
