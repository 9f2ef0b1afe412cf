package nl.opencordon.vision;

import java.util.List;

/**
 * One plate read in one frame.
 *
 * @param text            formatted plate text, e.g. "GX-123-B"
 * @param country         country guess from the layout and plate colour (NL, D, F, B, L, E); null for a
 *                        read that fits no layout
 * @param confidence      weakest character probability less five times the second most probable character
 *                        the layout also allows there, lowered for characters read but left out and for
 *                        separators the layout does not have or a plate colour that is not the layout's;
 *                        times 0.75 when it fits no layout
 * @param charConfidences the model's probability of each character, separators excluded
 * @param pictures        the rectified plate line with its margin (PNG) and the vehicle around it (JPEG),
 *                        encoded when first asked for
 */
public record PlateRead(String text, String country, double confidence, List<Double> charConfidences,
                        ReadPictures pictures) {

    public PlateRead(String text, String country, double confidence, List<Double> charConfidences,
                     byte[] plateCrop, byte[] overviewCrop) {
        this(text, country, confidence, charConfidences, ReadPictures.encoded(plateCrop, overviewCrop));
    }

    /** Rectified plate line with its margin, PNG. */
    public byte[] plateCrop() {
        return pictures.plateCrop();
    }

    /** The vehicle around the plate, JPEG. */
    public byte[] overviewCrop() {
        return pictures.overviewCrop();
    }
}
