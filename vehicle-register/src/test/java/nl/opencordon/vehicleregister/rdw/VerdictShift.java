package nl.opencordon.vehicleregister.rdw;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.Regime;
import nl.opencordon.domain.VehicleFacts;
import nl.opencordon.domain.Verdict;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * How many verdicts change between the regime code at a git commit ("before", default 82c60dd) and this
 * tree ("after"), on the Amsterdam traffic mix (testdata/rdw, 52,198 passages of 2021-09-01). The before
 * code is the commit's own: its domain and RDW mapping (RdwRecord, RdwVehicle, RdwFuel, RdwValues) are taken
 * with {@code git archive} into a temporary folder, compiled, and loaded in a class loader of their own. Both
 * sides get the same RDW fields from each row and map them with their own code. The mix has no massa rijklaar
 * and no emission code: the euro level of its VERSIT class stands in for uitlaatemissieniveau. It has no
 * carrosserie, carrosserie specificatie or bijzonderheden either: each car, bus and goods vehicle gets the
 * carrosserie code RDW registers for its kind ({@link #bodies}) and no specific number or bijzonderheid (known
 * none, as from the API), so no row is wheelchair accessible or a special truck, and none is UNKNOWN for want of
 * them.
 *
 * <p>Run from the repository root: {@code mvn -B -q -o -Pverdict-shift -pl vehicle-register -am -DskipTests test}
 * (arguments in {@code -Dverdict-shift.args="COMMIT MIX.csv"}); writes target/verdict-shift.txt.
 */
public final class VerdictShift {
  private static final Pattern FUEL = Pattern.compile("'volgnr': (\\d+), 'brandstof': '([^']*)'");
  private static final Pattern VERSIT_EURO = Pattern.compile("EU[A-Z]?(\\d)");
  private static final String RDW = "vehicle-register/src/main/java/nl/opencordon/vehicleregister/rdw/";
  private static final String PKG = "nl.opencordon.";

  /** A zone setting and day, the same for both sides. */
  record Scenario(String name, LocalDate day, Function<Side, Object> regime) {}

  /** One side's code: builds its facts from RDW fields and evaluates its regimes. */
  interface Side {
    Object zeroEmission();

    Object milieuzone();

    /** Amsterdam's milieuzone: green, diesel cars by class and the 2006 date rule (MZ-8), mopeds from 2011. */
    Object amsterdam();

    /** "OUTCOME RULE" of the regime on the row's fields (carrosserie rows where the side's code reads them). */
    String verdict(Object regime, Map<String, String> vehicle, List<Map<String, String>> fuels,
                   List<Map<String, String>> bodies, LocalDate day);
  }

  public static void main(String[] args) throws Exception {
    String commit = args.length > 0 ? args[0] : "82c60dd";
    Path mix = Path.of(args.length > 1 ? args[1] : "../testdata/rdw/amsterdam-milieuzone-vehicle-mix-2021-09-01.csv");
    Side before = before(commit);
    Side after = new After();
    List<Scenario> scenarios = List.of(
        new Scenario("ZE-zone (national dates)", LocalDate.of(2026, 6, 1), Side::zeroEmission),
        new Scenario("ZE-zone (national dates)", LocalDate.of(2028, 6, 1), Side::zeroEmission),
        new Scenario("ZE-zone (national dates)", LocalDate.of(2029, 6, 1), Side::zeroEmission),
        new Scenario("milieuzone green, mopeds from 2011", LocalDate.of(2026, 6, 1), Side::milieuzone),
        new Scenario("milieuzone Amsterdam (MZ-8 date rule, mopeds from 2011, four-stroke 2008-2010)",
            LocalDate.of(2026, 6, 1), Side::amsterdam));

    List<CSVRecord> rows;
    try (Reader in = Files.newBufferedReader(mix)) {
      rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in).getRecords();
    }
    StringBuilder out = new StringBuilder("Verdict changes, code at " + commit + " -> this tree, on " + mix.getFileName()
        + "\n(per 10,000 passages; a passage counts with the row's count)\n");
    for (Scenario s : scenarios) {
      Object b = s.regime().apply(before);
      Object a = s.regime().apply(after);
      long total = 0;
      long changed = 0;
      Map<String, Long> byChange = new TreeMap<>();
      Map<String, String> example = new HashMap<>();
      for (CSVRecord row : rows) {
        long n = Long.parseLong(row.get("count"));
        total += n;
        if (!Plate.NL.equals(row.get("kenteken_land"))) {
          continue;  // no facts on either side
        }
        Map<String, String> vehicle = vehicle(row);
        List<Map<String, String>> fuels = fuels(row);
        List<Map<String, String>> bodies = bodies(row);
        String vb = before.verdict(b, vehicle, fuels, bodies, s.day());
        String va = after.verdict(a, vehicle, fuels, bodies, s.day());
        if (!vb.equals(va)) {
          changed += n;
          byChange.merge(vb + " -> " + va, n, Long::sum);
          example.putIfAbsent(vb + " -> " + va, String.join(" ", row.get("europese_voertuigcategorie"),
              row.get("inrichting"), row.get("toegestane_maximum_massa_voertuig") + " kg", row.get("versit_klasse"),
              row.get("datum_eerste_toelating")));
        }
      }
      out.append(String.format("%n%s on %s: %,d passages, %.1f per 10,000 change verdict%n", s.name(), s.day(), total,
          per10k(changed, total)));
      long all = total;
      byChange.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(e -> out.append(String.format("  %7.1f  %s (%,d; e.g. %s)%n", per10k(e.getValue(), all), e.getKey(),
              e.getValue(), example.get(e.getKey()))));
    }
    System.out.print(out);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "verdict-shift.txt"), out);
  }

  private static double per10k(long n, long total) {
    return total == 0 ? 0 : 10_000.0 * n / total;
  }

  /** The row as RDW m9d7-ebf2 fields; blank values left out, as the API does. */
  static Map<String, String> vehicle(CSVRecord row) {
    Map<String, String> v = new HashMap<>();
    v.put("kenteken", "VX123B");
    putIfPresent(v, "voertuigsoort", row.get("voertuig_soort"));
    putIfPresent(v, "europese_voertuigcategorie", row.get("europese_voertuigcategorie"));
    putIfPresent(v, "inrichting", row.get("inrichting"));
    putIfPresent(v, "datum_eerste_toelating", row.get("datum_eerste_toelating"));
    putIfPresent(v, "toegestane_maximum_massa_voertuig", row.get("toegestane_maximum_massa_voertuig"));
    return v;
  }

  /** The row's fuels as 8ys7-d773 rows; the VERSIT euro level on the first. */
  static List<Map<String, String>> fuels(CSVRecord row) {
    List<Map<String, String>> out = new ArrayList<>();
    Matcher m = FUEL.matcher(row.get("brandstoffen"));
    Matcher euro = VERSIT_EURO.matcher(row.get("versit_klasse"));
    String level = euro.find() ? "EURO " + euro.group(1) : null;
    while (m.find()) {
      Map<String, String> f = new HashMap<>();
      f.put("kenteken", "VX123B");
      f.put("brandstof_volgnummer", m.group(1));
      putIfPresent(f, "brandstof_omschrijving", m.group(2));
      if (out.isEmpty() && level != null) {
        f.put("uitlaatemissieniveau", level);
      }
      out.add(f);
    }
    return out;
  }

  /**
   * A vehicle's carrosserie row as vezc-m2t6 has it for its kind: BB van, BC tractor, BA lorry, AA car, CA bus
   * (none of them SH); none for other categories (mopeds, motorcycles), as in RDW's register.
   */
  static List<Map<String, String>> bodies(CSVRecord row) {
    String category = row.get("europese_voertuigcategorie");
    String code = category.equals("M1") ? "AA" : category.startsWith("M") ? "CA" : !category.startsWith("N") ? null
        : category.equals("N1") ? "BB" : row.get("inrichting").toLowerCase(Locale.ROOT).contains("opleggertrekker")
        ? "BC" : "BA";
    if (code == null) {
      return List.of();
    }
    return List.of(Map.of("kenteken", "VX123B", "carrosserie_volgnummer", "1", "carrosserietype", code));
  }

  private static void putIfPresent(Map<String, String> m, String key, String value) {
    if (value != null && !value.isBlank()) {
      m.put(key, value);
    }
  }

  static final LocalDate CUTOFF = LocalDate.of(2025, 1, 1);
  static final LocalDate VAN5 = LocalDate.of(2026, 12, 31);
  static final LocalDate VAN6 = LocalDate.of(2027, 12, 31);
  static final LocalDate HEAVY = LocalDate.of(2029, 12, 31);
  static final LocalDate MOPEDS_FROM = LocalDate.of(2011, 1, 1);
  static final LocalDate FOUR_STROKE_FROM = LocalDate.of(2008, 1, 1);
  static final LocalDate DIESEL_CARS_FROM = LocalDate.of(2006, 1, 1);

  /** This tree's code. */
  static final class After implements Side {
    @Override
    public Object zeroEmission() {
      return new Regime.ZeroEmission(CUTOFF, VAN5, VAN6, HEAVY);
    }

    @Override
    public Object milieuzone() {
      return new Regime.Milieuzone(4, 6, MOPEDS_FROM, 40);
    }

    @Override
    public Object amsterdam() {
      return new Regime.Milieuzone(4, 6, null, MOPEDS_FROM, FOUR_STROKE_FROM, DIESEL_CARS_FROM, 40, null);
    }

    @Override
    public String verdict(Object regime, Map<String, String> vehicle, List<Map<String, String>> fuels,
                          List<Map<String, String>> bodies, LocalDate day) {
      Optional<VehicleFacts> facts = new RdwRecord(RdwVehicle.fromFields(vehicle::get),
          fuels.stream().map(f -> RdwFuel.fromFields(f::get)).toList(),
          bodies.stream().map(b -> RdwBody.fromFields(b::get)).toList(), List.of(), List.of())
          .toFacts(Plate.dutch(vehicle.get("kenteken")));
      Verdict v = facts.map(f -> ((Regime) regime).evaluate(f, day)).orElse(null);
      return v == null ? "UNKNOWN VF-0" : v.outcome() + " " + v.ruleId();
    }
  }

  /** The commit's code, compiled into a temporary folder and loaded apart from this tree's classes. */
  static Side before(String commit) throws Exception {
    Path root = Path.of("..");
    Path src = Files.createTempDirectory("verdict-shift-src");
    Path classes = Files.createTempDirectory("verdict-shift-classes");
    List<String> paths = new ArrayList<>(List.of("domain/src/main/java", RDW + "RdwRecord.java", RDW + "RdwVehicle.java",
        RDW + "RdwFuel.java", RDW + "RdwValues.java"));
    // The carrosserie rows came with V50: a commit before them has no RdwBody.
    if (new ProcessBuilder("git", "-C", root.toString(), "cat-file", "-e", commit + ":" + RDW + "RdwBody.java")
        .start().waitFor() == 0) {
      paths.add(RDW + "RdwBody.java");
    }
    List<String> archive = new ArrayList<>(List.of("git", "-C", root.toString(), "archive", commit));
    archive.addAll(paths);
    Process git = new ProcessBuilder(archive).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Process tar = new ProcessBuilder("tar", "-x", "-C", src.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (InputStream in = git.getInputStream(); var toTar = tar.getOutputStream()) {
      in.transferTo(toTar);
    }
    if (git.waitFor() != 0 || tar.waitFor() != 0) {
      throw new IOException("git archive " + commit + " failed");
    }
    // The libraries the commit's domain compiles against (Config, and Jackson for its Json), from this classpath.
    List<URL> libraries = new ArrayList<>();
    for (Class<?> c : List.of(Config.class, com.fasterxml.jackson.databind.ObjectMapper.class,
        com.fasterxml.jackson.core.JsonFactory.class, com.fasterxml.jackson.annotation.JsonProperty.class,
        com.fasterxml.jackson.datatype.jdk8.Jdk8Module.class, com.fasterxml.jackson.datatype.jsr310.JavaTimeModule.class)) {
      libraries.add(c.getProtectionDomain().getCodeSource().getLocation());
    }
    StringBuilder classpath = new StringBuilder();
    for (URL u : libraries) {
      classpath.append(classpath.length() == 0 ? "" : java.io.File.pathSeparator).append(Path.of(u.toURI()));
    }
    List<String> javac = new ArrayList<>(List.of("-d", classes.toString(), "-cp", classpath.toString(), "-nowarn",
        "-proc:none"));
    try (Stream<Path> files = Files.walk(src)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> javac.add(p.toString()));
    }
    if (ToolProvider.getSystemJavaCompiler().run(null, null, System.err, javac.toArray(String[]::new)) != 0) {
      throw new IOException("the code at " + commit + " does not compile");
    }
    libraries.add(0, classes.toUri().toURL());
    URLClassLoader loader = new URLClassLoader(libraries.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    return new Reflected(loader);
  }

  /** Calls the old classes by reflection: they have the same names as this tree's, in another loader. */
  static final class Reflected implements Side {
    private final Class<?> zeroEmission;
    private final Class<?> milieuzone;
    private final Method vehicleFromFields;
    private final Method fuelFromFields;
    private final Method bodyFromFields;
    private final Class<?> exempt;
    private final java.lang.reflect.Constructor<?> record;
    private final Method toFacts;
    private final Method evaluate;
    private final Method outcome;
    private final Method ruleId;
    private final Object plate;
    private final Map<String, Object> cache = new LinkedHashMap<>();

    Reflected(ClassLoader loader) throws ReflectiveOperationException {
      Class<?> vehicle = loader.loadClass(PKG + "vehicleregister.rdw.RdwVehicle");
      Class<?> fuel = loader.loadClass(PKG + "vehicleregister.rdw.RdwFuel");
      Class<?> plateClass = loader.loadClass(PKG + "domain.Plate");
      Class<?> facts = loader.loadClass(PKG + "domain.VehicleFacts");
      Class<?> regime = loader.loadClass(PKG + "domain.Regime");
      Class<?> verdict = loader.loadClass(PKG + "domain.Verdict");
      zeroEmission = loader.loadClass(PKG + "domain.Regime$ZeroEmission");
      milieuzone = loader.loadClass(PKG + "domain.Regime$Milieuzone");
      vehicleFromFields = vehicle.getMethod("fromFields", Function.class);
      fuelFromFields = fuel.getMethod("fromFields", Function.class);
      exempt = loader.loadClass(PKG + "domain.Regime$Exempt");
      Class<?> recordClass = loader.loadClass(PKG + "vehicleregister.rdw.RdwRecord");
      Class<?> body = bodyClass(loader);
      bodyFromFields = body == null ? null : body.getMethod("fromFields", Function.class);
      record = body == null ? recordClass.getConstructor(vehicle, List.class)
          : recordClass.getConstructor(vehicle, List.class, List.class);
      toFacts = recordClass.getMethod("toFacts", plateClass);
      evaluate = regime.getMethod("evaluate", facts, LocalDate.class);
      outcome = verdict.getMethod("outcome");
      ruleId = verdict.getMethod("ruleId");
      plate = plateClass.getMethod("dutch", String.class).invoke(null, "VX123B");
    }

    @Override
    public Object zeroEmission() {
      return cache.computeIfAbsent("ze", k -> construct(zeroEmission, new Class<?>[] {LocalDate.class, LocalDate.class,
          LocalDate.class, LocalDate.class}, CUTOFF, VAN5, VAN6, HEAVY));
    }

    @Override
    public Object milieuzone() {
      return cache.computeIfAbsent("mz", k -> construct(milieuzone, new Class<?>[] {int.class, int.class,
          LocalDate.class, int.class}, 4, 6, MOPEDS_FROM, 40));
    }

    @Override
    public Object amsterdam() {
      return cache.computeIfAbsent("amsterdam", k -> construct(milieuzone, new Class<?>[] {int.class, int.class,
          Set.class, LocalDate.class, LocalDate.class, LocalDate.class, int.class, exempt}, 4, 6, null, MOPEDS_FROM,
          FOUR_STROKE_FROM, DIESEL_CARS_FROM, 40, null));
    }

    private static Class<?> bodyClass(ClassLoader loader) {
      try {
        return loader.loadClass(PKG + "vehicleregister.rdw.RdwBody");
      } catch (ClassNotFoundException e) {
        return null;
      }
    }

    private static Object construct(Class<?> type, Class<?>[] params, Object... args) {
      try {
        return type.getConstructor(params).newInstance(args);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public String verdict(Object regime, Map<String, String> vehicle, List<Map<String, String>> fuels,
                          List<Map<String, String>> bodies, LocalDate day) {
      try {
        Function<String, String> fields = vehicle::get;
        List<Object> fuelRows = new ArrayList<>();
        for (Map<String, String> f : fuels) {
          Function<String, String> ff = f::get;
          fuelRows.add(fuelFromFields.invoke(null, ff));
        }
        Object v0 = vehicleFromFields.invoke(null, fields);
        Object rec;
        if (bodyFromFields == null) {
          rec = record.newInstance(v0, fuelRows);
        } else {
          List<Object> bodyRows = new ArrayList<>();
          for (Map<String, String> b : bodies) {
            Function<String, String> bf = b::get;
            bodyRows.add(bodyFromFields.invoke(null, bf));
          }
          rec = record.newInstance(v0, fuelRows, bodyRows);
        }
        Optional<?> facts = (Optional<?>) toFacts.invoke(rec, plate);
        if (facts.isEmpty()) {
          return "UNKNOWN VF-0";
        }
        Object v = evaluate.invoke(regime, facts.get(), day);
        return outcome.invoke(v) + " " + ruleId.invoke(v);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
