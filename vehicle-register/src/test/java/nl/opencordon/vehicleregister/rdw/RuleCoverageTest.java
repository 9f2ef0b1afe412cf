package nl.opencordon.vehicleregister.rdw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * Every row of the rules file (testdata/rules/ze_milieuzone_rules.csv) is either tested in rules/rule-cases.csv
 * or listed as not implemented in the rules table of docs/rules.md, and not both. A rule that is no verdict on
 * a vehicle's facts (EX-, exemptions) cannot be a row of that table: its status there names, in backticks,
 * the test class that covers it, and that class must exist.
 */
class RuleCoverageTest {
  static final Path RULES = Path.of("..", "testdata", "rules", "ze_milieuzone_rules.csv");
  static final Path RULES_PAGE = Path.of("..", "docs", "rules.md");
  private static final Pattern RULE_ROW = Pattern.compile("^\\| (\\S+) \\| ([^|]+?) \\|", Pattern.MULTILINE);
  private static final Pattern TEST_CLASS = Pattern.compile("tested by `(\\w+)`");

  @Test
  void everyRuleIsTestedOrListedAsNotImplemented() throws IOException {
    Set<String> rules = new LinkedHashSet<>();
    try (Reader in = Files.newBufferedReader(RULES)) {
      CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)
          .forEach(r -> rules.add(r.get("rule_id")));
    }
    Set<String> tested = testedRules();
    Map<String, String> status = documentedStatus();

    assertEquals(new TreeSet<>(rules), new TreeSet<>(status.keySet()), "the rules table of docs/rules.md lists every rule");
    Set<String> notImplemented = status.entrySet().stream().filter(e -> e.getValue().startsWith("not implemented"))
        .map(Map.Entry::getKey).collect(Collectors.toSet());
    for (String rule : rules) {
      if (notImplemented.contains(rule)) {
        assertTrue(!tested.contains(rule), rule + " is listed as not implemented but has test rows");
      } else if (rule.startsWith("EX-")) {
        Matcher m = TEST_CLASS.matcher(status.get(rule));
        assertTrue(m.find(), rule + " is implemented but its status in docs/rules.md names no test class (tested by `X`)");
        assertTrue(testClassExists(m.group(1)), rule + ": test class " + m.group(1) + " not found");
      } else {
        assertTrue(tested.contains(rule), rule + " has no row in rules/rule-cases.csv and is not listed as not implemented");
      }
    }
  }

  static Set<String> testedRules() throws IOException {
    try (InputStream in = RuleCoverageTest.class.getResourceAsStream("/rules/rule-cases.csv")) {
      List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
          .setCommentMarker('#').build().parse(new java.io.InputStreamReader(in, StandardCharsets.UTF_8)).getRecords();
      return rows.stream().map(r -> r.get("rule_id")).collect(Collectors.toSet());
    }
  }

  static boolean testClassExists(String name) throws IOException {
    try (var files = Files.walk(Path.of(".."))) {
      return files.anyMatch(p -> p.getFileName().toString().equals(name + ".java")
          && p.toString().contains("/src/test/java/"));
    }
  }

  /** Rule id to status from the rules table of docs/rules.md. */
  static Map<String, String> documentedStatus() throws IOException {
    String page = Files.readString(RULES_PAGE);
    assertTrue(page.startsWith("# Rules"), "docs/rules.md is the rules page");
    Matcher m = RULE_ROW.matcher(page);
    Map<String, String> out = new java.util.TreeMap<>();
    while (m.find()) {
      if (m.group(1).matches("(ZE|MZ|EX)-\\w+")) {
        out.put(m.group(1), m.group(2).trim());
      }
    }
    return out;
  }
}
