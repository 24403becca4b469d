package dev.cto.costs.budget;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The config's budgets, teams and enforcement switches, checked and in force together (a reload
 * swaps the whole book).
 *
 * @param teams by name, in config order (the chargeback gives a record to the first team that has it)
 * @param failOpen {@code budgets_fail_open}: when the store is unreachable, forward (true) or refuse
 * @param enforceErrorThreshold {@code enforce_error_threshold}: the PR error threshold is also a hard per-PR budget
 */
public record BudgetBook(Map<String, Team> teams, List<Budget> budgets, boolean failOpen, boolean enforceErrorThreshold) {

  public static final BudgetBook NONE = new BudgetBook(Map.of(), List.of(), true, false);

  public BudgetBook {
    teams = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(teams));
    budgets = List.copyOf(budgets);
  }

  /** The first team, in config order, that has the record's repository or agent; null for none. */
  public Team teamOf(String repository, String agent) {
    for (Team t : teams.values()) {
      if (t.contains(repository, agent)) {
        return t;
      }
    }
    return null;
  }

  /**
   * The monthly limit over all spend: the tightest {@code period: month} budget with an empty
   * scope, or null. The forecast compares its projection with it (docs/reports.md).
   */
  public dev.cto.costs.domain.Usd monthlyLimitOverEverything() {
    return budgets.stream()
        .filter(b -> b.period() == BudgetPeriod.MONTH && b.scope().equals(BudgetScope.EVERYTHING))
        .map(Budget::limit)
        .min(java.util.Comparator.naturalOrder())
        .orElse(null);
  }
}
