package nl.opencordon.vision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Merges per-frame reads of the same vehicle into one passage: a read joins an open passage whose
 * text is within one edit (a misread or missed character) and that was last seen less than the
 * window ago. A passage is emitted once the window passes without a new read, keeping the most
 * confident read. Time comes from the frames, never the wall clock, so replay is deterministic.
 */
public final class PassageMerger {

    private final Duration window;
    private final Consumer<RecognizedPassage> listener;
    private final List<Track> open = new ArrayList<>();

    private static final class Track {
        PlateRead best;
        Instant bestAt;
        Instant lastSeen;
        int frames;

        Track(PlateRead read, Instant at) {
            best = read;
            bestAt = at;
            lastSeen = at;
            frames = 1;
        }

        void add(PlateRead read, Instant at) {
            if (read.confidence() > best.confidence()) {
                best = read;
                bestAt = at;
            }
            lastSeen = at;
            frames++;
        }

        RecognizedPassage passage() {
            return new RecognizedPassage(best.text(), best.country(), best.confidence(), best.charConfidences(),
                    bestAt, best.plateCrop(), best.overviewCrop(), frames);
        }
    }

    public PassageMerger(Duration window, Consumer<RecognizedPassage> listener) {
        this.window = window;
        this.listener = listener;
    }

    /** Adds the reads of the frame taken at {@code at}, after emitting passages that ended before it. */
    public void accept(Instant at, List<PlateRead> reads) {
        emitBefore(at.minus(window));
        for (PlateRead read : reads) {
            open.stream()
                    .filter(t -> similar(t.best.text(), read.text()))
                    .findFirst()
                    .ifPresentOrElse(t -> t.add(read, at), () -> open.add(new Track(read, at)));
        }
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
