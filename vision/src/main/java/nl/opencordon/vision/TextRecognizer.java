package nl.opencordon.vision;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Reads a text line with PaddleOCR's PP-OCRv4 mobile recogniser (an SVTR-LCNet with a CTC head over
 * the 6,623 characters of {@code ppocr_keys_v1.txt}). Only what a plate can hold is kept: each step's
 * probabilities are folded onto {@link PlateFormats#CLASSES} (lower case onto upper case), a separator
 * and the CTC blank, then renormalised, and the greedy CTC path gives the characters with their
 * probability rows. Not thread-safe.
 */
final class TextRecognizer implements AutoCloseable {

    static final String MODEL = "/models/ch_PP-OCRv4_rec_infer.onnx";
    static final String DICTIONARY = "/models/ppocr_keys_v1.txt";
    static final int HEIGHT = 48;
    static final int MAX_WIDTH = 320;

    private static final int CHARS = PlateFormats.CLASSES.length();
    private static final int SEPARATOR = CHARS;
    private static final int BLANK = CHARS + 1;
    private static final int IGNORED = -1;
    /** PaddleOCR's normalisation for the recogniser: (x / 255 - 0.5) / 0.5 on the B, G, R planes. */
    private static final float[] HALF = {0.5f, 0.5f, 0.5f};

    /** One read position: a group separator, or a character with a probability per plate class. */
    record Token(boolean separator, float[] probabilities) {

        static final Token GAP = new Token(true, new float[0]);

        /**
         * Two reads of one line averaged character by character, when they hold the same characters and
         * separators in the same places; empty otherwise.
         */
        static Optional<List<Token>> average(List<Token> a, List<Token> b) {
            if (a.size() != b.size()) {
                return Optional.empty();
            }
            List<Token> mean = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                Token x = a.get(i);
                Token y = b.get(i);
                if (x.separator() != y.separator()) {
                    return Optional.empty();
                }
                float[] p = new float[x.probabilities().length];
                for (int k = 0; k < p.length; k++) {
                    p[k] = (x.probabilities()[k] + y.probabilities()[k]) / 2;
                }
                mean.add(x.separator() ? GAP : new Token(false, p));
            }
            return Optional.of(mean);
        }
    }

    private final OnnxModel model;
    /** Model class index to plate class, separator, blank or ignored. */
    private final int[] fold;

    TextRecognizer(Path model) {
        this.model = OnnxModel.load(model, MODEL);
        this.fold = fold(dictionary());
    }

    /** Reads a text line filling {@code crop}. */
    List<Token> read(Mat crop) {
        int width = Math.min(MAX_WIDTH, Math.max(HEIGHT / 2, (int) Math.ceil(HEIGHT * crop.cols() / (double) crop.rows())));
        Mat input = new Mat();
        resize(crop, input, new Size(width, HEIGHT), 0, 0, INTER_LINEAR);
        OnnxModel.Tensor out = model.run(new OnnxModel.Tensor(Images.planes(input, HALF, HALF), 1, 3, HEIGHT, width));
        int steps = (int) out.shape()[1];
        int classes = (int) out.shape()[2];
        if (classes != fold.length) {
            throw new IllegalStateException("recogniser has " + classes + " classes, dictionary " + fold.length);
        }
        return ctc(out.data(), steps, classes);
    }

    /** Greedy CTC over folded classes: repeats collapse, blanks drop, each character keeps its most certain step. */
    private List<Token> ctc(float[] probabilities, int steps, int classes) {
        List<Token> tokens = new ArrayList<>();
        int previous = BLANK;
        float previousPeak = 0;
        for (int t = 0; t < steps; t++) {
            float[] folded = new float[BLANK + 1];
            for (int c = 0; c < classes; c++) {
                if (fold[c] != IGNORED) {
                    folded[fold[c]] += probabilities[t * classes + c];
                }
            }
            float total = 0;
            for (float p : folded) {
                total += p;
            }
            int best = 0;
            for (int k = 0; k <= BLANK; k++) {
                folded[k] /= total;
                if (folded[k] > folded[best]) {
                    best = k;
                }
            }
            if (best == SEPARATOR && previous != SEPARATOR) {
                tokens.add(Token.GAP);
            } else if (best < CHARS && best != previous) {
                tokens.add(new Token(false, Arrays.copyOf(folded, CHARS)));
                previousPeak = folded[best];
            } else if (best < CHARS && folded[best] > previousPeak) {
                tokens.set(tokens.size() - 1, new Token(false, Arrays.copyOf(folded, CHARS)));
                previousPeak = folded[best];
            }
            previous = best;
        }
        return tokens;
    }

    /** Index 0 is the CTC blank, then the dictionary's lines, then a space (PaddleOCR's use_space_char). */
    private static int[] fold(List<String> dictionary) {
        int[] fold = new int[dictionary.size() + 2];
        fold[0] = BLANK;
        for (int i = 0; i < dictionary.size(); i++) {
            String key = dictionary.get(i);
            int plateClass = key.length() == 1 ? PlateFormats.CLASSES.indexOf(Character.toUpperCase(key.charAt(0))) : -1;
            fold[i + 1] = plateClass >= 0 ? plateClass : key.length() == 1 && "-·.".contains(key) ? SEPARATOR : IGNORED;
        }
        fold[fold.length - 1] = SEPARATOR;
        return fold;
    }

    private static List<String> dictionary() {
        try (InputStream in = TextRecognizer.class.getResourceAsStream(DICTIONARY)) {
            if (in == null) {
                throw new IllegalStateException("Dictionary " + DICTIONARY + " missing from the class path");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
