package nl.opencordon.controller.cli;

import java.util.concurrent.Callable;
import nl.opencordon.controller.DemoWorld;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs the demo city: simulated cameras, signs and vehicle register on the Amsterdam traffic mix, "
        + "a video camera reading plates, demo users (password demo-<name>).",
        "PostgreSQL: ANPR_DB_URL, or an embedded server with its data in ./data/postgres."})
final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    DemoWorld.run();
    return 0;
  }
}
