package nl.opencordon.vision.eval;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import org.bytedeco.opencv.global.opencv_core;

import nl.opencordon.vision.PlateRead;
import nl.opencordon.vision.PlateRecognizer;
import nl.opencordon.vision.synth.SyntheticScenes;
import nl.opencordon.vision.synth.SyntheticScenes.LabelledScene;
import nl.opencordon.vision.train.ModuleDir;

/**
 * Evaluates the recogniser on a seeded synthetic set, disjoint from the training seed, one frame at
 * a time on a single thread (OpenCV and ONNX Runtime threading off), so CPU time gives frames per
 * second per core. Honours {@code anpr.vision.model} and {@code anpr.vision.minConfidence}.
 *
 * <p>Arguments: [frames] [seed] [report file].
 */
public final class Evaluation {

    public static final long EVALUATION_SEED = 20_240_508;

    private Evaluation() {
    }

    public static void main(String[] args) throws IOException {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : EVALUATION_SEED;
        Path report = args.length > 2 ? Path.of(args[2]) : ModuleDir.resolve("target/eval-report.txt");

        List<LabelledScene> scenes = IntStream.range(0, frames).parallel()
                .mapToObj(i -> SyntheticScenes.scene(seed, i)).toList();
        opencv_core.setNumThreads(1);
        EvaluationMetrics metrics;
        try (PlateRecognizer recognizer = PlateRecognizer.fromSystemProperties()) {
            metrics = evaluate(recognizer, scenes);
        }
        String text = String.format("ANPR vision evaluation: %d synthetic frames, seed %d, model %s%n%s", frames, seed,
                System.getProperty(PlateRecognizer.MODEL_PROPERTY, "bundled char-mlp.onnx"), metrics.report());
        System.out.print(text);
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, text);
        System.out.println("written to " + report);
    }

    /** Counts against the labels; the most confident read of a frame is the frame's read. */
    public static EvaluationMetrics evaluate(PlateRecognizer recognizer, List<LabelledScene> scenes) {
        recognizer.recognize(scenes.get(0).image()); // warm-up: class loading and ONNX session start
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int ptot = 0, preg = 0, pbet = 0, phantom = 0;
        long cpu = 0;
        for (LabelledScene scene : scenes) {
            long before = threads.getCurrentThreadCpuTime();
            List<PlateRead> reads = recognizer.recognize(scene.image());
            cpu += threads.getCurrentThreadCpuTime() - before;
            ptot += scene.plates().size();
            if (scene.plates().isEmpty()) {
                phantom += reads.size();
            } else if (!reads.isEmpty()) {
                preg++;
                pbet += reads.get(0).text().equals(scene.plates().get(0)) ? 1 : 0;
                phantom += reads.size() - 1;
            }
        }
        return new EvaluationMetrics(ptot, preg, pbet, phantom, scenes.size(), cpu / 1e9);
    }
}
