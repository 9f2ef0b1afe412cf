package nl.opencordon.monitoring;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression reads: enough of PromQL for the dashboard's and rules' queries. */
final class PromQl {
  private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
      "group_right", "offset", "bool", "and", "or", "unless", "inf", "nan");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private PromQl() {}

  static Set<String> metricNames(String expr) {
    String s = expr
        .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")          // strings
        .replaceAll("\\{[^}]*}", " ")                              // label matchers
        .replaceAll("\\[[^]]*]", " ")                              // ranges and subqueries
        .replaceAll("\\$\\w+", " ")                                // Grafana variables
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
        .replaceAll("\\boffset\\s+\\w+", " ")
        .replaceAll("\\b\\d+(\\.\\d+)?([eE][+-]?\\d+)?\\b", " ");  // numbers
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      String rest = s.substring(m.end()).stripLeading();
      if (!rest.startsWith("(") && !KEYWORDS.contains(m.group())) {
        names.add(m.group());
      }
    }
    return names;
  }
}
