package nl.opencordon.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules, checked and unit-tested by Prometheus' own {@code promtool} (Debian package
 * {@code prometheus}; the test fails when it is missing, it is not skipped).
 */
class PrometheusRulesTest {

  @Test
  void rulesAndConfigurationAreValid() throws Exception {
    promtool("check", "rules", Assets.RULES.toString());
    promtool("check", "config", Assets.PROMETHEUS.resolve("prometheus.yml").toString());
  }

  @Test
  void ruleUnitTestsPass() throws Exception {
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    Assets.RULE_TESTS.forEach(f -> args.add(f.toString()));
    promtool(args.toArray(String[]::new));
  }

  @Test
  void everyAlertHasATestWhereItFires() throws IOException {
    Set<String> alerts = new TreeSet<>();
    for (JsonNode rule : Assets.rules()) {
      if (rule.has("alert")) {
        alerts.add(rule.get("alert").asText());
      }
    }
    Set<String> fired = new TreeSet<>();
    for (Path file : Assets.RULE_TESTS) {
      for (JsonNode test : Assets.yaml(file).path("tests")) {
        for (JsonNode t : test.path("alert_rule_test")) {
          if (!t.path("exp_alerts").isEmpty()) {
            fired.add(t.get("alertname").asText());
          }
        }
      }
    }
    assertTrue(alerts.size() >= 8, "alerts: " + alerts);
    assertEquals(alerts, fired, "alerts without a test in which they fire");
  }

  private static void promtool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).directory(Path.of("").toAbsolutePath().toFile())
          .start();
    } catch (IOException e) {
      throw new AssertionError("promtool is not on the PATH: install Debian's prometheus package "
          + "(apt-get install prometheus; .ci/run does)", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "promtool did not finish");
    assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
  }
}
