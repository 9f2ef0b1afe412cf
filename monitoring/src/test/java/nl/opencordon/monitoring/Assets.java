package nl.opencordon.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The operations files beside the module's sources: Prometheus rules and the Grafana dashboard. */
final class Assets {
  static final Path PROMETHEUS = Path.of("prometheus");
  static final Path RULES = PROMETHEUS.resolve("cordon-rules.yml");
  /**
   * promtool unit tests: evaluated every minute, those needing a week of samples every 10 minutes, and the
   * verdict quality alerts (a week and a month of samples) every hour.
   */
  static final List<Path> RULE_TESTS = List.of(PROMETHEUS.resolve("cordon-rules.test.yml"),
      PROMETHEUS.resolve("cordon-rules-weekly.test.yml"), PROMETHEUS.resolve("cordon-rules-quality.test.yml"));
  static final Path DASHBOARD = Path.of("grafana", "dashboards", "cordon.json");
  static final Path DATASOURCES = Path.of("grafana", "provisioning", "datasources", "cordon.yml");

  private Assets() {}

  static JsonNode yaml(Path file) throws IOException {
    return new YAMLMapper().readTree(file.toFile());
  }

  static JsonNode json(Path file) throws IOException {
    return new ObjectMapper().readTree(file.toFile());
  }

  /** Every rule of the rules file (recording and alerting). */
  static List<JsonNode> rules() throws IOException {
    List<JsonNode> rules = new ArrayList<>();
    yaml(RULES).path("groups").forEach(g -> g.path("rules").forEach(rules::add));
    return rules;
  }
}
