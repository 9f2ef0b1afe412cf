package nl.opencordon.controller.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nl.opencordon.controller.ConfigCheck;
import nl.opencordon.domain.CityLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "check-config", mixinStandardHelpOptions = true,
    description = {"Validates a deployment's configuration as `run` would read it and prints every problem with "
        + "its path.", "Exit code 0: it can run; 1: it has problems."})
final class CheckConfigCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "the deployment's HOCON file")
  Path file;

  @Override
  public Integer call() {
    ConfigCheck.Result check = ConfigCheck.check(file);
    check.warnings().forEach(w -> System.out.println("warning: " + w));
    if (!check.ok()) {
      check.problems().forEach(p -> System.out.println("problem: " + p));
      System.out.printf("%s: %d problem(s)%n", file, check.problems().size());
      return 1;
    }
    CityLayout city = check.layout().orElseThrow();
    System.out.printf("%s: OK: city %s, %d zone(s), %d gate(s), %d camera(s), %d display(s)%n", file, city.name(),
        city.zones().size(), city.gates().size(), city.cameras().size(), city.displays().size());
    return 0;
  }
}
