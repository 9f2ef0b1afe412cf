package nl.opencordon.vehicleregister.rdw;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.DatabaseSettings;

/**
 * Import of an RDW bulk CSV export into the mirror (see vehicle-register/README.md), behind
 * {@code bin/cordon rdw-import vehicles|fuels|bodies|body-specifics|particulars FILE [--restart]}. The database comes from anpr.persistence.db
 * (ANPR_DB_URL, ANPR_DB_USER, ANPR_DB_PASSWORD); run it again after an interruption to resume.
 */
public final class RdwImport {
  private RdwImport() {}

  /**
   * Imports one bulk export into the mirror, printing progress; resumes an interrupted import of the same file.
   *
   * @param config the whole configuration (anpr.persistence.db, anpr.vehicle-register.rdw)
   * @return the exit code
   */
  public static int run(Config config, RdwDataset dataset, Path file, boolean restart) {
    if (!Files.isRegularFile(file)) {
      System.err.println("no such file: " + file);
      return 2;
    }
    RdwSettings rdw = RdwSettings.fromConfig(config.getConfig("anpr.vehicle-register.rdw"));
    DatabaseSettings db = DatabaseSettings.fromConfig(config.getConfig("anpr.persistence.db"));
    if (db.embedded()) {
      System.err.println("set anpr.persistence.db.url or ANPR_DB_URL (e.g. jdbc:postgresql://127.0.0.1:5432/cordon)");
      return 2;
    }
    try (Database database = Database.open(db)) {
      long[] nextReport = {rdw.importProgressEvery()};
      RdwImporter importer = new RdwImporter(database.dataSource(), rdw.importBatchSize(), p -> {
        if (p.rowsDone() >= nextReport[0]) {
          System.out.printf(Locale.ROOT, "%s: %,d rows, %,.0f rows/s%n", p.dataset(), p.rowsDone(), p.rowsPerSecond());
          nextReport[0] = p.rowsDone() + rdw.importProgressEvery();
        }
      });
      if (restart) {
        importer.forget(RdwImporter.sourceKey(dataset, file));
      }
      RdwImporter.Result r = importer.importFile(dataset, file);
      System.out.printf(Locale.ROOT, "%s: done, %,d rows written, %,d skipped, resumed after %,d, %.1f s, %,.0f rows/s%n",
          dataset, r.rowsWritten(), r.rowsSkipped(), r.resumedAfter(), r.took().toMillis() / 1000.0, r.rowsPerSecond());
      return 0;
    } catch (Exception e) {
      System.err.println("import failed: " + e.getMessage());
      return 1;
    }
  }
}
