package nl.opencordon.vision.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.opencordon.vision.CharacterClassifier;
import nl.opencordon.vision.CharacterSegmenter;
import nl.opencordon.vision.PlateFormats;

/** The hand-written ONNX file computes, under ONNX Runtime via DJL, what the Java MLP computes. */
class OnnxExportTest {

    @Test
    void exportedModelMatchesJavaForwardPass(@TempDir Path dir) throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        int inputs = CharacterSegmenter.ROWS * CharacterSegmenter.COLS;
        Mlp mlp = new Mlp(inputs, 16, PlateFormats.CLASSES.length(), random);
        Path file = dir.resolve("mlp.onnx");
        Files.write(file, OnnxExport.toOnnx(mlp));

        List<float[]> glyphs = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            float[] glyph = new float[inputs];
            for (int i = 0; i < inputs; i++) {
                glyph[i] = random.nextFloat();
            }
            glyphs.add(glyph);
        }
        try (CharacterClassifier classifier = CharacterClassifier.load(file)) {
            float[][] onnx = classifier.classify(glyphs);
            for (int n = 0; n < glyphs.size(); n++) {
                assertArrayEquals(mlp.forward(glyphs.get(n), new float[16]), onnx[n], 1e-4f);
            }
        }
    }
}
