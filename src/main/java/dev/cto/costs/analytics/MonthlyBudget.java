package dev.cto.costs.analytics;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * Where the forecast finds a month's budget when {@code --budget} is not given: the composition
 * root answers from the config's monthly budget over everything (docs/budgets.md), so analytics need
 * not know the budgets' config.
 */
@FunctionalInterface
public interface MonthlyBudget {

  MonthlyBudget NONE = month -> null;

  /** The month's budget in USD over all spend, or null when none is set. */
  BigDecimal usd(YearMonth month);
}
