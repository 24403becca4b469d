package dev.cto.costs.capture.logs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule of {@code attribution.rules[]}: when every regex in {@code match} is found in its
 * session field ({@code cwd}, {@code gitBranch}, {@code project}, {@code sessionId}), set the
 * fields in {@code set}; values may use capture groups, {@code $1} (from the first pattern that
 * has that group) or {@code ${name}}, e.g. {@code gitBranch: "task-(\d+)"}, {@code pr: "$1"}.
 */
public record AttributionRule(Map<String, Pattern> match, Map<String, String> set) {

  private static final List<String> MATCHABLE = List.of("cwd", "gitBranch", "project", "sessionId");
  private static final List<String> SETTABLE = List.of("repository", "pr", "agent", "stage", "iteration");
  private static final Pattern GROUP = Pattern.compile("\\$(\\d+)|\\$\\{(\\w+)}");

  public AttributionRule {
    // in the config's order: "$1" means the first pattern with a group 1 (Map.copyOf would shuffle them)
    match = Collections.unmodifiableMap(new LinkedHashMap<>(match));
    set = Map.copyOf(set);
  }

  /** The rules under {@code attribution.rules} of a cost config tree; none when absent. */
  public static List<AttributionRule> fromConfig(JsonNode config) {
    List<AttributionRule> rules = new ArrayList<>();
    JsonNode list = config == null ? null : config.path("attribution").path("rules");
    if (list == null || !list.isArray()) {
      return rules;
    }
    for (JsonNode node : list) {
      Map<String, String> match = new LinkedHashMap<>();
      node.path("match").fields().forEachRemaining(e -> match.put(e.getKey(), e.getValue().asText()));
      Map<String, String> set = new LinkedHashMap<>();
      node.path("set").fields().forEachRemaining(e -> set.put(e.getKey(), e.getValue().asText()));
      rules.add(of(match, set));
    }
    return rules;
  }

  /**
   * A rule from the config's {@code match} and {@code set} maps (either may be null).
   *
   * @throws IllegalArgumentException naming an unknown field, a bad regex or a missing {@code match}
   */
  public static AttributionRule of(Map<String, String> match, Map<String, String> set) {
    if (match == null || match.isEmpty()) {
      throw new IllegalArgumentException("a rule needs 'match' with at least one of " + MATCHABLE);
    }
    Map<String, Pattern> patterns = new LinkedHashMap<>();
    match.forEach((key, regex) -> {
      check(key, MATCHABLE, "match");
      try {
        patterns.put(key, Pattern.compile(regex == null ? "" : regex));
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new IllegalArgumentException("match." + key + ": not a regular expression: " + e.getDescription());
      }
    });
    Map<String, String> values = new LinkedHashMap<>();
    if (set != null) {
      set.forEach((key, value) -> values.put(check(key, SETTABLE, "set"), value == null ? "" : value));
    }
    return new AttributionRule(patterns, values);
  }

  /** The fields this rule sets for a session, or null when it does not match. */
  AttributionFields apply(SessionContext session) {
    List<Matcher> found = new ArrayList<>();
    for (Map.Entry<String, Pattern> e : match.entrySet()) {
      String value = field(session, e.getKey());
      Matcher m = value == null ? null : e.getValue().matcher(value);
      if (m == null || !m.find()) {
        return null;
      }
      found.add(m);
    }
    String pr = value("pr", found);
    String iteration = value("iteration", found);
    return new AttributionFields(value("repository", found), number(pr), value("agent", found), value("stage", found),
        number(iteration) == null ? null : number(iteration).intValue());
  }

  /** A PR or iteration a rule made out of a session field; not a positive number leaves the field unset. */
  private static Long number(String text) {
    try {
      Long n = text == null ? null : Long.valueOf(text.trim());
      return n != null && n >= 1 ? n : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private String value(String key, List<Matcher> found) {
    String template = set.get(key);
    if (template == null) {
      return null;
    }
    return GROUP.matcher(template).replaceAll(g -> Matcher.quoteReplacement(group(found, g.group(1), g.group(2))));
  }

  private static String group(List<Matcher> found, String number, String name) {
    for (Matcher m : found) {
      try {
        String v = number != null ? (Integer.parseInt(number) <= m.groupCount() ? m.group(Integer.parseInt(number)) : null)
            : m.group(name);
        if (v != null) {
          return v;
        }
      } catch (IllegalArgumentException noSuchGroup) {
        // another pattern may define it
      }
    }
    return "";
  }

  private static String field(SessionContext s, String name) {
    return switch (name) {
      case "cwd" -> s.cwd();
      case "gitBranch" -> s.gitBranch();
      case "project" -> s.project();
      default -> s.sessionId();
    };
  }

  private static String check(String key, List<String> allowed, String where) {
    if (!allowed.contains(key)) {
      throw new IllegalArgumentException("unknown " + where + " field '" + key + "', expected one of " + allowed);
    }
    return key;
  }
}
