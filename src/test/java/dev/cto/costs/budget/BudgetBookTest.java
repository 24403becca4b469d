package dev.cto.costs.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.Usd;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetBookTest {

  private static Budget budget(String name, BudgetScope scope, BudgetPeriod period, String usd) {
    return new Budget(name, scope, period, Usd.of(usd), List.of(), false);
  }

  @Test
  void theForecastsBudgetIsTheTightestMonthlyBudgetOverEverything() {
    BudgetScope rex = new BudgetScope(false, null, null, "rex", null);
    assertThat(BudgetBook.NONE.monthlyLimitOverEverything()).isNull();
    assertThat(new BudgetBook(Map.of(), List.of(budget("rex", rex, BudgetPeriod.MONTH, "1"),
        budget("daily", BudgetScope.EVERYTHING, BudgetPeriod.DAY, "2")), true, false).monthlyLimitOverEverything()).isNull();
    assertThat(new BudgetBook(Map.of(), List.of(budget("loose", BudgetScope.EVERYTHING, BudgetPeriod.MONTH, "900"),
        budget("rex", rex, BudgetPeriod.MONTH, "1"), budget("tight", BudgetScope.EVERYTHING, BudgetPeriod.MONTH, "20.5")),
        true, false).monthlyLimitOverEverything()).isEqualTo(Usd.of("20.5"));
  }
}
