package dev.cto.costs.capture.logs;

import dev.cto.costs.domain.Attribution;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Charges a session to a PR, agent, stage and iteration: the flags win over the first matching
 * rule; a session nothing matches is still imported, charged to the CLI as agent with no PR.
 */
public final class Attributor {

  private final AttributionFields flags;
  private final List<AttributionRule> rules;
  // concurrent: files are read, and their lines attributed (to check them), on several threads
  private final Map<SessionContext, Attribution> seen = new ConcurrentHashMap<>();

  public Attributor(AttributionFields flags, List<AttributionRule> rules) {
    this.flags = flags;
    this.rules = List.copyOf(rules);
  }

  /**
   * Sessions repeat their context on every line: decided once per distinct context.
   *
   * @throws dev.cto.costs.domain.InvalidRecordException when the flags or a rule made a value the
   *     record's rules refuse (e.g. a repository from a branch name that is not {@code owner/name})
   */
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
