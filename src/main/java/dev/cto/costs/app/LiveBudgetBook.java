package dev.cto.costs.app;

import dev.cto.costs.budget.BudgetBook;
import dev.cto.costs.pricing.BudgetBooks;
import dev.cto.costs.pricing.CostConfig;
import java.util.function.Supplier;

/**
 * The budget book of the config in force, built once per config: the proxy asks for it on every
 * call, and rebuilding it each time (teams, globs, scopes) would cost more than the decision.
 */
final class LiveBudgetBook implements Supplier<BudgetBook> {

  private record Built(CostConfig config, BudgetBook book) {}

  private final Supplier<CostConfig> config;
  private volatile Built last = new Built(null, BudgetBook.NONE);

  LiveBudgetBook(Supplier<CostConfig> config) {
    this.config = config;
  }

  @Override
  public BudgetBook get() {
    CostConfig now = config.get();
    Built seen = last;
    if (now == seen.config()) {
      return seen.book();
    }
    BudgetBook book = now == null ? BudgetBook.NONE : BudgetBooks.of(now);
    last = new Built(now, book);
    return book;
  }
}
