package nl.opencordon.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The API document passes Redocly's linter with its recommended rules ({@code redocly.yaml}), run through npm
 * at a pinned version. Needs Node and npm (Debian's nodejs and npm; .ci/run installs them) and the npm
 * registry the first time; it fails, it does not skip, when they are missing.
 */
class OpenApiLintTest {
  static final String REDOCLY = "@redocly/cli@2.77.0";

  @Test
  void theApiDocumentPassesRedoclyLint() throws Exception {
    List<String> command = List.of("npx", "--yes", REDOCLY, "lint", "--format=stylish",
        "src/main/resources/openapi.yaml");
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("npx is not on the PATH: install Node and npm (apt-get install nodejs npm)", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "redocly did not finish");
    assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
    assertTrue(out.contains("valid"), out);
  }
}
