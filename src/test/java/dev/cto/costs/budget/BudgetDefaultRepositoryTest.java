package dev.cto.costs.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.PricingCatalog;
import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.TokenRates;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call that names its PR but no repository is stored under {@code default_repository}; its
 * budget must be judged by that same PR's spend, or a per-PR cap would never see the money
 * (found by running Claude Code through the proxy with only {@code x-cto-pr}).
 */
class BudgetDefaultRepositoryTest {

  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  /** $1/M input, $10/M output: 1,000 output tokens are $0.01. */
  private static final PricingCatalog PRICES = new PricingCatalog(List.of(ModelPrice.simple("m", "anthropic", TokenRates.of("1", "10"))));
  private static final CallShape CENT = new CallShape("m", 1_000L, 0);

  @Test
  void aCallWithoutARepositoryIsJudgedByTheDefaultRepositorysPr(@TempDir Path dir) {
    CostSettings settings = new CostSettings(true, Thresholds.NONE, "acme/app", PRICES);
    Budget perPr = new Budget("pr-cap", new BudgetScope(true, null, null, null, null), BudgetPeriod.PR, Usd.of("1.00"), List.of(), true);
    BudgetBook book = new BudgetBook(Map.of(), List.of(perPr), true, false);
    try (JdbcStore store = JdbcStore.openSqlite(dir.resolve("costs.db"))) {
      // another repository's PR 42 is near its cap; the default repository's PR 42 has spent nothing
      spend(store, "other", "acme/other", "0.995");
      try (BudgetEnforcer budgets = new BudgetEnforcer(store, () -> book, () -> settings, new MutableClock(NOW), EnforcementOptions.DEFAULTS)) {
        assertThat(budgets.admit(new BudgetSubject(null, 42L, "rex", null), CENT))
            .as("acme/app#42 has room: another repository's PR 42 is not its spend").isInstanceOf(Admission.Admitted.class);
        assertThat(budgets.admit(new BudgetSubject("acme/other", 42L, "rex", null), CENT)).isInstanceOf(Admission.Refused.class);
      }
      // stored as the collector stores a record without a repository: under default_repository
      spend(store, "app", "acme/app", "0.995");
      try (BudgetEnforcer budgets = new BudgetEnforcer(store, () -> book, () -> settings, new MutableClock(NOW), EnforcementOptions.DEFAULTS)) {
        Admission unnamed = budgets.admit(new BudgetSubject(null, 42L, "rex", null), CENT);
        assertThat(unnamed).as("$0.995 + $0.01 passes $1 for acme/app#42").isInstanceOf(Admission.Refused.class);
        assertThat(((Admission.Refused) unnamed).subject()).isEqualTo("acme/app#42");
        assertThat(budgets.admit(new BudgetSubject("acme/app", 42L, "rex", null), CENT)).isInstanceOf(Admission.Refused.class);
      }
    }
  }

  private static void spend(JdbcStore store, String id, String repository, String usd) {
    UsageRecord r = new UsageRecord(id, new Attribution(repository, 42L, "rex", "code", 1, null),
        "claude", "m", "anthropic", TokenCounts.of(1, 1), null, null, NOW.minusSeconds(60), "test");
    store.insert(List.of(new PricedUsage(r, "anthropic", Usd.of(usd), true)));
  }
}
