package nl.opencordon.vision;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Reads plates in single frames: locate, segment, classify characters, decode under known layouts.
 * Not thread-safe (one DJL predictor); use one instance per stream.
 */
public final class PlateRecognizer implements AutoCloseable {

    /** File path of an ONNX character model replacing the bundled one (see {@link CharacterClassifier}). */
    public static final String MODEL_PROPERTY = "anpr.vision.model";
    /** Reads whose confidence is below this are dropped rather than reported. */
    public static final String MIN_CONFIDENCE_PROPERTY = "anpr.vision.minConfidence";
    public static final double DEFAULT_MIN_CONFIDENCE = 0.5;

    private final PlateLocator locator = new PlateLocator();
    private final CharacterSegmenter segmenter = new CharacterSegmenter();
    private final CharacterClassifier classifier;
    private final double minConfidence;

    /** @param model ONNX character model, or null for the bundled one */
    public PlateRecognizer(Path model, double minConfidence) {
        this.classifier = CharacterClassifier.load(model);
        this.minConfidence = minConfidence;
    }

    /** Configured by {@value #MODEL_PROPERTY} and {@value #MIN_CONFIDENCE_PROPERTY}. */
    public static PlateRecognizer fromSystemProperties() {
        String model = System.getProperty(MODEL_PROPERTY);
        return new PlateRecognizer(model == null ? null : Path.of(model),
                Double.parseDouble(System.getProperty(MIN_CONFIDENCE_PROPERTY, String.valueOf(DEFAULT_MIN_CONFIDENCE))));
    }

    /** Reads in a BGR frame, most confident first. */
    public List<PlateRead> recognize(Mat bgrFrame) {
        List<PlateRead> reads = new ArrayList<>();
        for (PlateLocator.Candidate candidate : locator.locate(bgrFrame)) {
            read(candidate)
                    .filter(d -> d.confidence() >= minConfidence)
                    .ifPresent(d -> reads.add(new PlateRead(d.text(), d.country(), d.confidence(),
                            d.charConfidences(), Images.encode(candidate.plate(), ".png"),
                            overview(bgrFrame, candidate.bounds()))));
        }
        reads.sort(Comparator.comparingDouble(PlateRead::confidence).reversed());
        return reads;
    }

    private Optional<PlateFormats.Decoded> read(PlateLocator.Candidate candidate) {
        return segmenter.segment(candidate.plate(), candidate.area()).flatMap(s -> PlateFormats.decode(
                classifier.classify(s.glyphs()), s.groupLengths(), candidate.background()));
    }

    /** The plate with the vehicle front around it: 3 plate widths by 5 plate heights. */
    private static byte[] overview(Mat frame, Rect plate) {
        int cx = plate.x() + plate.width() / 2;
        int cy = plate.y() + plate.height() / 2;
        int x0 = Math.max(0, cx - plate.width() * 3 / 2);
        int y0 = Math.max(0, cy - plate.height() * 7 / 2);
        int x1 = Math.min(frame.cols(), cx + plate.width() * 3 / 2);
        int y1 = Math.min(frame.rows(), cy + plate.height() * 3 / 2);
        return Images.encode(frame.apply(new Rect(x0, y0, x1 - x0, y1 - y0)), ".jpg", IMWRITE_JPEG_QUALITY, 85);
    }

    @Override
    public void close() {
        classifier.close();
    }
}
