package nl.opencordon.vision;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2HSV;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

import nl.opencordon.vision.PlateFormat.Background;

/**
 * Reads plates in single frames: PP-OCRv4 finds text lines at a reduced size, the plate-shaped ones are
 * cut from the full-resolution frame and read by PP-OCRv4's recogniser, and the layouts decide the text.
 * Not thread-safe (one ONNX session per model); use one instance per stream.
 */
public final class PlateRecognizer implements AutoCloseable {

    /** Reads whose confidence is below this are dropped rather than reported. */
    public static final String MIN_CONFIDENCE_PROPERTY = "anpr.vision.minConfidence";
    /** Longer side, in pixels, a frame is scaled to for text detection. */
    public static final String DETECTOR_SIDE_PROPERTY = "anpr.vision.detectorSide";
    /** ONNX files replacing the bundled PP-OCRv4 detector and recogniser (same inputs and outputs). */
    public static final String DETECTOR_MODEL_PROPERTY = "anpr.vision.detectorModel";
    public static final String RECOGNIZER_MODEL_PROPERTY = "anpr.vision.recognizerModel";
    public static final double DEFAULT_MIN_CONFIDENCE = 0.5;
    public static final int DEFAULT_DETECTOR_SIDE = 480;

    /** Plates are wide lines; a line this much wider than high or more is a candidate. */
    private static final double MIN_ASPECT = 1.6;
    private static final double MAX_ASPECT = 12;
    private static final int MIN_HEIGHT = 8;
    /** Candidates read per frame, most probable lines first: bounds the cost of a busy frame. */
    private static final int MAX_CANDIDATES = 4;
    /**
     * A line is read with this many heights of margin either side: the detector can leave out a lone
     * first or last glyph ("V AM 3343" read as "AM 3343" is another valid German plate).
     */
    private static final double WIDEN = 0.6;
    /**
     * A read that may be a plate cut short is read again with this many heights of margin: a German
     * district letter often stands a stamp's width left of the rest, beyond {@link #WIDEN}.
     */
    private static final double RECHECK_WIDEN = 2.0;

    private final TextDetector detector;
    private final TextRecognizer reader;
    private final double minConfidence;

    /** Bundled models, default detector size. */
    public PlateRecognizer(double minConfidence) {
        this(null, null, DEFAULT_DETECTOR_SIDE, minConfidence);
    }

    /** @param detectorModel, recognizerModel ONNX files, or null for the bundled PP-OCRv4 models */
    public PlateRecognizer(Path detectorModel, Path recognizerModel, int detectorSide, double minConfidence) {
        this.detector = new TextDetector(detectorModel, detectorSide);
        this.reader = new TextRecognizer(recognizerModel);
        this.minConfidence = minConfidence;
    }

    /** Configured by the {@code anpr.vision.*} system properties above. */
    public static PlateRecognizer fromSystemProperties() {
        String detectorModel = System.getProperty(DETECTOR_MODEL_PROPERTY);
        String recognizerModel = System.getProperty(RECOGNIZER_MODEL_PROPERTY);
        return new PlateRecognizer(detectorModel == null ? null : Path.of(detectorModel),
                recognizerModel == null ? null : Path.of(recognizerModel),
                Integer.getInteger(DETECTOR_SIDE_PROPERTY, DEFAULT_DETECTOR_SIDE),
                Double.parseDouble(System.getProperty(MIN_CONFIDENCE_PROPERTY, String.valueOf(DEFAULT_MIN_CONFIDENCE))));
    }

    /** Reads in a BGR frame, most confident first, one per plate text. */
    public List<PlateRead> recognize(Mat bgrFrame) {
        return read(bgrFrame, detector.detect(bgrFrame));
    }

    /**
     * Reads of the plates inside {@code region} of a BGR frame (where something moved), found at the scale
     * the whole frame would be and read, with their pictures, from the whole frame.
     */
    public List<PlateRead> recognize(Mat bgrFrame, Rect region) {
        return read(bgrFrame, detector.detect(bgrFrame, region));
    }

    private List<PlateRead> read(Mat bgrFrame, List<TextDetector.Box> boxes) {
        List<PlateRead> reads = new ArrayList<>();
        Map<TextDetector.Box, PlateRead> byBox = new HashMap<>();
        int tried = 0;
        for (TextDetector.Box box : boxes) {
            double aspect = box.width() / box.height();
            if (box.height() < MIN_HEIGHT || aspect < MIN_ASPECT || aspect > MAX_ASPECT) {
                continue;
            }
            if (tried++ == MAX_CANDIDATES) {
                break;
            }
            Line line = read(bgrFrame, box, WIDEN);
            if (line.plate().filter(d -> d.confidence() >= minConfidence && d.mayBeCutShort()).isPresent()) {
                line = recheck(line, read(bgrFrame, box, RECHECK_WIDEN));
            }
            Mat crop = line.crop();
            line.plate().filter(d -> d.confidence() >= minConfidence)
                    .filter(d -> reads.stream().noneMatch(r -> r.text().equals(d.text())))
                    .map(d -> d.country() != null ? d
                            : EuBand.country(bgrFrame, box, reader).map(d::inCountry).orElse(d))
                    .ifPresent(d -> {
                        PlateRead read = new PlateRead(d.text(), d.country(), d.confidence(), d.charConfidences(),
                                ReadPictures.of(crop, overview(bgrFrame, box.bounds())));
                        reads.add(read);
                        byBox.put(box, read);
                    });
        }
        readTwoRows(bgrFrame, boxes, reads, byBox);
        reads.sort(Comparator.comparingDouble(PlateRead::confidence).reversed());
        return reads;
    }

    /**
     * Two-row plates (Dutch motorcycles and mopeds): two lines stacked in a near-square region are read row
     * by row and the rows joined, upper first, with a group separator between them. A pair read that fits
     * a layout, holds more characters than either row read alone and is more confident than both replaces
     * what its rows read (the upper row of "DF-12-GB" alone is the German "D F 12"); otherwise the rows'
     * own reads stand (a one-row plate above a dealer's name stays one-row).
     */
    private void readTwoRows(Mat frame, List<TextDetector.Box> boxes, List<PlateRead> reads,
                             Map<TextDetector.Box, PlateRead> byBox) {
        for (TextDetector.Box[] pair : TextDetector.stackedPairs(boxes)) {
            PlateRead upperRead = byBox.get(pair[0]);
            PlateRead lowerRead = byBox.get(pair[1]);
            Mat upper = crop(frame, pair[0], WIDEN);
            Mat lower = crop(frame, pair[1], WIDEN);
            List<TextRecognizer.Token> tokens = new ArrayList<>(reader.read(upper));
            tokens.add(TextRecognizer.Token.GAP);
            tokens.addAll(reader.read(lower));
            TextDetector.Box region = TextDetector.Box.around(pair[0], pair[1]);
            Mat plate = crop(frame, region, 0);
            Optional<PlateFormats.Decoded> decoded = PlateFormats.decode(tokens, background(plate))
                    .filter(d -> d.country() != null && d.confidence() >= minConfidence)
                    .filter(d -> outweighs(d, upperRead) && outweighs(d, lowerRead))
                    .filter(d -> reads.stream().noneMatch(r -> r.text().equals(d.text())));
            decoded.ifPresent(d -> {
                reads.remove(upperRead);
                reads.remove(lowerRead);
                reads.add(new PlateRead(d.text(), d.country(), d.confidence(), d.charConfidences(),
                        ReadPictures.of(plate, overview(frame, region.bounds()))));
            });
        }
    }

    /** Whether a two-row read beats what one of its rows read alone (null: nothing). */
    private static boolean outweighs(PlateFormats.Decoded pair, PlateRead row) {
        return row == null || pair.confidence() > row.confidence()
                && pair.characters().length() > row.charConfidences().size();
    }

    /** A detected line cut out with some margin, and what it reads as. */
    record Line(Mat crop, Optional<PlateFormats.Decoded> plate) {
    }

    private Line read(Mat frame, TextDetector.Box box, double margin) {
        Mat crop = crop(frame, box, margin);
        return new Line(crop, PlateFormats.decode(reader.read(crop), background(crop)));
    }

    /** The box rectified, with {@code margin} line heights added at both ends. */
    private static Mat crop(Mat frame, TextDetector.Box box, double margin) {
        TextDetector.Box wide = box.widened(margin * box.height());
        return Images.warp(frame, wide.corners(), (int) Math.round(wide.width()), (int) Math.round(wide.height()));
    }

    /**
     * Weighs the wider read of a line against the first: when it holds the first read's characters and
     * more, the first may be cut short: it stands doubted by how sure the wider read is, or the wider read
     * replaces it when that is the more confident of the two.
     */
    static Line recheck(Line first, Line wider) {
        PlateFormats.Decoded narrow = first.plate().orElseThrow();
        Optional<PlateFormats.Decoded> longer = wider.plate()
                .filter(w -> w.characters().length() > narrow.characters().length()
                        && w.characters().contains(narrow.characters()));
        if (longer.isEmpty()) {
            return first;
        }
        return longer.get().confidence() >= narrow.confidence() * (1 - longer.get().confidence()) ? wider
                : new Line(first.crop(), Optional.of(narrow.doubted(1 - longer.get().confidence())));
    }

    /** Yellow (Dutch) or white, when a third of the line's pixels say so clearly; null otherwise. */
    static Background background(Mat plate) {
        Mat hsv = new Mat();
        cvtColor(plate, hsv, COLOR_BGR2HSV);
        byte[] pixels = Images.pixels(hsv);
        int yellow = 0;
        int white = 0;
        for (int i = 0; i < pixels.length; i += 3) {
            int h = pixels[i] & 0xff;
            int s = pixels[i + 1] & 0xff;
            int v = pixels[i + 2] & 0xff;
            if (h >= 12 && h <= 38 && s > 80 && v > 80) {
                yellow++;
            } else if (s < 50 && v > 120) {
                white++;
            }
        }
        int third = pixels.length / 9;
        return yellow > third ? Background.YELLOW : white > third ? Background.WHITE : null;
    }

    /** The plate with the vehicle front around it: 3 plate widths by 5 plate heights, copied out of the frame. */
    private static Mat overview(Mat frame, Rect plate) {
        int cx = plate.x() + plate.width() / 2;
        int cy = plate.y() + plate.height() / 2;
        int x0 = Math.max(0, cx - plate.width() * 3 / 2);
        int y0 = Math.max(0, cy - plate.height() * 7 / 2);
        int x1 = Math.min(frame.cols(), cx + plate.width() * 3 / 2);
        int y1 = Math.min(frame.rows(), cy + plate.height() * 3 / 2);
        return frame.apply(new Rect(x0, y0, x1 - x0, y1 - y0)).clone();
    }

    @Override
    public void close() {
        detector.close();
        reader.close();
    }
}
