package nl.opencordon.controller.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import nl.opencordon.vehicleregister.rdw.RdwDataset;
import nl.opencordon.vehicleregister.rdw.RdwImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rdw-import", mixinStandardHelpOptions = true,
    description = {"Imports an RDW bulk CSV export (Gekentekende voertuigen, or its brandstof, carrosserie, "
        + "carrosserie specificatie or bijzonderheden dataset) into the mirror in PostgreSQL; import vehicles first.",
        "An interrupted import resumes after its last committed batch when run again."})
final class RdwImportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DATASET", description = "vehicles, fuels, bodies (carrosserie), body-specifics (carrosserie specificatie) or "
      + "particulars (bijzonderheden)")
  String dataset;

  @Parameters(index = "1", paramLabel = "FILE", description = "the CSV export")
  Path file;

  @Option(names = "--restart", description = "import the file again from its first row")
  boolean restart;

  @Mixin
  ConfigFile config;

  @Override
  public Integer call() {
    RdwDataset which;
    try {
      which = RdwDataset.valueOf(dataset.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      System.err.println("DATASET: '" + dataset + "' is none of vehicles, fuels, bodies, body-specifics, particulars");
      return 2;
    }
    return RdwImport.run(config.load(), which, file, restart);
  }
}
