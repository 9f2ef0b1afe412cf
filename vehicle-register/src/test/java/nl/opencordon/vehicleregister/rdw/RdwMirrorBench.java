package nl.opencordon.vehicleregister.rdw;

import com.typesafe.config.ConfigFactory;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import nl.opencordon.domain.Plate;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.TestDatabase;

/**
 * Import rate and mirror lookup latency on the test PostgreSQL (see persistence/README.md):
 * generates vehicle, fuel and carrosserie exports of N rows (default 1,000,000), carrosserie specificatie rows for
 * every tenth and bijzonderheden for every hundredth vehicle, imports them into a fresh schema, then
 * times lookups of random plates through {@link RdwVehicleRegister} (mirror hits, executor hop included).
 * Prints the figures and writes them to target/rdw-bench.txt.
 */
public final class RdwMirrorBench {
  private RdwMirrorBench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    Path dir = Files.createDirectories(Path.of("target"));
    Path vehicles = dir.resolve("bench-vehicles-" + rows + ".csv");
    Path fuels = dir.resolve("bench-fuels-" + rows + ".csv");
    Path bodies = dir.resolve("bench-bodies-" + rows + ".csv");
    try (Writer w = Files.newBufferedWriter(vehicles, StandardCharsets.UTF_8)) {
      RdwCsvGenerator.vehicles(w, rows);
    }
    try (Writer w = Files.newBufferedWriter(fuels, StandardCharsets.UTF_8)) {
      RdwCsvGenerator.fuels(w, rows);
    }
    try (Writer w = Files.newBufferedWriter(bodies, StandardCharsets.UTF_8)) {
      RdwCsvGenerator.bodies(w, rows);
    }
    Path specifics = dir.resolve("bench-body-specifics-" + rows + ".csv");
    try (Writer w = Files.newBufferedWriter(specifics, StandardCharsets.UTF_8)) {
      RdwCsvGenerator.bodySpecifics(w, rows);
    }
    Path particulars = dir.resolve("bench-particulars-" + rows + ".csv");
    try (Writer w = Files.newBufferedWriter(particulars, StandardCharsets.UTF_8)) {
      RdwCsvGenerator.particulars(w, rows);
    }
    RdwSettings settings = RdwSettings.fromConfig(ConfigFactory.defaultReference().getConfig("anpr.vehicle-register.rdw"))
        .withBaseUrl(URI.create("http://127.0.0.1:9")); // never asked: every plate is in the mirror
    StringBuilder report = new StringBuilder();
    ExecutorService blocking = Executors.newFixedThreadPool(4);
    try (Database db = Database.open(TestDatabase.freshSchema())) {
      RdwImporter importer = new RdwImporter(db.dataSource(), settings.importBatchSize(),
          p -> System.out.printf(Locale.ROOT, "%s: %,d rows, %,.0f rows/s%n", p.dataset(), p.rowsDone(), p.rowsPerSecond()));
      for (Map.Entry<RdwDataset, Path> e : List.of(Map.entry(RdwDataset.VEHICLES, vehicles),
          Map.entry(RdwDataset.FUELS, fuels), Map.entry(RdwDataset.BODIES, bodies),
          Map.entry(RdwDataset.BODY_SPECIFICS, specifics), Map.entry(RdwDataset.PARTICULARS, particulars))) {
        RdwDataset dataset = e.getKey();
        Path file = e.getValue();
        RdwImporter.Result r = importer.importFile(dataset, file);
        report.append(String.format(Locale.ROOT, "import %s: %,d rows (%,d MB) in %.1f s = %,.0f rows/s, batch %d%n",
            dataset, r.rowsWritten(), Files.size(file) >> 20, r.took().toMillis() / 1000.0, r.rowsPerSecond(),
            settings.importBatchSize()));
      }
      RdwVehicleRegister register = new RdwVehicleRegister(new RdwMirror(db.dataSource()),
          RdwClient.create(settings), blocking);
      SplittableRandom random = new SplittableRandom(1);
      for (int i = 0; i < 2_000; i++) { // warm up JIT and pool
        register.lookup(Plate.dutch(RdwCsvGenerator.plate(random.nextInt(rows)))).toCompletableFuture().get();
      }
      long[] micros = new long[lookups];
      for (int i = 0; i < lookups; i++) {
        Plate p = Plate.dutch(RdwCsvGenerator.plate(random.nextInt(rows)));
        long t = System.nanoTime();
        if (register.lookup(p).toCompletableFuture().get().isEmpty()) {
          throw new IllegalStateException("mirror lacks " + p);
        }
        micros[i] = (System.nanoTime() - t) / 1_000;
      }
      Arrays.sort(micros);
      report.append(String.format(Locale.ROOT, "mirror lookup (%,d random plates of %,d, sequential): p50 %.2f ms, "
              + "p99 %.2f ms, max %.2f ms%n", lookups, rows, micros[lookups / 2] / 1000.0,
          micros[(int) (lookups * 0.99)] / 1000.0, micros[lookups - 1] / 1000.0));
    } finally {
      blocking.shutdownNow();
    }
    report.append(String.format(Locale.ROOT, "machine: %d cores, java %s, %s%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), TestDatabase.BASE_URL));
    System.out.print(report);
    Files.writeString(dir.resolve("rdw-bench.txt"), report);
  }
}
