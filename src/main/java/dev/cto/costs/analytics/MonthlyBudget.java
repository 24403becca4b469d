package dev.cto.costs.analytics;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * Where the forecast finds a month's budget when {@code --budget} is not given. Monthly budgets in
 * the cost config arrive with another issue; until then the composition root passes {@link #NONE}
 * and this interface is the one place they plug in.
 */
@FunctionalInterface
public interface MonthlyBudget {

  MonthlyBudget NONE = month -> null;

  /** The month's budget in USD over all spend, or null when none is set. */
  BigDecimal usd(YearMonth month);
}
