package nl.opencordon.vision.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a labels file into a tuning part and a test part by a rule fixed before any result was looked
 * at: lines that share a plate (a frame, its crop, a second photo of the same car) form one vehicle, and a
 * vehicle goes to the test part when the first byte of the SHA-256 of its alphabetically first plate
 * (upper case, no separators) is even. So no vehicle is in both parts, and anyone can recompute the split.
 *
 * <p>Arguments: {@code labels.tsv}; writes {@code tune.tsv} and {@code test.tsv} beside it.
 */
public final class Split {

    public static final String TUNE = "tune.tsv";
    public static final String TEST = "test.tsv";

    /** The two parts of a labels file, each as the lines of a labels file. */
    public record Parts(List<String> tune, List<String> test) {
    }

    private Split() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Split labels.tsv");
            System.exit(2);
        }
        Path labels = Path.of(args[0]).toAbsolutePath();
        Parts parts = of(Files.readAllLines(labels));
        Files.write(labels.resolveSibling(TUNE), withHeader("tuning", parts.tune()));
        Files.write(labels.resolveSibling(TEST), withHeader("test", parts.test()));
        System.out.printf("%d lines to %s, %d to %s%n", parts.tune().size(), TUNE, parts.test().size(), TEST);
    }

    static List<String> withHeader(String part, List<String> lines) {
        List<String> out = new ArrayList<>();
        out.add("# the " + part + " part of labels.tsv, written by nl.opencordon.vision.eval.Split (do not edit:"
                + " rerun it); a vehicle is in the test part when the first byte of the SHA-256 of its first plate is even");
        out.addAll(lines);
        return out;
    }

    /** Splits the label lines (comments and blank lines dropped), keeping their order. */
    public static Parts of(List<String> labelLines) {
        List<String> lines = labelLines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        Map<String, String> parent = new HashMap<>();
        List<List<String>> platesOf = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split("\t");
            List<String> plates = Arrays.stream(fields[fields.length - 1].split("\\|")).map(Evaluation::normalise).toList();
            platesOf.add(plates);
            plates.forEach(p -> parent.putIfAbsent(p, p));
            plates.forEach(p -> union(parent, plates.get(0), p));
        }
        Map<String, String> firstPlate = new HashMap<>();
        parent.keySet().stream().sorted().forEach(p -> firstPlate.putIfAbsent(root(parent, p), p));
        List<String> tune = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String vehicle = firstPlate.get(root(parent, platesOf.get(i).get(0)));
            (inTestPart(vehicle) ? test : tune).add(lines.get(i));
        }
        return new Parts(tune, test);
    }

    static boolean inTestPart(String plate) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(plate.getBytes(StandardCharsets.UTF_8));
            return (hash[0] & 1) == 0;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String root(Map<String, String> parent, String plate) {
        String p = plate;
        while (!parent.get(p).equals(p)) {
            p = parent.get(p);
        }
        return p;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = root(parent, a);
        String rb = root(parent, b);
        if (!ra.equals(rb)) {
            boolean aFirst = ra.compareTo(rb) < 0;
            parent.put(aFirst ? rb : ra, aFirst ? ra : rb);
        }
    }
}
