package dev.cto.costs.pricing;

import dev.cto.costs.budget.Allocation;
import dev.cto.costs.budget.Budget;
import dev.cto.costs.budget.BudgetBook;
import dev.cto.costs.budget.BudgetPeriod;
import dev.cto.costs.budget.BudgetScope;
import dev.cto.costs.budget.ModelGlob;
import dev.cto.costs.budget.Team;
import dev.cto.costs.domain.Usd;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the config's {@code teams}, {@code budgets}, {@code budgets_fail_open} and {@code
 * enforce_error_threshold} and builds the {@link BudgetBook} they describe. Each problem names its
 * key ({@code budgets[1].scope.team: no team "platfrom" (did you mean 'platform'?)}).
 */
public final class BudgetBooks {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  /** Far above any budget, and well inside what nano-dollars in a long can hold. */
  private static final BigDecimal MAX_LIMIT = new BigDecimal("1000000000");

  private BudgetBooks() {}

  /** The book of a config the loader has accepted (none when it has no budgets or teams). */
  public static BudgetBook of(CostConfig config) {
    List<String> problems = new ArrayList<>();
    BudgetBook book = build(config, problems);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("budgets were not checked: " + problems);
    }
    return book;
  }

  /** The book, with every problem of the sections added to {@code problems} (then the book is incomplete). */
  static BudgetBook build(CostConfig config, List<String> problems) {
    Map<String, Team> teams = teams(config.teams, problems);
    List<Budget> budgets = new ArrayList<>();
    if (config.budgets != null) {
      Set<String> names = new HashSet<>();
      for (int i = 0; i < config.budgets.size(); i++) {
        Budget b = budget(config.budgets.get(i), "budgets[" + i + "]", teams, problems);
        if (b != null && !names.add(b.name())) {
          problems.add("budgets[" + i + "].name: \"" + b.name() + "\" is already the name of an earlier budget; names must be unique");
        } else if (b != null) {
          budgets.add(b);
        }
      }
    }
    boolean failOpen = config.budgetsFailOpen == null || config.budgetsFailOpen;
    boolean enforceErrorThreshold = config.enforceErrorThreshold != null && config.enforceErrorThreshold;
    if (enforceErrorThreshold && config.errorThreshold == null) {
      problems.add("enforce_error_threshold: true needs an error_threshold to enforce");
    }
    return new BudgetBook(teams, budgets, failOpen, enforceErrorThreshold);
  }

  private static Map<String, Team> teams(Map<String, TeamConfig> section, List<String> problems) {
    Map<String, Team> teams = new LinkedHashMap<>();
    if (section == null) {
      return teams;
    }
    section.forEach((name, t) -> {
      String at = "teams." + name;
      if (!NAME.matcher(name).matches()) {
        problems.add(at + ": a team name has letters, digits, '.', '_' and '-' only (at most 100)");
        return;
      }
      if (name.equals(Allocation.UNALLOCATED)) {
        problems.add(at + ": \"unallocated\" is what the chargeback calls records of no team; pick another name");
        return;
      }
      if (t == null) {
        problems.add(at + ": must be a section with repositories and/or agents");
        return;
      }
      Set<String> repositories = new LinkedHashSet<>();
      List<String> repos = t.repositories == null ? List.of() : t.repositories;
      for (int i = 0; i < repos.size(); i++) {
        String r = repos.get(i);
        if (r == null || !REPOSITORY.matcher(r).matches()) {
          problems.add(at + ".repositories[" + i + "]: must look like owner/name, was " + quoted(r));
        } else {
          repositories.add(r);
        }
      }
      Set<String> agents = new LinkedHashSet<>();
      List<String> names = t.agents == null ? List.of() : t.agents;
      for (int i = 0; i < names.size(); i++) {
        String a = names.get(i);
        if (a == null || a.isBlank()) {
          problems.add(at + ".agents[" + i + "]: must be an agent name");
        } else {
          agents.add(a);
        }
      }
      teams.put(name, new Team(name, repositories, agents));
    });
    return teams;
  }

  private static Budget budget(BudgetConfig b, String at, Map<String, Team> teams, List<String> problems) {
    if (b == null) {
      problems.add(at + ": must be a section with name, scope, period and limit_usd");
      return null;
    }
    int before = problems.size();
    if (b.name == null || b.name.isBlank()) {
      problems.add(at + ".name: missing");
    } else if (!NAME.matcher(b.name).matches()) {
      problems.add(at + ".name: letters, digits, '.', '_' and '-' only (at most 100), was " + quoted(b.name));
    }
    BudgetScope scope = scope(b.scope, at + ".scope", teams, problems);
    BudgetPeriod period = null;
    if (b.period == null) {
      problems.add(at + ".period: missing (pr, day, week or month)");
    } else if ((period = BudgetPeriod.parse(b.period)) == null) {
      problems.add(at + ".period: must be pr, day, week or month, was " + quoted(b.period));
    } else if (period == BudgetPeriod.PR && scope != null && !scope.eachPr()) {
      problems.add(at + ".period: pr (a PR's whole life) needs the scope {pr: \"*\"}; for other scopes use day, week or month");
    }
    Usd limit = null;
    if (b.limitUsd == null) {
      problems.add(at + ".limit_usd: missing");
    } else if (b.limitUsd.signum() <= 0) {
      problems.add(at + ".limit_usd: must be more than 0, was " + b.limitUsd.toPlainString());
    } else if (b.limitUsd.compareTo(MAX_LIMIT) > 0) {
      problems.add(at + ".limit_usd: at most " + MAX_LIMIT.toPlainString() + ", was " + b.limitUsd.toPlainString());
    } else if (b.limitUsd.stripTrailingZeros().scale() > 9) {
      problems.add(at + ".limit_usd: at most 9 decimals (nano-dollars), was " + b.limitUsd.toPlainString());
    } else {
      limit = Usd.of(b.limitUsd);
    }
    List<BigDecimal> alertAt = alertAt(b.alertAt, at + ".alert_at", problems);
    if (problems.size() > before) {
      return null;
    }
    return new Budget(b.name, scope, period, limit, alertAt, b.enforce != null && b.enforce);
  }

  private static BudgetScope scope(BudgetConfig.Scope s, String at, Map<String, Team> teams, List<String> problems) {
    if (s == null) {
      problems.add(at + ": missing (give {} to cover everything)");
      return null;
    }
    int before = problems.size();
    if (s.pr != null && !s.pr.equals("*")) {
      problems.add(at + ".pr: only \"*\" (each PR its own budget), was " + quoted(s.pr));
    }
    if (s.repository != null && !REPOSITORY.matcher(s.repository).matches()) {
      problems.add(at + ".repository: must look like owner/name, was " + quoted(s.repository));
    }
    Team team = null;
    if (s.team != null) {
      team = teams.get(s.team);
      if (team == null) {
        String close = KeySuggestion.closest(s.team, teams.keySet());
        problems.add(at + ".team: no team " + quoted(s.team) + " in teams"
            + (close != null ? " (did you mean '" + close + "'?)"
                : teams.isEmpty() ? " (the config has no teams section)" : " (teams: " + String.join(", ", teams.keySet()) + ")"));
      }
    }
    if (s.agent != null && s.agent.isBlank()) {
      problems.add(at + ".agent: must be an agent name");
    }
    ModelGlob model = null;
    if (s.model != null) {
      try {
        model = new ModelGlob(s.model);
      } catch (IllegalArgumentException e) {
        problems.add(at + ".model: " + e.getMessage());
      }
    }
    if (problems.size() > before) {
      return null;
    }
    return new BudgetScope(s.pr != null, s.repository, team, s.agent, model);
  }

  private static List<BigDecimal> alertAt(List<BigDecimal> fractions, String at, List<String> problems) {
    if (fractions == null) {
      return List.of();
    }
    BigDecimal previous = null;
    for (int i = 0; i < fractions.size(); i++) {
      BigDecimal f = fractions.get(i);
      if (f == null || f.signum() <= 0 || f.compareTo(BigDecimal.ONE) > 0) {
        problems.add(at + "[" + i + "]: a fraction of the limit, more than 0 and at most 1, was " + (f == null ? "null" : f.toPlainString()));
        return List.of();
      }
      if (previous != null && f.compareTo(previous) <= 0) {
        problems.add(at + ": must be ascending without repeats, e.g. [0.5, 0.8, 1.0]");
        return List.of();
      }
      previous = f;
    }
    return fractions;
  }

  private static String quoted(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
