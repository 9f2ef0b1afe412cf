package nl.opencordon.vision.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The committed tuning and test parts are the rule's output, and no vehicle is in both. */
class SplitTest {

    private static final Path FOLDER = RealPlatesTest.LABELS.toAbsolutePath().getParent();

    @Test
    void committedPartsAreWhatTheRuleGives() throws Exception {
        Split.Parts parts = Split.of(Files.readAllLines(RealPlatesTest.LABELS));

        assertEquals(Split.withHeader("tuning", parts.tune()), Files.readAllLines(FOLDER.resolve(Split.TUNE)));
        assertEquals(Split.withHeader("test", parts.test()), Files.readAllLines(FOLDER.resolve(Split.TEST)));
        assertEquals(Evaluation.labelled(RealPlatesTest.LABELS).size(), parts.tune().size() + parts.test().size());
    }

    @Test
    void aVehicleIsInOnePartOnly() {
        Split.Parts parts = Split.of(List.of("a.jpg\tAA-11-BB", "b.jpg\tAA-11-BB|CC-22-DD", "c.jpg\tcc22dd",
                "d.jpg\tXX-99-ZZ", "e.jpg\t12-ABC-3", "f.jpg\tGH-567-J", "g.jpg\tK-123-LM"));

        Set<String> tune = plates(parts.tune());
        Set<String> test = plates(parts.test());
        tune.retainAll(test);
        assertTrue(tune.isEmpty(), tune::toString);
        assertTrue(parts.test().contains("a.jpg\tAA-11-BB") == parts.test().contains("c.jpg\tcc22dd"));
    }

    private static Set<String> plates(List<String> lines) {
        Set<String> plates = new HashSet<>();
        lines.forEach(l -> Arrays.stream(l.split("\t")[1].split("\\|")).map(Evaluation::normalise).forEach(plates::add));
        return plates;
    }
}
