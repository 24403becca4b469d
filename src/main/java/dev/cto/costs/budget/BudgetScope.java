package dev.cto.costs.budget;

import dev.cto.costs.store.BudgetLedger.SpendScope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which calls a budget covers: every key present must match (AND); no key at all is everything.
 *
 * @param eachPr {@code pr: "*"}: each PR is its own budget (calls without a PR are outside it)
 * @param repository exact repository, or null
 * @param team the team's repositories or agents, or null
 * @param agent exact agent, or null
 * @param model a model glob, or null
 */
public record BudgetScope(boolean eachPr, String repository, Team team, String agent, ModelGlob model) {

  public static final BudgetScope EVERYTHING = new BudgetScope(false, null, null, null, null);

  public boolean matches(BudgetSubject s) {
    return matches(s, false);
  }

  /**
   * @param anyModel the call's model is not known yet (it may follow in its body): a model glob
   *     then covers it, as the call may be to any model
   */
  public boolean matches(BudgetSubject s, boolean anyModel) {
    return (!eachPr || s.prNumber() != null)
        && (repository == null || repository.equals(s.repository()))
        && (team == null || team.contains(s.repository(), s.agent()))
        && (agent == null || agent.equals(s.agent()))
        && (model == null || anyModel || model.matches(s.model()));
  }

  /** The scope as the store sums it, for the period's window (no PR bound: see {@link SpendScope#forPr}). */
  public SpendScope spendScope(PeriodWindow window) {
    return new SpendScope(repository, null, agent, team == null ? null : team.repositories(),
        team == null ? null : team.agents(), model == null ? null : model.likePattern(), window.start(), window.end());
  }

  /** The scope as written in the config, for reports: {@code {pr: "*", team: "platform"}}. */
  public Map<String, String> asConfig() {
    Map<String, String> keys = new LinkedHashMap<>();
    if (eachPr) {
      keys.put("pr", "*");
    }
    if (repository != null) {
      keys.put("repository", repository);
    }
    if (team != null) {
      keys.put("team", team.name());
    }
    if (agent != null) {
      keys.put("agent", agent);
    }
    if (model != null) {
      keys.put("model", model.glob());
    }
    return keys;
  }
}
