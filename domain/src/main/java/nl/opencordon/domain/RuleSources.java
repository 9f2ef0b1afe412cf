package nl.opencordon.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Each rule of a verdict, from one table ({@code rules.tsv} beside this class): where it comes from, the text of
 * the law or the agreement that an officer can look up (the rows of testdata/rules/ze_milieuzone_rules.csv), and
 * what it says in Dutch for the officer's screen. Verdicts carry the rule id and give their reason in English
 * (logs, the case record, tests read it) with the facts they used; the screen shows the Dutch text beside those.
 */
public final class RuleSources {
  private RuleSources() {}

  /** The day these rules were last checked against their sources; named in the start-up warnings. */
  public static final LocalDate LAST_CHECKED = LocalDate.of(2026, 11, 30);

  private record Rule(String source, String dutch) {}

  private static final Map<String, Rule> RULES = load();

  private static Map<String, Rule> load() {
    Map<String, Rule> rules = new LinkedHashMap<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        RuleSources.class.getResourceAsStream("rules.tsv"), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] columns = line.split("\t");
        if (columns.length != 3) {
          throw new IllegalStateException("rules.tsv: not id, source and Dutch text: " + line);
        }
        rules.put(columns[0], new Rule(columns[1], columns[2]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(rules);
  }

  /** Every rule id with a source. */
  static Set<String> ruleIds() {
    return RULES.keySet();
  }

  /** The source of a rule, or a plain "no source recorded" for an id this table does not know. */
  public static String of(String ruleId) {
    Rule rule = RULES.get(ruleId);
    return rule == null ? "no source recorded for rule " + ruleId : rule.source();
  }

  /** The Dutch text of a rule; empty for a rule id this table does not know. */
  public static Optional<String> dutch(String ruleId) {
    return Optional.ofNullable(RULES.get(ruleId)).map(Rule::dutch);
  }
}
