package nl.opencordon.controller.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nl.opencordon.controller.ConfigCheck;
import nl.opencordon.controller.Node;
import nl.opencordon.controller.ProductionWorld;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs the controller on a real city: cameras and signs through their configured drivers, vehicle "
        + "facts from the RDW mirror and API, exemptions from PostgreSQL. Nothing is simulated.",
        "Refuses to start on any problem `check-config` would report."})
final class RunCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
      description = "the deployment's HOCON file (anpr.city, anpr.camera-drivers, anpr.roadside-displays, "
          + "anpr.controller.users, ...), layered over the shipped defaults and the environment")
  Path config;

  @Override
  public Integer call() throws Exception {
    ConfigCheck.Result check = ConfigCheck.check(config);
    check.warnings().forEach(w -> System.err.println("warning: " + w));
    if (!check.ok()) {
      System.err.println(config + ": cannot run on this configuration:");
      check.problems().forEach(p -> System.err.println("  " + p));
      return 1;
    }
    Node node = Node.start(check.config().orElseThrow(), check.layout().orElseThrow(), false,
        new ProductionWorld(check.config().orElseThrow()));
    System.out.printf("Cordon controller running: %s, %d cameras, %d displays; http://%s:%d/ (ready: /health/ready)%n",
        check.layout().orElseThrow().name(), check.layout().orElseThrow().cameras().size(),
        check.layout().orElseThrow().displays().size(),
        check.config().orElseThrow().getString("anpr.controller.http.host"), node.controller().httpPort());
    return 0;
  }
}
