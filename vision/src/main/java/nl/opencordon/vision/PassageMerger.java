package nl.opencordon.vision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Merges per-frame reads of the same vehicle into one passage: a read joins an open passage whose
 * text is within one edit (a misread or missed character) of one of its reads and that was last seen
 * less than the window ago. A passage is emitted once the window passes without a new read. Its text
 * is decided by vote: each distinct text gets the sum of its reads' confidences, the text with the
 * largest sum wins, and the passage's confidences are those of the winner's most confident read times
 * the winner's share of the votes (a text that half the frames disagree with is not certain).
 * Time comes from the frames, never the wall clock, so replay is deterministic.
 */
public final class PassageMerger {

    /**
     * A passage is settled once it holds this many reads of its winning text and its confidence (the best of
     * them times the text's share of the votes) is at least {@link #SETTLED_CONFIDENCE}: well above the case
     * threshold 0.8, so that the reads a stream then skips could not have changed its text or sent it to review.
     */
    static final int SETTLED_READS = 3;
    static final double SETTLED_CONFIDENCE = 0.9;

    private final Duration window;
    private final Consumer<RecognizedPassage> listener;
    private final List<Track> open = new ArrayList<>();
    /** The passage the last frame's one read joined; null when that frame read no plate or several. */
    private Track merging;

    private record Seen(PlateRead read, Instant at) {
    }

    private static final class Track {
        final List<Seen> reads = new ArrayList<>();
        Instant lastSeen;
        /** Frames not read because this passage was settled; they count as its frames. */
        int held;

        Track(PlateRead read, Instant at) {
            add(read, at);
        }

        /** Adds a read; of two reads of one text only the more confident (the earlier on a tie) keeps its pictures. */
        void add(PlateRead read, Instant at) {
            reads.stream().map(Seen::read).filter(r -> r.text().equals(read.text()))
                    .max(Comparator.comparingDouble(PlateRead::confidence))
                    .ifPresent(best -> (best.confidence() >= read.confidence() ? read : best).pictures().release());
            reads.add(new Seen(read, at));
            lastSeen = at;
        }

        boolean matches(PlateRead read) {
            return reads.stream().anyMatch(s -> similar(s.read().text(), read.text()));
        }

        /** The winning text's share of the votes. */
        double share(String winner) {
            Map<String, Double> votes = votes();
            return votes.get(winner) / votes.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        Map<String, Double> votes() {
            Map<String, Double> votes = new LinkedHashMap<>();
            for (Seen s : reads) {
                votes.merge(s.read().text(), s.read().confidence(), Double::sum);
            }
            return votes;
        }

        String winner() {
            return votes().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        }

        Seen best(String winner) {
            return reads.stream().filter(s -> s.read().text().equals(winner))
                    .max(Comparator.comparingDouble(s -> s.read().confidence())).orElseThrow();
        }

        /** Whether more reads cannot change the text: {@link #SETTLED_READS} of the winner, and confident. */
        boolean settled() {
            String winner = winner();
            return reads.stream().filter(s -> s.read().text().equals(winner)).count() >= SETTLED_READS
                    && best(winner).read().confidence() * share(winner) >= SETTLED_CONFIDENCE;
        }

        RecognizedPassage passage() {
            String winner = winner();
            double share = share(winner);
            Seen best = best(winner);
            PlateRead read = best.read();
            return new RecognizedPassage(read.text(), read.country(), read.confidence() * share,
                    read.charConfidences().stream().map(c -> c * share).toList(), best.at(), read.plateCrop(),
                    read.overviewCrop(), (int) reads.stream().map(Seen::at).distinct().count() + held);
        }
    }

    public PassageMerger(Duration window, Consumer<RecognizedPassage> listener) {
        this.window = window;
        this.listener = listener;
    }

    /** Adds the reads of the frame taken at {@code at}, after emitting passages that ended before it. */
    public void accept(Instant at, List<PlateRead> reads) {
        emitBefore(at.minus(window));
        merging = null;
        for (PlateRead read : reads) {
            Track track = open.stream().filter(t -> t.matches(read)).findFirst().orElse(null);
            if (track == null) {
                track = new Track(read, at);
                open.add(track);
            } else {
                track.add(read, at);
            }
            merging = reads.size() == 1 ? track : null;
        }
    }

    /**
     * Whether the last frame read one plate only, of a passage that is settled: a stream may then skip reading
     * the next frames of that vehicle ({@link #hold}).
     */
    public boolean settled() {
        return merging != null && merging.settled();
    }

    /** A frame taken at {@code at} and not read because the passage is {@link #settled}: it stays open. */
    public void hold(Instant at) {
        emitBefore(at.minus(window));
        if (!settled()) {
            throw new IllegalStateException("no settled passage to hold");
        }
        merging.lastSeen = at;
        merging.held++;
    }

    /** Emits every open passage, e.g. at the end of a stream. */
    public void flush() {
        emitBefore(Instant.MAX);
    }

    private void emitBefore(Instant cutoff) {
        for (Iterator<Track> it = open.iterator(); it.hasNext(); ) {
            Track track = it.next();
            if (track.lastSeen.isBefore(cutoff)) {
                it.remove();
                if (track == merging) {
                    merging = null;
                }
                listener.accept(track.passage());
            }
        }
    }

    /** Texts within one edit of each other, separators ignored. */
    static boolean similar(String a, String b) {
        return editDistance(a.replaceAll("[- ]", ""), b.replaceAll("[- ]", "")) <= 1;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
