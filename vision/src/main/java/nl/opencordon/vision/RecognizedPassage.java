package nl.opencordon.vision;

import java.time.Instant;
import java.util.List;

/**
 * One vehicle passing the camera: the text its frames voted for, with that text's most confident read.
 *
 * @param plate           formatted plate text, e.g. "GX-123-B"
 * @param country         country guess (NL, D, F, B, L, E); null when the read fits no layout
 * @param confidence      confidence of that read (its weakest character) times the text's share of the votes
 * @param charConfidences per-character probabilities of that read, times the same share
 * @param seenAt          time of the frame that read came from
 * @param plateCrop       rectified plate of the best read, PNG
 * @param overviewCrop    vehicle around the plate in that frame, JPEG
 * @param frameCount      frames merged into this passage
 */
public record RecognizedPassage(String plate, String country, double confidence, List<Double> charConfidences,
                                Instant seenAt, byte[] plateCrop, byte[] overviewCrop, int frameCount) {
}
