package nl.opencordon.vehicleregister.rdw;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.DatabaseSettings;

/**
 * Command line import of an RDW bulk CSV export into the mirror (see persistence/README.md):
 * {@code RdwImportMain vehicles|fuels FILE [--restart]}. The database comes from anpr.persistence.db
 * (ANPR_DB_URL, ANPR_DB_USER, ANPR_DB_PASSWORD); run it again after an interruption to resume.
 */
public final class RdwImportMain {
  private RdwImportMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || !Files.isRegularFile(Path.of(args[1]))) {
      System.err.println("usage: RdwImportMain vehicles|fuels FILE.csv [--restart]");
      System.exit(2);
    }
    RdwDataset dataset = RdwDataset.valueOf(args[0].toUpperCase(Locale.ROOT));
    Path file = Path.of(args[1]);
    Config config = ConfigFactory.load();
    RdwSettings rdw = RdwSettings.fromConfig(config.getConfig("anpr.vehicle-register.rdw"));
    DatabaseSettings db = DatabaseSettings.fromConfig(config.getConfig("anpr.persistence.db"));
    if (db.embedded()) {
      System.err.println("set ANPR_DB_URL (e.g. jdbc:postgresql://127.0.0.1:5432/postgres)");
      System.exit(2);
    }
    try (Database database = Database.open(db)) {
      long[] nextReport = {rdw.importProgressEvery()};
      RdwImporter importer = new RdwImporter(database.dataSource(), rdw.importBatchSize(), p -> {
        if (p.rowsDone() >= nextReport[0]) {
          System.out.printf(Locale.ROOT, "%s: %,d rows, %,.0f rows/s%n", p.dataset(), p.rowsDone(), p.rowsPerSecond());
          nextReport[0] = p.rowsDone() + rdw.importProgressEvery();
        }
      });
      if (args.length > 2 && "--restart".equals(args[2])) {
        importer.forget(RdwImporter.sourceKey(dataset, file));
      }
      RdwImporter.Result r = importer.importFile(dataset, file);
      System.out.printf(Locale.ROOT, "%s: done, %,d rows written, %,d skipped, resumed after %,d, %.1f s, %,.0f rows/s%n",
          dataset, r.rowsWritten(), r.rowsSkipped(), r.resumedAfter(), r.took().toMillis() / 1000.0, r.rowsPerSecond());
    }
  }
}
