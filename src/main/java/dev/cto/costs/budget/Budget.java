package dev.cto.costs.budget;

import dev.cto.costs.domain.Usd;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One budget of the config: a limit on the spend of a scope in a period.
 *
 * @param alertAt fractions of the limit in (0, 1], ascending, announced once per period
 * @param enforce whether the proxy refuses calls in scope once the budget is spent
 */
public record Budget(String name, BudgetScope scope, BudgetPeriod period, Usd limit, List<BigDecimal> alertAt,
    boolean enforce) {

  /** Where a budget without {@code alert_at} turns from ok to warning. */
  static final BigDecimal DEFAULT_WARNING_FRACTION = new BigDecimal("0.8");

  /** Separates the parts of a reservation key; budget names never contain it (the config checks). */
  private static final String SEPARATOR = "|";

  public Budget {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(limit, "limit");
    alertAt = List.copyOf(alertAt);
  }

  /**
   * The reservation key of the budget's period containing {@code now}: {@code name|day:2026-12-04}
   * for a periodic budget, with {@code |repo#42} appended for one PR of a {@code pr: "*"} budget.
   */
  public String key(Instant now, String repository, Long prNumber) {
    String key = periodKey(now);
    return scope.eachPr() ? key + SEPARATOR + (repository == null ? "" : repository) + "#" + prNumber : key;
  }

  /** The key every PR's key of this period starts with (the whole key for other budgets). */
  public String periodKey(Instant now) {
    PeriodWindow w = period.window(now);
    return name + SEPARATOR + period.configName() + (w.isBounded() ? ":" + w.start().toString().substring(0, 10) : "");
  }

  /** The fraction of the limit past which the status is {@code warning}: the lowest alert_at below 1, else 0.8. */
  BigDecimal warningFraction() {
    return alertAt.stream().filter(f -> f.compareTo(BigDecimal.ONE) < 0).findFirst().orElse(DEFAULT_WARNING_FRACTION);
  }
}
