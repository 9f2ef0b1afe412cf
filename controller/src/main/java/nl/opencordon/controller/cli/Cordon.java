package nl.opencordon.controller.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/cordon}: the controller's command line. Each subcommand has {@code --help}. */
@Command(name = "cordon", mixinStandardHelpOptions = true, versionProvider = Cordon.Version.class,
    description = "Open cordon controller: ANPR enforcement of zero-emission zones, milieuzones and closed areas.",
    subcommands = {RunCommand.class, DemoCommand.class, CheckConfigCommand.class, RdwImportCommand.class,
        ExemptionsImportCommand.class, HashPasswordCommand.class, VisionEvalCommand.class,
        CommandLine.HelpCommand.class})
public final class Cordon implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int code = new CommandLine(new Cordon()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
    // run and demo keep serving from non-daemon threads; the other commands are done
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
  }

  /** The version of the jar this class came from, as Maven wrote it in the manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Cordon.class.getPackage().getImplementationVersion();
      return new String[] {"cordon " + (v == null ? "(development build)" : v)};
    }
  }
}
