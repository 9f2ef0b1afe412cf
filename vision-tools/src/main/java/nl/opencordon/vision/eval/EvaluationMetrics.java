package nl.opencordon.vision.eval;

import java.util.List;
import java.util.Locale;

import nl.opencordon.vision.PlateRead;

/**
 * The tender's recognition figures. {@code ptot}: plates present (an image labelled with alternatives
 * counts once); {@code preg}: plates read (any text); {@code pbet}: plates read correctly (the most
 * confident read of the image); {@code phantom}: reads where no plate was present, or further reads in an
 * image that match no label. Errors {@code perr} are wrong reads plus phantom reads.
 */
public record EvaluationMetrics(int ptot, int preg, int pbet, int phantom, int frames, double cpuSeconds) {

    /** Counts the reads at or above {@code threshold} confidence. */
    public static EvaluationMetrics of(List<Evaluation.Outcome> outcomes, double threshold) {
        int ptot = 0, preg = 0, pbet = 0, phantom = 0;
        long cpu = 0;
        for (Evaluation.Outcome o : outcomes) {
            List<PlateRead> reads = o.reads().stream().filter(r -> r.confidence() >= threshold).toList();
            cpu += o.cpuNanos();
            if (o.sample().accepted().isEmpty()) {
                phantom += reads.size();
                continue;
            }
            ptot++;
            if (!reads.isEmpty()) {
                preg++;
                pbet += o.accepts(reads.get(0)) ? 1 : 0;
                phantom += (int) reads.stream().skip(1).filter(r -> !o.accepts(r)).count();
            }
        }
        return new EvaluationMetrics(ptot, preg, pbet, phantom, outcomes.size(), cpu / 1e9);
    }

    public int perr() {
        return preg - pbet + phantom;
    }

    /** Preg / Ptot. */
    public double hitRate() {
        return ratio(preg, ptot);
    }

    /** Pbet / Ptot: the share of plates read correctly. */
    public double top1() {
        return ratio(pbet, ptot);
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
                correct reads     Pbet    %d   (top-1 %.2f %%)
                errors            Perr    %d (of which %d phantom reads)
                hit rate          Preg/Ptot  %.2f %%   (tender: 98 %%)
                reliability       Pbet/Preg  %.2f %%   (tender: 90-95 %%)
                error rate        Perr/Pbet  %.3f %%   (tender: < 0.02 %%)
                throughput        %.1f frames/s per core
                """, frames, ptot, preg, pbet, 100 * top1(), perr(), phantom, 100 * hitRate(), 100 * reliability(),
                100 * errorRate(), framesPerSecondPerCore());
    }

    /** The JSON report: these figures, plus the errors left at the case threshold. */
    public String json(double caseThreshold, EvaluationMetrics atCaseThreshold) {
        return String.format(Locale.ROOT, """
                {"ptot":%d,"preg":%d,"pbet":%d,"perr":%d,"phantom":%d,"frames":%d,"framesPerSecondPerCore":%.2f,\
                "caseThreshold":%.2f,"pregAtCaseThreshold":%d,"pbetAtCaseThreshold":%d,"perrAtCaseThreshold":%d}
                """, ptot, preg, pbet, perr(), phantom, frames, framesPerSecondPerCore(), caseThreshold,
                atCaseThreshold.preg, atCaseThreshold.pbet, atCaseThreshold.perr());
    }
}
