package nl.opencordon.vision;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2HSV;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

import nl.opencordon.vision.PlateFormat.Background;

/**
 * Reads plates in single frames: PP-OCRv4 finds text lines at a reduced size and {@link PlateDetector} the
 * plates themselves; the plate-shaped lines are cut from the full-resolution frame, rectified by their
 * plate's corners where one was found, and read by PP-OCRv4's recogniser, plates with no line on them or
 * with their line split in parts are read whole, two-row plates row by row, and the layouts decide the text.
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
    /** A line read on a found plate less confidently than this is read by its own box too. */
    private static final double SECOND_OPINION = 0.9;
    /** The share of a one-row plate's height above and below its text that a whole-plate read leaves out. */
    private static final double RIM = 0.08;

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
        return read(bgrFrame, detector.detect(bgrFrame), PlateDetector.detect(bgrFrame));
    }

    /**
     * Reads of the plates inside {@code region} of a BGR frame (where something moved), found at the scale
     * the whole frame would be and read, with their pictures, from the whole frame.
     */
    public List<PlateRead> recognize(Mat bgrFrame, Rect region) {
        List<PlateDetector.Plate> plates = PlateDetector.detect(bgrFrame).stream()
                .filter(plate -> plate.centredIn(region)).toList();
        return read(bgrFrame, detector.detect(bgrFrame, region), plates);
    }

    private List<PlateRead> read(Mat bgrFrame, List<TextDetector.Box> boxes, List<PlateDetector.Plate> plates) {
        List<PlateRead> reads = new ArrayList<>();
        Map<TextDetector.Box, PlateRead> byBox = new HashMap<>();
        Set<PlateDetector.Plate> platesRead = new HashSet<>();
        List<PlateDetector.Plate> split = plates.stream().filter(p -> splitLine(p, boxes)).toList();
        int tried = 0;
        for (TextDetector.Box box : boxes) {
            double aspect = box.width() / box.height();
            if (box.height() < MIN_HEIGHT || aspect < MIN_ASPECT || aspect > MAX_ASPECT
                    || split.stream().anyMatch(p -> p.holds(box.centreX(), box.centreY()))) {
                continue;
            }
            if (tried++ == MAX_CANDIDATES) {
                break;
            }
            // a plate whose outline a shadow cut short holds the centre of a line wider than it: the line reads it,
            // read whole it would read again as a shorter plate ("TA-772-HN" also as the German "T A 772")
            plates.stream().filter(p -> p.holds(box.centreX(), box.centreY())).forEach(platesRead::add);
            Optional<PlateDetector.Plate> plate = plates.stream().filter(p -> !p.twoRows() && p.holds(box)).findFirst();
            Line line = read(bgrFrame, plate.filter(p -> p.fits(box)), box, WIDEN);
            if (line.plate().filter(d -> d.confidence() >= minConfidence && d.mayBeCutShort()).isPresent()) {
                // by the line's own box: a plate outline found too short must not cut the wider read short too
                line = recheck(line, read(bgrFrame, Optional.empty(), box, RECHECK_WIDEN));
            }
            PlateRead read = report(bgrFrame, line, box, reads);
            if (read != null) {
                byBox.put(box, read);
            }
        }
        for (PlateDetector.Plate plate : plates) {
            if (!plate.twoRows() && (!platesRead.contains(plate) || split.contains(plate))) {
                Line line = readWhole(bgrFrame, plate, 0);
                if (line.plate().filter(d -> d.confidence() >= minConfidence && d.mayBeCutShort()).isPresent()) {
                    line = recheck(line, readWhole(bgrFrame, plate, RECHECK_WIDEN));
                }
                report(bgrFrame, line, plate.box(), reads);
            }
        }
        readTwoRows(bgrFrame, boxes, plates, reads, byBox);
        reads.sort(Comparator.comparingDouble(PlateRead::confidence).reversed());
        return reads;
    }

    /**
     * Whether the text detector split a one-row plate's line: two or more of its lines lie side by side on it
     * (their centres within a third of the plate's height of each other). Read apart, the first part can be a
     * valid plate by itself ("XG 87936" as "XG 8" and "87936", and "XG 8" read wider as the German "X G 8793"
     * at 0.98); the plate is read whole instead.
     */
    private static boolean splitLine(PlateDetector.Plate plate, List<TextDetector.Box> boxes) {
        if (plate.twoRows()) {
            return false;
        }
        double[] heights = boxes.stream().filter(b -> plate.holds(b.centreX(), b.centreY()))
                .mapToDouble(b -> plate.toPlate(new float[] {(float) b.centreX(), (float) b.centreY()})[1]).toArray();
        return heights.length >= 2 && Arrays.stream(heights).max().orElseThrow()
                - Arrays.stream(heights).min().orElseThrow() < plate.height() / 3;
    }

    /**
     * Adds what {@code line} reads, when confident enough and not read already; a read without a country
     * of its own takes the EU band's left of {@code box}. Returns the read added, or null.
     */
    private PlateRead report(Mat frame, Line line, TextDetector.Box box, List<PlateRead> reads) {
        Optional<PlateRead> read = line.plate().filter(d -> d.confidence() >= minConfidence)
                .filter(d -> reads.stream().noneMatch(r -> r.text().equals(d.text())))
                .map(d -> d.country() != null ? d : EuBand.country(frame, box, reader).map(d::inCountry).orElse(d))
                .map(d -> new PlateRead(d.text(), d.country(), d.confidence(), d.charConfidences(),
                        ReadPictures.of(line.crop(), overview(frame, box.bounds()))));
        read.ifPresent(reads::add);
        return read.orElse(null);
    }

    /**
     * Two-row plates (Dutch motorcycles and mopeds): a two-row plate the plate detector found, rectified and
     * split between its rows, or two lines stacked in a near-square region, is read row by row and the rows
     * joined, upper first, with a group separator between them. A pair read that fits a layout, holds more
     * characters than any of its rows read alone and is more confident than each replaces what its rows
     * read (the upper row of "DF-12-GB" alone is the German "D F 12"); otherwise the rows' own reads stand
     * (a one-row plate above a dealer's name stays one-row).
     */
    private void readTwoRows(Mat frame, List<TextDetector.Box> boxes, List<PlateDetector.Plate> plates,
                             List<PlateRead> reads, Map<TextDetector.Box, PlateRead> byBox) {
        List<TwoRows> candidates = new ArrayList<>();
        for (PlateDetector.Plate plate : plates) {
            if (plate.twoRows()) {
                Rows rows = rows(frame, plate);
                List<TextDetector.Box> lines = boxes.stream().filter(plate::holds).toList();
                List<PlateRead> rowReads = lines.stream().map(byBox::get).filter(Objects::nonNull).toList();
                candidates.add(new TwoRows(rows.upper(), rows.lower(), rows.whole(), plate.box(), plate.colour(),
                        rowReads, rowLine(frame, plate, lines, rows.split(), true),
                        rowLine(frame, plate, lines, rows.split(), false)));
            }
        }
        for (TextDetector.Box[] pair : TextDetector.stackedPairs(boxes)) {
            TextDetector.Box region = TextDetector.Box.around(pair[0], pair[1]);
            if (plates.stream().noneMatch(p -> p.twoRows() && p.holds(region))) {
                Mat plate = crop(frame, region, 0);
                List<PlateRead> rowReads = new ArrayList<>();
                for (TextDetector.Box row : pair) {
                    Optional.ofNullable(byBox.get(row)).ifPresent(rowReads::add);
                }
                candidates.add(new TwoRows(crop(frame, pair[0], WIDEN), crop(frame, pair[1], WIDEN), plate, region,
                        background(plate), rowReads, Optional.empty(), Optional.empty()));
            }
        }
        for (TwoRows two : candidates) {
            List<TextRecognizer.Token> tokens = new ArrayList<>(readRow(two.upper(), two.upperLine()));
            tokens.add(TextRecognizer.Token.GAP);
            tokens.addAll(readRow(two.lower(), two.lowerLine()));
            PlateFormats.decode(tokens, two.colour())
                    .filter(d -> d.country() != null && d.confidence() >= minConfidence)
                    .filter(d -> two.rowReads().stream().allMatch(r -> outweighs(d, r)))
                    .filter(d -> reads.stream().noneMatch(r -> r.text().equals(d.text())))
                    .ifPresent(d -> {
                        reads.removeAll(two.rowReads());
                        reads.add(new PlateRead(d.text(), d.country(), d.confidence(), d.charConfidences(),
                                ReadPictures.of(two.plate(), overview(frame, two.region().bounds()))));
                    });
        }
    }

    /** The rows of a two-row candidate, the whole plate, where it is, its colour and what its rows read alone. */
    private record TwoRows(Mat upper, Mat lower, Mat plate, TextDetector.Box region, Background colour,
                           List<PlateRead> rowReads, Optional<Mat> upperLine, Optional<Mat> lowerLine) {
    }

    /**
     * A row of a found two-row plate, averaged with what the text detector's line on that row reads when both
     * reads have the same shape: a small plate's row split by the plate alone can read confidently wrong
     * ("BD" as "80") where the line's own crop does not, and the average then stays under the case threshold.
     */
    private List<TextRecognizer.Token> readRow(Mat row, Optional<Mat> line) {
        List<TextRecognizer.Token> tokens = reader.read(row);
        return line.flatMap(l -> TextRecognizer.Token.average(tokens, reader.read(l))).orElse(tokens);
    }

    /** The detector's line on the upper or lower row of a two-row plate, cut out by its own box, if one. */
    private static Optional<Mat> rowLine(Mat frame, PlateDetector.Plate plate, List<TextDetector.Box> lines,
                                         double split, boolean upper) {
        return lines.stream().filter(line -> plate.toPlate(new float[] {(float) line.centreX(),
                        (float) line.centreY()})[1] < split == upper).findFirst()
                .map(line -> crop(frame, line, WIDEN));
    }

    /** Whether a two-row read beats what one of its rows read alone (null: nothing). */
    private static boolean outweighs(PlateFormats.Decoded pair, PlateRead row) {
        return pair.confidence() > row.confidence()
                && pair.characters().length() > row.charConfidences().size();
    }

    /** A detected line cut out with some margin, and what it reads as. */
    record Line(Mat crop, Optional<PlateFormats.Decoded> plate) {
    }

    /**
     * A detected line read with {@code margin} heights at both ends: on a found plate rectified by the
     * plate's corners (perspective undone, the margin kept inside the plate, the plate's colour), else by
     * the line's own rotated box. A read on a plate under {@link #SECOND_OPINION} is read by the line's box
     * too: a plate's outline slightly off can cost a glyph its confidence (or add a smudge) where the box does
     * not. Two reads of one shape are averaged character by character, else the more confident stands.
     */
    private Line read(Mat frame, Optional<PlateDetector.Plate> plate, TextDetector.Box box, double margin) {
        if (plate.isEmpty()) {
            Mat boxed = crop(frame, box, margin);
            return new Line(boxed, PlateFormats.decode(reader.read(boxed), background(boxed)));
        }
        Background colour = plate.get().colour();
        Mat rectified = onPlate(frame, plate.get(), box, margin);
        List<TextRecognizer.Token> tokens = reader.read(rectified);
        Line onPlate = new Line(rectified, PlateFormats.decode(tokens, colour));
        if (confidence(onPlate) >= SECOND_OPINION) {
            return onPlate;
        }
        Mat byBox = crop(frame, box, margin);
        List<TextRecognizer.Token> second = reader.read(byBox);
        Optional<List<TextRecognizer.Token>> both = TextRecognizer.Token.average(tokens, second);
        if (both.isPresent()) {
            return new Line(rectified, PlateFormats.decode(both.get(), colour));
        }
        Line other = new Line(byBox, PlateFormats.decode(second, colour));
        return confidence(other) > confidence(onPlate) ? other : onPlate;
    }

    private static double confidence(Line line) {
        return line.plate().map(PlateFormats.Decoded::confidence).orElse(0.0);
    }

    /**
     * A one-row plate with no line found on it, read whole between its rims, with {@code margin} text
     * heights more at both ends: like a line, the outline can leave out a glyph (a shadow or a light
     * gradient cuts a white plate's region short, and "2-APT-646" read without its "2" is the German
     * "A PT 646").
     */
    private Line readWhole(Mat frame, PlateDetector.Plate plate, double margin) {
        double w = plate.width();
        double h = plate.height();
        double extra = margin * (1 - 2 * RIM) * h;
        Mat crop = Images.warp(frame, plate.inner(-extra, RIM * h, w + extra, (1 - RIM) * h),
                (int) Math.round(w + 2 * extra), (int) Math.round((1 - 2 * RIM) * h));
        return new Line(crop, PlateFormats.decode(reader.read(crop), plate.colour()));
    }

    /**
     * The part of the plate a line covers, in the plate's own rectified coordinates: the line's extent
     * there, {@code margin} line heights longer at both ends but no further than a fifth of a line height
     * past the plate's edges (beyond them are the EU band and the bumper).
     */
    private static Mat onPlate(Mat frame, PlateDetector.Plate plate, TextDetector.Box box, double margin) {
        float[] inPlate = plate.toPlate(box.corners());
        float x0 = Math.min(Math.min(inPlate[0], inPlate[2]), Math.min(inPlate[4], inPlate[6]));
        float x1 = Math.max(Math.max(inPlate[0], inPlate[2]), Math.max(inPlate[4], inPlate[6]));
        float y0 = Math.max(0, Math.min(Math.min(inPlate[1], inPlate[3]), Math.min(inPlate[5], inPlate[7])));
        float y1 = (float) Math.min(plate.height(), Math.max(Math.max(inPlate[1], inPlate[3]),
                Math.max(inPlate[5], inPlate[7])));
        double h = Math.max(1, y1 - y0);
        double left = Math.max(-0.2 * h, x0 - margin * h);
        double right = Math.min(plate.width() + 0.2 * h, x1 + margin * h);
        return Images.warp(frame, plate.inner(left, y0, right, y1), (int) Math.round(right - left), (int) Math.round(h));
    }

    /** A two-row plate rectified: its upper row, its lower row (split where the least ink is) and the whole plate. */
    private static Rows rows(Mat frame, PlateDetector.Plate plate) {
        double w = plate.width();
        double h = plate.height();
        Mat whole = Images.warp(frame, plate.corners(), (int) Math.round(w), (int) Math.round(h));
        int split = PlateDetector.rowSplit(whole);
        double rim = RIM * h / 2;
        Mat upper = Images.warp(frame, plate.inner(0, rim, w, split), (int) Math.round(w), (int) Math.round(split - rim));
        Mat lower = Images.warp(frame, plate.inner(0, split, w, h - rim), (int) Math.round(w),
                (int) Math.round(h - rim - split));
        return new Rows(upper, lower, whole, split);
    }

    /** A two-row plate's rows rectified, the whole plate, and where it splits in the plate's own coordinates. */
    private record Rows(Mat upper, Mat lower, Mat whole, int split) {
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
