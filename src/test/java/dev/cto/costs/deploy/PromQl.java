package dev.cto.costs.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough PromQL to list the metric names an expression selects. */
final class PromQl {

  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
      "group_left", "group_right", "bool", "offset");

  private PromQl() {}

  static Set<String> metricNames(String expr) {
    String s = expr.replaceAll("\"[^\"]*\"", "\"\"")   // strings first: they may hold braces
        .replaceAll("\\{[^}]*\\}", " ")                 // label matchers
        .replaceAll("\\[[^\\]]*\\]", " ")               // range durations
        .replaceAll("\\boffset\\s+[0-9a-z]+", " ")        // offset 15m
        .replaceAll("\\b[0-9][0-9.]*(e[0-9]+)?\\b", " ")  // number literals
        .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " "); // grouping labels
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(s);
    while (m.find()) {
      boolean function = m.group(2) != null;
      if (!function && !KEYWORDS.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    return names;
  }
}
