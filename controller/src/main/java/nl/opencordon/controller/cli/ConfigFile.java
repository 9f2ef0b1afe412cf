package nl.opencordon.controller.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --config FILE} of the commands that need the database: optional, the environment may do. */
final class ConfigFile {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "the deployment's HOCON file, layered over the shipped defaults")
  Path file;

  com.typesafe.config.Config load() {
    return Optional.ofNullable(file).map(nl.opencordon.controller.ConfigCheck::load)
        .orElseGet(com.typesafe.config.ConfigFactory::load);
  }
}
