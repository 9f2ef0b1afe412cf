package nl.opencordon.vision.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import nl.opencordon.vision.CharacterClassifier;
import nl.opencordon.vision.CharacterSegmenter;
import nl.opencordon.vision.PlateFormats;
import nl.opencordon.vision.PlateLocator;
import nl.opencordon.vision.synth.SyntheticScenes;
import nl.opencordon.vision.synth.SyntheticScenes.LabelledScene;

/**
 * Trains the bundled character model. Glyphs are cut from synthetic scenes by the production locator
 * and segmenter, so the model learns the crops it will see at run time; scenes whose segmentation
 * does not yield exactly the label's characters are skipped. Training scenes use their own seed,
 * disjoint from the evaluation set.
 *
 * <p>Arguments: [output .onnx] [scenes] [epochs].
 */
public final class TrainCharacterClassifier {

    static final long TRAINING_SEED = 7;
    private static final int HIDDEN = 128;
    private static final double HOLDOUT = 0.1;

    private record Sample(float[] glyph, int label) {
    }

    private TrainCharacterClassifier() {
    }

    public static void main(String[] args) throws IOException {
        Path output = args.length > 0 ? Path.of(args[0])
                : ModuleDir.resolve("src/main/resources" + CharacterClassifier.BUNDLED_MODEL);
        int scenes = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 12;

        long start = System.nanoTime();
        List<List<Sample>> perScene = IntStream.range(0, scenes).parallel()
                .mapToObj(TrainCharacterClassifier::samples).toList();
        List<Sample> samples = perScene.stream().flatMap(List::stream).toList();
        long usable = perScene.stream().filter(s -> !s.isEmpty()).count();
        System.out.printf("%d glyphs from %d of %d scenes in %.1f s%n", samples.size(), usable, scenes,
                (System.nanoTime() - start) / 1e9);

        int split = (int) (samples.size() * (1 - HOLDOUT));
        List<Sample> train = samples.subList(0, split);
        List<Sample> holdout = samples.subList(split, samples.size());
        SplittableRandom random = new SplittableRandom(TRAINING_SEED);
        Mlp mlp = new Mlp(CharacterSegmenter.ROWS * CharacterSegmenter.COLS, HIDDEN,
                PlateFormats.CLASSES.length(), random);
        List<Sample> order = new ArrayList<>(train);
        float rate = 0.02f;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            shuffle(order, random);
            for (Sample s : order) {
                mlp.step(s.glyph(), s.label(), rate);
            }
            rate *= 0.8f;
            System.out.printf("epoch %2d: train accuracy %.4f, holdout accuracy %.4f%n", epoch,
                    accuracy(mlp, train), accuracy(mlp, holdout));
        }
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.write(output, OnnxExport.toOnnx(mlp));
        System.out.printf("wrote %s (%d bytes) in %.1f s%n", output, Files.size(output), (System.nanoTime() - start) / 1e9);
    }

    private static List<Sample> samples(int index) {
        LabelledScene scene = SyntheticScenes.scene(TRAINING_SEED, index);
        if (scene.plates().isEmpty()) {
            return List.of();
        }
        String chars = scene.plates().get(0).replaceAll("[- ]", "");
        PlateLocator locator = new PlateLocator();
        CharacterSegmenter segmenter = new CharacterSegmenter();
        for (PlateLocator.Candidate candidate : locator.locate(scene.image())) {
            List<float[]> glyphs = segmenter.segment(candidate.plate(), candidate.area())
                    .map(CharacterSegmenter.Segmentation::glyphs).orElse(List.of());
            if (glyphs.size() == chars.length()) {
                return IntStream.range(0, glyphs.size())
                        .mapToObj(i -> new Sample(glyphs.get(i), PlateFormats.CLASSES.indexOf(chars.charAt(i))))
                        .toList();
            }
        }
        return List.of();
    }

    private static double accuracy(Mlp mlp, List<Sample> samples) {
        return samples.stream().filter(s -> mlp.predict(s.glyph()) == s.label()).count() / (double) samples.size();
    }

    private static void shuffle(List<Sample> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            list.set(j, list.set(i, list.get(j)));
        }
    }
}
