package nl.opencordon.vision.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import nl.opencordon.vision.PlateRecognizer;

class EvaluationMetricsTest {

    @Test
    void tenderRatios() {
        EvaluationMetrics m = new EvaluationMetrics(200, 180, 171, 1, 210, 2.0);
        assertEquals(10, m.perr());              // 9 wrong reads + 1 phantom
        assertEquals(0.9, m.hitRate(), 1e-12);
        assertEquals(0.95, m.reliability(), 1e-12);
        assertEquals(10 / 171.0, m.errorRate(), 1e-12);
        assertEquals(105, m.framesPerSecondPerCore(), 1e-12);
        assertTrue(m.report().contains("Preg/Ptot  90.00 %"), m.report());
    }

    @Test
    void emptySetHasNoDivisionByZero() {
        EvaluationMetrics m = new EvaluationMetrics(0, 0, 0, 0, 0, 0);
        assertEquals(0, m.hitRate());
        assertEquals(0, m.reliability());
        assertEquals(0, m.framesPerSecondPerCore());
    }

    /** A small slice of the evaluation set: guards against regressions well below the measured figures. */
    @Test
    void smallSeededSetMeetsRegressionFloor() {
        var scenes = Evaluation.synthetic(60, Evaluation.EVALUATION_SEED);
        EvaluationMetrics m;
        try (PlateRecognizer recognizer = new PlateRecognizer(PlateRecognizer.DEFAULT_MIN_CONFIDENCE)) {
            m = EvaluationMetrics.of(Evaluation.evaluate(recognizer, scenes), 0);
        }
        assertEquals(scenes.stream().filter(s -> !s.accepted().isEmpty()).count(), m.ptot());
        assertTrue(m.hitRate() > 0.85, m.report());
        assertTrue(m.reliability() > 0.97, m.report());
    }
}
