package nl.opencordon.controller.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import nl.opencordon.security.PasswordHash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "hash-password", mixinStandardHelpOptions = true,
    description = {"Prints the password-hash of a user for anpr.controller.users (PBKDF2-SHA256, salted).",
        "Reads the password from the terminal without echo, or as one line from standard input."})
final class HashPasswordCommand implements Callable<Integer> {
  @Option(names = "--min-length", defaultValue = "12", description = "shortest password accepted (default ${DEFAULT-VALUE})")
  int minLength;

  @Override
  public Integer call() throws Exception {
    String password;
    if (System.console() != null) {
      password = new String(System.console().readPassword("password: "));
    } else {
      password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
    if (password == null || password.length() < minLength) {
      System.err.println("a password of at least " + minLength + " characters is needed");
      return 2;
    }
    System.out.println(PasswordHash.of(password).encoded());
    return 0;
  }
}
