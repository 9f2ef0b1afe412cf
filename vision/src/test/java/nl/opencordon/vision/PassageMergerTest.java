package nl.opencordon.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PassageMergerTest {

    private static final Instant T0 = Instant.parse("2024-05-08T08:00:00Z");

    private final List<RecognizedPassage> emitted = new ArrayList<>();
    private final PassageMerger merger = new PassageMerger(Duration.ofSeconds(1), emitted::add);

    private static PlateRead read(String text, double confidence) {
        return new PlateRead(text, "NL", confidence, List.of(confidence), new byte[] {1}, new byte[] {2});
    }

    private void frame(long millis, PlateRead... reads) {
        merger.accept(T0.plusMillis(millis), List.of(reads));
    }

    @Test
    void mergesSimilarReadsAndVotesOnTheText() {
        frame(0, read("GX-123-B", 0.7));
        frame(100, read("GX-128-B", 0.6));   // one misread character: same vehicle
        frame(200, read("GX-123-B", 0.95));
        frame(300, read("GX-123-B", 0.8));
        merger.flush();

        assertEquals(1, emitted.size());
        RecognizedPassage passage = emitted.get(0);
        assertEquals("GX-123-B", passage.plate());
        double share = (0.7 + 0.95 + 0.8) / (0.7 + 0.6 + 0.95 + 0.8);
        assertEquals(0.95 * share, passage.confidence(), 1e-12);
        assertEquals(0.95 * share, passage.charConfidences().get(0), 1e-12);
        assertEquals(T0.plusMillis(200), passage.seenAt());
        assertEquals(4, passage.frameCount());
    }

    @Test
    void onlyTheMostConfidentReadOfATextKeepsItsPictures() {
        PlateRead first = new PlateRead("GX-123-B", "NL", 0.8, List.of(0.8), new byte[] {1}, new byte[] {1});
        PlateRead best = new PlateRead("GX-123-B", "NL", 0.9, List.of(0.9), new byte[] {2}, new byte[] {2});
        PlateRead tie = new PlateRead("GX-123-B", "NL", 0.9, List.of(0.9), new byte[] {3}, new byte[] {3});
        frame(0, first);
        frame(100, best);
        frame(200, tie);
        merger.flush();

        assertArrayEquals(new byte[] {2}, emitted.get(0).plateCrop());
        assertArrayEquals(new byte[] {2}, emitted.get(0).overviewCrop());
        assertThrows(IllegalStateException.class, first::plateCrop, "released when a better read came");
        assertThrows(IllegalStateException.class, tie::overviewCrop, "released: the earlier of equals wins");
    }

    @Test
    void manyFramesOutvoteOneMoreConfidentFrame() {
        frame(0, read("GX-128-B", 0.9));
        frame(100, read("GX-123-B", 0.6));
        frame(200, read("GX-123-B", 0.7));
        merger.flush();

        assertEquals(List.of("GX-123-B"), emitted.stream().map(RecognizedPassage::plate).toList());
        assertEquals(0.7 * 1.3 / 2.2, emitted.get(0).confidence(), 1e-12);
    }

    @Test
    void differentPlatesInOneFrameAreSeparatePassages() {
        frame(0, read("GX-123-B", 0.9), read("85-ZRF-7", 0.8));
        frame(100, read("85-ZRF-7", 0.9));
        merger.flush();

        assertEquals(List.of("GX-123-B", "85-ZRF-7"), emitted.stream().map(RecognizedPassage::plate).toList());
        assertEquals(List.of(1, 2), emitted.stream().map(RecognizedPassage::frameCount).toList());
    }

    @Test
    void passageEndsWhenTheWindowPassesWithoutReads() {
        frame(0, read("GX-123-B", 0.9));
        frame(900);
        assertEquals(0, emitted.size(), "still within the window");
        frame(1100);
        assertEquals(1, emitted.size(), "window passed");
        frame(1200, read("GX-123-B", 0.9));   // same plate again later: a new passage
        merger.flush();
        assertEquals(2, emitted.size());
    }

    /** Three confident reads of GX-123-B at 0, 100 and 200 ms. */
    private void settle() {
        frame(0, read("GX-123-B", 0.95));
        frame(100, read("GX-123-B", 0.97));
        assertFalse(merger.settled(), "two reads");
        frame(200, read("GX-123-B", 0.92));
    }

    @Test
    void threeConfidentReadsOfOneTextSettleThePassage() {
        settle();
        assertTrue(merger.settled());
        frame(300);
        assertFalse(merger.settled(), "the last frame read nothing: what moves now may be another vehicle");
    }

    @Test
    void aPassageThatOtherReadsDisagreeWithIsNotSettled() {
        frame(0, read("GX-123-B", 0.95));
        frame(100, read("GX-128-B", 0.9));
        frame(200, read("GX-123-B", 0.97));
        frame(300, read("GX-123-B", 0.96));
        assertFalse(merger.settled(), "0.97 times a share of 0.76 is under 0.9");
    }

    @Test
    void aFrameWithTwoPlatesSettlesNothing() {
        settle();
        frame(300, read("GX-123-B", 0.99), read("85-ZRF-7", 0.99));
        assertFalse(merger.settled(), "a second vehicle in the frame");
    }

    @Test
    void heldFramesKeepTheSettledPassageOpenAndCount() {
        settle();
        for (long t = 300; t <= 1500; t += 100) {
            merger.hold(T0.plusMillis(t));
        }
        assertEquals(0, emitted.size(), "held frames are frames of the passage: the window starts again");
        frame(1600, read("GX-123-B", 0.96));
        merger.flush();
        assertEquals(1, emitted.size());
        assertEquals(3 + 13 + 1, emitted.get(0).frameCount());
        assertEquals(0.97, emitted.get(0).confidence(), 1e-12);
    }

    @Test
    void onlyASettledPassageCanBeHeld() {
        frame(0, read("GX-123-B", 0.95));
        assertThrows(IllegalStateException.class, () -> merger.hold(T0.plusMillis(100)));
    }

    @Test
    void similarityIgnoresSeparatorsAndAllowsOneEdit() {
        assertEquals(true, PassageMerger.similar("GX-123-B", "GX123B"));
        assertEquals(true, PassageMerger.similar("GX-123-B", "GX-12-B"));
        assertEquals(false, PassageMerger.similar("GX-123-B", "GX-456-B"));
    }
}
