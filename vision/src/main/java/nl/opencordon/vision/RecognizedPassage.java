package nl.opencordon.vision;

import java.time.Instant;
import java.util.List;

/**
 * One vehicle passing the camera: the best read over the frames that showed it.
 *
 * @param plate           formatted plate text, e.g. "GX-123-B"
 * @param country         country guess (NL, D, F, B)
 * @param confidence      confidence of the best read (its weakest character)
 * @param charConfidences per-character probabilities of the best read
 * @param seenAt          time of the frame the best read came from
 * @param plateCrop       rectified plate of the best read, PNG
 * @param overviewCrop    vehicle around the plate in that frame, JPEG
 * @param frameCount      frames merged into this passage
 */
public record RecognizedPassage(String plate, String country, double confidence, List<Double> charConfidences,
                                Instant seenAt, byte[] plateCrop, byte[] overviewCrop, int frameCount) {
}
