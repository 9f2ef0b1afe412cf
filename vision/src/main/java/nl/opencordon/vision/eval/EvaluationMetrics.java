package nl.opencordon.vision.eval;

import java.util.Locale;

/**
 * The tender's recognition figures. {@code ptot}: plates present; {@code preg}: plates read (any
 * text); {@code pbet}: plates read correctly; {@code phantom}: reads where no plate was present, or
 * extra reads in a frame. Errors {@code perr} are wrong reads plus phantom reads.
 */
public record EvaluationMetrics(int ptot, int preg, int pbet, int phantom, int frames, double cpuSeconds) {

    public int perr() {
        return preg - pbet + phantom;
    }

    /** Preg / Ptot. */
    public double hitRate() {
        return ratio(preg, ptot);
    }

    /** Pbet / Preg. */
    public double reliability() {
        return ratio(pbet, preg);
    }

    /** Perr / Pbet. */
    public double errorRate() {
        return ratio(perr(), pbet);
    }

    /** Frames per second of CPU time on one thread, i.e. per core. */
    public double framesPerSecondPerCore() {
        return ratio(frames, cpuSeconds);
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? 0 : numerator / denominator;
    }

    public String report() {
        return String.format(Locale.ROOT, """
                frames evaluated          %d
                plates present    Ptot    %d
                plates read       Preg    %d
                correct reads     Pbet    %d
                errors            Perr    %d (of which %d phantom reads)
                hit rate          Preg/Ptot  %.2f %%   (tender: 98 %%)
                reliability       Pbet/Preg  %.2f %%   (tender: 90-95 %%)
                error rate        Perr/Pbet  %.3f %%   (tender: < 0.02 %%)
                throughput        %.1f frames/s per core
                """, frames, ptot, preg, pbet, perr(), phantom, 100 * hitRate(), 100 * reliability(),
                100 * errorRate(), framesPerSecondPerCore());
    }
}
