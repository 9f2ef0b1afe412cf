package nl.opencordon.vision.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

import nl.opencordon.vision.Images;
import nl.opencordon.vision.PlateRead;
import nl.opencordon.vision.PlateRecognizer;
import nl.opencordon.vision.VideoPlateSource;
import nl.opencordon.vision.synth.SyntheticScenes;

/**
 * Evaluates the recogniser in the tender's terms, one frame at a time on a single thread (OpenCV and ONNX
 * Runtime threading off), so CPU time gives frames per second per core. Two sets: seeded synthetic
 * frames (the default; seed disjoint from anything tuned on), or real labelled images ({@code --labels}).
 * Honours the {@code anpr.vision.*} system properties of {@link PlateRecognizer}.
 *
 * <p>Arguments: {@code [--labels FILE] [--report FILE.json] [--case-threshold 0.8] [--verbose]
 * [frames] [seed]}, {@code --layouts FRAMES [seed]} for that many synthetic frames of each EU layout
 * (two-row Dutch plates among them, posed harder), or {@code --video FILE} to play a video as the video camera driver does and give its
 * frames per second per core (motion gate included). A labels file has lines {@code image<TAB>plate}, alternatives separated by {@code |}
 * (a frame with two vehicles: either read counts), image paths relative to the file's folder or absolute,
 * {@code #} comments. Figures are given at the recogniser's minimum confidence and at the case threshold
 * (a read at or above it becomes a case without review), overall and per top folder of the image paths.
 */
public final class Evaluation {

    public static final long EVALUATION_SEED = 20_240_508;
    public static final int DEFAULT_FRAMES = 1000;
    /** The camera actor's default {@code anpr.actors.camera.confidence-threshold}. */
    public static final double DEFAULT_CASE_THRESHOLD = 0.8;

    /** An image and the plate texts a read may give; none when no plate is visible. */
    public record Sample(String name, Mat image, List<String> accepted) {
    }

    /** What the recogniser made of one sample, and the CPU time it took. */
    public record Outcome(Sample sample, List<PlateRead> reads, long cpuNanos) {

        boolean accepts(PlateRead read) {
            String text = normalise(read.text());
            return sample.accepted().stream().anyMatch(a -> normalise(a).equals(text));
        }
    }

    private Evaluation() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs an evaluation as the command line does; returns the process exit code (0 ok, 2 bad usage). */
    public static int run(String... args) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--verbose")) {
                options.put(args[i], "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        if (!List.of("--labels", "--report", "--case-threshold", "--verbose", "--video", "--scale", "--layouts").containsAll(options.keySet())
                || positional.size() > 2) {
            System.err.println("usage: Evaluation [--labels FILE [--scale 0.5]] [--report FILE.json] [--case-threshold 0.8]"
                    + " [--verbose] [frames] [seed]  |  Evaluation --layouts FRAMES [seed]  |  Evaluation --video FILE");
            return 2;
        }
        if (options.containsKey("--video")) {
            return stream(options.get("--video"));
        }
        double caseThreshold = Double.parseDouble(options.getOrDefault("--case-threshold",
                String.valueOf(DEFAULT_CASE_THRESHOLD)));
        String title;
        List<Sample> samples;
        try {
            if (options.containsKey("--labels")) {
                Path labels = Path.of(options.get("--labels"));
                double scale = Double.parseDouble(options.getOrDefault("--scale", "1"));
                samples = labelled(labels).stream().map(s -> scaled(s, scale)).toList();
                title = String.format(Locale.ROOT, "%d labelled images from %s%s", samples.size(), labels,
                        scale == 1 ? "" : String.format(Locale.ROOT, " scaled by %.2f", scale));
            } else if (options.containsKey("--layouts")) {
                int frames = Integer.parseInt(options.get("--layouts"));
                long seed = positional.isEmpty() ? EVALUATION_SEED : Long.parseLong(positional.get(0));
                samples = perLayout(frames, seed);
                title = String.format("%d synthetic frames per layout, seed %d", frames, seed);
            } else {
                int frames = positional.isEmpty() ? DEFAULT_FRAMES : Integer.parseInt(positional.get(0));
                long seed = positional.size() > 1 ? Long.parseLong(positional.get(1)) : EVALUATION_SEED;
                samples = synthetic(frames, seed);
                title = String.format("%d synthetic frames, seed %d", frames, seed);
            }
            List<Outcome> outcomes;
            try (PlateRecognizer recognizer = PlateRecognizer.fromSystemProperties()) {
                outcomes = evaluate(recognizer, samples);
            }
            EvaluationMetrics all = EvaluationMetrics.of(outcomes, 0);
            EvaluationMetrics atCase = EvaluationMetrics.of(outcomes, caseThreshold);
            PrintStream out = System.out;
            out.printf("ANPR vision evaluation: %s, min confidence %s%n%s", title,
                    System.getProperty(PlateRecognizer.MIN_CONFIDENCE_PROPERTY,
                            String.valueOf(PlateRecognizer.DEFAULT_MIN_CONFIDENCE)), all.report());
            out.printf(Locale.ROOT, "at the case threshold %.2f: %d read, %d correct, %d wrong%n", caseThreshold,
                    atCase.preg(), atCase.pbet(), atCase.perr());
            out.printf(Locale.ROOT, "summary: top-1 %.1f %% (%d of %d), wrong at >= %.2f: %d (of which %d phantom),"
                            + " phantoms %d, %.1f frames/s per core%n", 100 * all.top1(), all.pbet(), all.ptot(),
                    caseThreshold, atCase.perr(), atCase.phantom(), all.phantom(), all.framesPerSecondPerCore());
            outcomes.stream().flatMap(o -> o.reads().stream().filter(r -> !o.accepts(r)))
                    .mapToDouble(PlateRead::confidence).max().ifPresent(c -> out.printf(Locale.ROOT,
                            "calibration: the most confident wrong or phantom read has %.2f%n", c));
            byFolder(outcomes).forEach((folder, part) -> {
                EvaluationMetrics m = EvaluationMetrics.of(part, 0);
                out.printf(Locale.ROOT, "  %-12s %3d images: top-1 %5.1f %%, read %5.1f %%, %d wrong (%d at >= %.2f),"
                                + " %.1f frames/s per core%n", folder, m.ptot(), 100 * m.top1(), 100 * m.hitRate(),
                        m.perr(), EvaluationMetrics.of(part, caseThreshold).perr(), caseThreshold,
                        m.framesPerSecondPerCore());
            });
            if (options.containsKey("--verbose")) {
                outcomes.stream().filter(o -> o.sample().accepted().isEmpty() ? !o.reads().isEmpty()
                                : o.reads().isEmpty() || !o.reads().stream().allMatch(o::accepts))
                        .forEach(o -> out.printf(Locale.ROOT, "  miss %s %s -> %s%n", o.sample().name(),
                                o.sample().accepted(), o.reads().stream()
                                        .map(r -> String.format(Locale.ROOT, "%s %.2f", r.text(), r.confidence())).toList()));
            }
            if (options.containsKey("--report")) {
                Path report = Path.of(options.get("--report"));
                if (report.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(report.toAbsolutePath().getParent());
                }
                Files.writeString(report, all.json(caseThreshold, atCase));
                out.println("written to " + report);
            }
            return 0;
        } catch (IOException e) {
            System.err.println("evaluation failed: " + e);
            return 1;
        }
    }

    /**
     * Plays a video as the video camera driver does (motion gate, merging) and reports the frames per
     * second per core of the playing thread: decoding, the gate and recognition of the moving frames.
     */
    private static int stream(String video) {
        opencv_core.setNumThreads(1);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (PlateRecognizer recognizer = PlateRecognizer.fromSystemProperties()) {
            VideoPlateSource source = new VideoPlateSource(video, recognizer, VideoPlateSource.DEFAULT_MERGE_WINDOW);
            int[] passages = {0};
            long before = threads.getCurrentThreadCpuTime();
            int frames = source.run(Instant.EPOCH, p -> passages[0]++);
            double seconds = (threads.getCurrentThreadCpuTime() - before) / 1e9;
            System.out.printf(Locale.ROOT, "ANPR vision stream: %s%n%d frames, %d with motion, %d of them read,"
                    + " %d passages, %.1f frames/s per core%n", video, frames, source.framesRead() + source.framesHeld(),
                    source.framesRead(), passages[0], frames / seconds);
            return 0;
        } catch (FrameGrabber.Exception e) {
            System.err.println("cannot play " + video + ": " + e);
            return 1;
        }
    }

    /** Reads every sample once after a warm-up read (class loading, ONNX session start). */
    public static List<Outcome> evaluate(PlateRecognizer recognizer, List<Sample> samples) {
        opencv_core.setNumThreads(1);
        if (!samples.isEmpty()) {
            recognizer.recognize(samples.get(0).image());
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Outcome> outcomes = new ArrayList<>();
        for (Sample sample : samples) {
            long before = threads.getCurrentThreadCpuTime();
            List<PlateRead> reads = recognizer.recognize(sample.image());
            outcomes.add(new Outcome(sample, reads, threads.getCurrentThreadCpuTime() - before));
        }
        return outcomes;
    }

    public static List<Sample> synthetic(int frames, long seed) {
        return IntStream.range(0, frames).parallel().mapToObj(i -> SyntheticScenes.scene(seed, i))
                .map(s -> new Sample("synthetic/" + s.plates(), s.image(), s.plates())).toList();
    }

    /** {@code frames} scenes of each of {@link SyntheticScenes.Layout}, named by layout (one line each in the report). */
    public static List<Sample> perLayout(int frames, long seed) {
        return Arrays.stream(SyntheticScenes.Layout.values()).flatMap(layout -> IntStream.range(0, frames).parallel()
                        .mapToObj(i -> SyntheticScenes.layoutScene(seed, i, layout))
                        .map(s -> new Sample(layout.name().toLowerCase(Locale.ROOT) + "/" + s.plates(), s.image(),
                                s.plates())))
                .toList();
    }

    /** The images of a labels file (see the class comment), in file order. */
    public static List<Sample> labelled(Path labels) throws IOException {
        Path folder = labels.toAbsolutePath().getParent();
        List<Sample> samples = new ArrayList<>();
        for (String line : Files.readAllLines(labels)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            if (fields.length != 2) {
                throw new IOException("expected image<TAB>plate: " + line);
            }
            Path image = folder.resolve(fields[0].trim());
            Mat mat = opencv_imgcodecs.imread(image.toString());
            if (mat.empty()) {
                throw new IOException("cannot read image " + image);
            }
            samples.add(new Sample(fields[0].trim(), mat, Arrays.stream(fields[1].split("\\|")).map(String::trim).toList()));
        }
        return samples;
    }

    /**
     * The sample shrunk by {@code scale} and stored as a JPEG of quality 75 again: a plate further from
     * the camera, or a cheaper camera, as a harder set from the same labelled photos.
     */
    static Sample scaled(Sample sample, double scale) {
        if (scale == 1) {
            return sample;
        }
        Mat small = new Mat();
        opencv_imgproc.resize(sample.image(), small, new Size(), scale, scale, opencv_imgproc.INTER_AREA);
        Mat jpeg = Images.decode(Images.encode(small, ".jpg", opencv_imgcodecs.IMWRITE_JPEG_QUALITY, 75));
        return new Sample(sample.name(), jpeg, sample.accepted());
    }

    /** Outcomes grouped by the first folder of the image name ("frames", "crops"), when there are several. */
    private static Map<String, List<Outcome>> byFolder(List<Outcome> outcomes) {
        Map<String, List<Outcome>> groups = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            String name = o.sample().name();
            String folder = name.contains("/") ? name.substring(0, name.indexOf('/')) : ".";
            groups.computeIfAbsent(folder, f -> new ArrayList<>()).add(o);
        }
        return groups.size() > 1 ? groups : Map.of();
    }

    static String normalise(String plate) {
        return plate.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }
}
