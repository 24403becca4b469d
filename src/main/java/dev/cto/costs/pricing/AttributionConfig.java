package dev.cto.costs.pricing;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cto.costs.capture.logs.AttributionRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The config's {@code attribution} section, read by the log imports ({@code costs import
 * claude-code|codex}): rules that charge a session to a repository, PR, agent and stage from its
 * working directory, branch, project or session id.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class AttributionConfig {

  public List<Rule> rules;

  /** One rule: every regex of {@code match} must be found in its session field; then {@code set} applies. */
  public static final class Rule {
    public Map<String, String> match;
    public Map<String, String> set;
  }

  /** The rules of {@code config} (none when it or the section is absent); the loader has checked them. */
  public static List<AttributionRule> rules(CostConfig config) {
    List<AttributionRule> rules = new ArrayList<>();
    if (config != null && config.attribution != null && config.attribution.rules != null) {
      for (Rule r : config.attribution.rules) {
        rules.add(AttributionRule.of(r.match, r.set));
      }
    }
    return rules;
  }

  void check(List<String> problems) {
    if (rules == null) {
      return;
    }
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      String at = "attribution.rules[" + i + "]";
      if (r == null) {
        problems.add(at + ": must be an object with match and set");
        continue;
      }
      try {
        AttributionRule.of(r.match, r.set);
      } catch (IllegalArgumentException e) {
        problems.add(at + ": " + e.getMessage());
      }
    }
  }
}
