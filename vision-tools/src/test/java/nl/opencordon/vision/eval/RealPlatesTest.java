package nl.opencordon.vision.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.opencordon.vision.DemoClip;
import nl.opencordon.vision.PlateRecognizer;

/**
 * The bundled models on a handful of the shared real photos (every sixth line of labels.tsv, frames and
 * crops alike), and the command line's JSON report. The full set is the evaluation command's job.
 */
class RealPlatesTest {

    /** {@code testdata/vision} of the repository, passed in by vision-tools/pom.xml. */
    static final Path LABELS = Path.of(System.getProperty("anpr.vision.sharedData", "../testdata/vision"),
            "nl-plates", "labels.tsv");

    @Test
    void readsRealDutchPlatesWithoutConfidentErrors() throws Exception {
        List<Evaluation.Sample> all = Evaluation.labelled(LABELS);
        List<Evaluation.Sample> some = IntStream.range(0, all.size()).filter(i -> i % 6 == 0).mapToObj(all::get).toList();

        List<Evaluation.Outcome> outcomes;
        try (PlateRecognizer recognizer = new PlateRecognizer(PlateRecognizer.DEFAULT_MIN_CONFIDENCE)) {
            outcomes = Evaluation.evaluate(recognizer, some);
        }

        EvaluationMetrics m = EvaluationMetrics.of(outcomes, 0);
        assertTrue(m.pbet() >= some.size() - 1, m.report());
        assertEquals(0, EvaluationMetrics.of(outcomes, Evaluation.DEFAULT_CASE_THRESHOLD).perr(), m.report());
        for (Evaluation.Outcome o : outcomes) {
            o.reads().forEach(r -> assertEquals(r.text().replaceAll("[- ]", "").length(), r.charConfidences().size()));
        }
    }

    @Test
    void commandLineWritesTheJsonReport(@TempDir Path dir) throws Exception {
        Path labels = dir.resolve("labels.tsv");
        Path folder = LABELS.toAbsolutePath().getParent();
        Files.writeString(labels, "# two frames\n" + folder.resolve("frames/cat1-2-8.jpg") + "\t98-THD-4\n"
                + folder.resolve("frames/cat3-1.jpg") + "\t89-NV-JP|24-LSB-1\n");
        Path report = dir.resolve("out/report.json");

        assertEquals(0, Evaluation.run("--labels", labels.toString(), "--report", report.toString()));

        String json = Files.readString(report);
        assertTrue(json.startsWith("{\"ptot\":2,\"preg\":2,\"pbet\":2,\"perr\":0,"), json);
        assertTrue(json.contains("\"framesPerSecondPerCore\":"), json);
        assertEquals(2, Evaluation.run("--no-such-option", "x"));
    }

    @Test
    void commandLinePlaysAVideoAsTheCameraDriverDoes(@TempDir Path dir) throws Exception {
        Path clip = dir.resolve("demo.mp4");
        try (var in = DemoClip.class.getResourceAsStream(DemoClip.RESOURCE)) {
            Files.copy(in, clip);
        }
        assertEquals(0, Evaluation.run("--video", clip.toString()));
        assertEquals(1, Evaluation.run("--video", dir.resolve("missing.mp4").toString()));
    }
}
