package nl.opencordon.vision;

import java.util.List;

/**
 * One plate read in one frame.
 *
 * @param text            formatted plate text, e.g. "GX-123-B"
 * @param country         country guess from the layout (NL, D, F, B)
 * @param confidence      weakest character probability, times a penalty when the groups did not match
 * @param charConfidences probability of each character, separators excluded
 * @param plateCrop       rectified plate, PNG
 * @param overviewCrop    the vehicle around the plate, JPEG
 */
public record PlateRead(String text, String country, double confidence, List<Double> charConfidences,
                        byte[] plateCrop, byte[] overviewCrop) {
}
