package nl.opencordon.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The dashboard and the alert rules query only metrics the controller exposes. */
class DashboardTest {
  private final Set<String> exposed = new ControllerMetrics().sampleNames();

  @Test
  void metricNamesAreParsedFromQueries() {
    assertEquals(Set.of("anpr_a_bucket", "anpr_b", "anpr:c"), PromQl.metricNames(
        "histogram_quantile(0.95, sum by (le, route) (rate(anpr_a_bucket{x=\"y\"}[5m]))) / on (kind) "
            + "anpr_b offset 1w > bool 0 unless anpr:c[$__rate_interval]"));
  }

  @Test
  void everyDashboardQueryUsesExposedMetrics() throws IOException {
    JsonNode dashboard = Assets.json(Assets.DASHBOARD);
    List<String> queries = new ArrayList<>();
    dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
    dashboard.path("templating").path("list").forEach(v -> queries.add(v.path("definition").asText()
        .replaceAll("label_values\\(([^,]+),.*", "$1")));
    assertTrue(queries.size() >= 20, "queries: " + queries.size());
    assertAllKnown(queries);
  }

  @Test
  void everyRuleUsesExposedMetrics() throws IOException {
    List<String> exprs = new ArrayList<>();
    for (JsonNode rule : Assets.rules()) {
      exprs.add(rule.get("expr").asText());
    }
    assertAllKnown(exprs);
  }

  @Test
  void theDashboardUsesTheProvisionedDatasource() throws IOException {
    String uid = Assets.yaml(Assets.DATASOURCES).path("datasources").get(0).path("uid").asText();
    Set<String> used = new TreeSet<>();
    Assets.json(Assets.DASHBOARD).path("panels").forEach(p -> {
      if (!p.path("type").asText().equals("row")) {
        used.add(p.path("datasource").path("uid").asText());
      }
    });
    assertEquals(Set.of(uid), used);
  }

  private void assertAllKnown(List<String> queries) throws IOException {
    Set<String> known = new TreeSet<>(exposed);
    known.add("up");  // Prometheus' own, per scrape target
    for (JsonNode rule : Assets.rules()) {
      if (rule.has("record")) {
        known.add(rule.get("record").asText());
      }
    }
    TreeMap<String, String> unknown = new TreeMap<>();
    for (String q : queries) {
      PromQl.metricNames(q).stream().filter(n -> !known.contains(n)).forEach(n -> unknown.put(n, q));
    }
    assertTrue(unknown.isEmpty(), "metrics the controller does not expose: " + unknown);
  }
}
