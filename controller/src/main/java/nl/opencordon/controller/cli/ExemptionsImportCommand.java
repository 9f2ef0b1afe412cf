package nl.opencordon.controller.cli;

import com.typesafe.config.Config;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import nl.opencordon.domain.CityConfig;
import nl.opencordon.domain.ZoneDefinition;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.DatabaseSettings;
import nl.opencordon.persistence.exemptions.ExemptionRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "exemptions-import", mixinStandardHelpOptions = true,
    description = {"Imports exemptions (ontheffingen) from CSV: id,zone,country,plate_from,plate_to,valid_from,"
        + "valid_until,reason and optionally kind.", "valid_from and valid_until are dates (2026-01-31: the whole "
        + "day) or local times in Europe/Amsterdam (2026-01-31T07:30); kind DAY is the ZE day exemption of the "
        + "date in valid_from (00:00 until 06:00 the next day, valid_until empty).", "The whole file is checked first: one bad line and nothing is stored, every "
        + "problem is listed with its line. Running controllers apply them within about a second "
        + "(anpr.persistence.exemptions-refresh-interval)."})
final class ExemptionsImportCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "the CSV file")
  Path file;

  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
      description = "the deployment's HOCON file: its zones and its database")
  Path configFile;

  @Override
  public Integer call() throws Exception {
    Config config = nl.opencordon.controller.ConfigCheck.load(configFile);
    Set<String> zones = CityConfig.load(config.getConfig("anpr.city")).zones().stream().map(ZoneDefinition::id)
        .collect(Collectors.toSet());
    DatabaseSettings db = DatabaseSettings.fromConfig(config.getConfig("anpr.persistence.db"));
    if (db.embedded()) {
      System.err.println("anpr.persistence.db.url is not set (ANPR_DB_URL)");
      return 2;
    }
    try (Database database = Database.open(db); Reader csv = Files.newBufferedReader(file)) {
      int stored = new ExemptionRepository(database.dataSource()).importCsv(csv, zones).size();
      System.out.printf("%s: %d exemption(s) stored%n", file, stored);
      return 0;
    } catch (ExemptionRepository.InvalidCsvException e) {
      e.problems().forEach(p -> System.err.println(file + ": " + p));
      System.err.println("nothing stored");
      return 1;
    }
  }
}
