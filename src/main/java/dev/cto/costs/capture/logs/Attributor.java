package dev.cto.costs.capture.logs;

import dev.cto.costs.domain.Attribution;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Charges a session to a PR, agent, stage and iteration: the flags win over the first matching
 * rule; a session nothing matches is still imported, charged to the CLI as agent with no PR.
 */
public final class Attributor {

  private final AttributionFields flags;
  private final List<AttributionRule> rules;
  private final Map<SessionContext, Attribution> seen = new HashMap<>();

  public Attributor(AttributionFields flags, List<AttributionRule> rules) {
    this.flags = flags;
    this.rules = List.copyOf(rules);
  }

  /** Sessions repeat their context on every line: decided once per distinct context. */
  Attribution attribute(SessionContext context) {
    return seen.computeIfAbsent(context, this::decide);
  }

  private Attribution decide(SessionContext context) {
    AttributionFields fields = flags;
    for (AttributionRule rule : rules) {
      AttributionFields set = rule.apply(context);
      if (set != null) {
        fields = flags.over(set);
        break;
      }
    }
    return new Attribution(fields.repository(), fields.pr(), fields.agent() != null ? fields.agent() : context.cli(),
        fields.stage() != null ? fields.stage() : "unknown", fields.iteration() != null ? fields.iteration() : 1,
        null);
  }
}
