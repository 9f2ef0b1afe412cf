package nl.opencordon.vision;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;

/**
 * Character classifier run by DJL on the ONNX Runtime engine. Model contract: input float32
 * {@code [N, 1, 32, 20]} glyph ink in [0, 1], output float32 {@code [N, 36]} probabilities over
 * {@link PlateFormats#CLASSES}. Any ONNX model honouring it (e.g. a CNN trained elsewhere) can replace
 * the bundled MLP.
 */
public final class CharacterClassifier implements AutoCloseable {

    /** The bundled model, trained by {@code nl.opencordon.vision.train.TrainCharacterClassifier}. */
    public static final String BUNDLED_MODEL = "/nl/opencordon/vision/char-mlp.onnx";

    static {
        // Natives come from the onnxruntime jar; DJL must never reach for the network.
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
    }

    private final ZooModel<float[][], float[][]> model;
    private final Predictor<float[][], float[][]> predictor;

    private CharacterClassifier(Path modelFile) {
        Criteria<float[][], float[][]> criteria = Criteria.builder()
                .setTypes(float[][].class, float[][].class)
                .optModelPath(modelFile)
                .optEngine("OnnxRuntime")
                // One thread per stream: the controller scales by running streams side by side.
                .optOption("intraOpNumThreads", "1")
                .optOption("interOpNumThreads", "1")
                .optTranslator(new GlyphTranslator())
                .build();
        try {
            model = criteria.loadModel();
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("Cannot load character model " + modelFile, e);
        }
        predictor = model.newPredictor();
    }

    /** Loads {@code modelFile}, or the bundled model when it is null. */
    public static CharacterClassifier load(Path modelFile) {
        return new CharacterClassifier(modelFile != null ? modelFile : extractBundled());
    }

    /** One probability row per glyph. */
    public float[][] classify(List<float[]> glyphs) {
        if (glyphs.isEmpty()) {
            return new float[0][];
        }
        try {
            return predictor.predict(glyphs.toArray(float[][]::new));
        } catch (TranslateException e) {
            throw new IllegalStateException("Character model failed", e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }

    /** ONNX Runtime loads from a file, so the classpath copy is extracted once per JVM. */
    private static synchronized Path extractBundled() {
        try (InputStream in = CharacterClassifier.class.getResourceAsStream(BUNDLED_MODEL)) {
            if (in == null) {
                throw new IllegalStateException("Bundled model " + BUNDLED_MODEL + " missing: run the trainer");
            }
            Path file = Files.createTempFile("anpr-char-model", ".onnx");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class GlyphTranslator implements NoBatchifyTranslator<float[][], float[][]> {

        @Override
        public NDList processInput(TranslatorContext ctx, float[][] glyphs) {
            float[] flat = new float[glyphs.length * CharacterSegmenter.ROWS * CharacterSegmenter.COLS];
            for (int i = 0; i < glyphs.length; i++) {
                System.arraycopy(glyphs[i], 0, flat, i * glyphs[i].length, glyphs[i].length);
            }
            Shape shape = new Shape(glyphs.length, 1, CharacterSegmenter.ROWS, CharacterSegmenter.COLS);
            return new NDList(ctx.getNDManager().create(flat, shape));
        }

        @Override
        public float[][] processOutput(TranslatorContext ctx, NDList list) {
            float[] flat = list.get(0).toFloatArray();
            int classes = PlateFormats.CLASSES.length();
            float[][] rows = new float[flat.length / classes][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
            }
            return rows;
        }
    }
}
