package dev.cto.costs.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.collect.CacheSavingsBackfill;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.PricingCatalog;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.PrOutcomes;
import dev.cto.costs.store.UsageStore;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code costs efficiency} against an oracle that computes every figure from the generated records
 * itself (its own prices, BigDecimal): run on every store backend, through the ports only.
 */
abstract class EfficiencyOracleContract<S extends UsageStore & CostQueries & PrOutcomes> {

  private static final List<UsageRecord> RECORDS = EfficiencyData.records(15, 3_000);

  protected S store;
  private EfficiencyService service;

  protected abstract S newEmptyStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newEmptyStore();
    service = new EfficiencyService(store, store);
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  private void load(Function<UsageRecord, PricedUsage> pricing) {
    List<PricedUsage> batch = new ArrayList<>();
    for (UsageRecord r : RECORDS) {
      batch.add(pricing.apply(r));
      if (batch.size() == 500) {
        store.insert(batch);
        batch.clear();
      }
    }
    store.insert(batch);
    store.saveOutcomes(EfficiencyData.outcomes());
  }

  private static AnalyticsScope scope(String repo, String agent) {
    return new AnalyticsScope(EfficiencyData.FROM, EfficiencyData.TO, repo, agent);
  }

  @Test
  void everyFigureEqualsTheOracleOverAllAgentsAndModels() {
    PricingCatalog catalog = EfficiencyData.catalog();
    load(r -> EfficiencyData.priced(r, catalog));
    AnalyticsScope scope = scope(null, null);
    EfficiencyReport report = service.efficiency(scope);
    EfficiencyOracle oracle = new EfficiencyOracle(RECORDS, EfficiencyData.outcomes(), scope, r -> false);

    assertThat(report.from()).isEqualTo(EfficiencyData.FROM);
    assertThat(report.to()).isEqualTo(EfficiencyData.TO);
    assertExactly(report.totals(), oracle.totals());
    assertExactly(report.agents(), oracle.agents());
    assertExactly(report.models(), oracle.models());
    // the data exercises what it claims to
    assertThat(report.agents()).extracting(AgentEfficiency::agent).containsExactlyInAnyOrderElementsOf(EfficiencyData.AGENTS);
    assertThat(report.agents()).extracting(a -> a.costPerPrUsd().mean()).isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(report.totals().cacheSavingsUsd()).isPositive();
    assertThat(report.totals().mergedPrs()).isEqualTo(6);
    assertThat(report.totals().closedUnmergedCostUsd()).isPositive();
    assertThat(report.models()).extracting(ModelEfficiency::model).contains("mystery");
    assertThat(report.totals().records()).isLessThan(RECORDS.size()); // some records lie outside the range
  }

  @Test
  void aRepositoryAndAnAgentNarrowEveryFigure() {
    PricingCatalog catalog = EfficiencyData.catalog();
    load(r -> EfficiencyData.priced(r, catalog));
    for (AnalyticsScope scope : List.of(scope("acme/app", null), scope(null, "rex"), scope("acme/lib", "cleo"))) {
      EfficiencyReport report = service.efficiency(scope);
      EfficiencyOracle oracle = new EfficiencyOracle(RECORDS, EfficiencyData.outcomes(), scope, r -> false);
      assertExactly(report.totals(), oracle.totals());
      assertExactly(report.agents(), oracle.agents());
      assertExactly(report.models(), oracle.models());
    }
  }

  @Test
  void withoutOutcomesTheOutcomeFieldsAreNullNotZero() {
    PricingCatalog catalog = EfficiencyData.catalog();
    store.insert(RECORDS.subList(0, 400).stream().map(r -> EfficiencyData.priced(r, catalog)).toList());
    EfficiencyReport report = service.efficiency(scope(null, null));
    EfficiencyOracle oracle = new EfficiencyOracle(RECORDS.subList(0, 400), List.of(), scope(null, null), r -> false);
    assertExactly(report.totals(), oracle.totals());
    assertThat(report.totals().mergedPrs()).isNull();
    assertThat(report.totals().closedUnmergedCostUsd()).isNull();
    assertThat(report.agents()).allSatisfy(a -> assertThat(a.costPerChangedLineUsd()).isNull());
  }

  /**
   * Records stored before savings were recorded: their savings are unknown (null), never zero,
   * until the backfill prices them; a model the current config cannot price stays unknown.
   */
  @Test
  void savingsStoredBeforeTheyWereRecordedAreUnknownUntilFilledIn() {
    PricingCatalog catalog = EfficiencyData.catalog();
    load(r -> EfficiencyData.pricedBeforeSavings(r, catalog));
    AnalyticsScope scope = scope(null, null);
    java.util.function.Predicate<UsageRecord> unknown = r -> !r.model().equals("mystery") && r.tokens().cacheRead() > 0;

    EfficiencyReport before = service.efficiency(scope);
    assertExactly(before.totals(), new EfficiencyOracle(RECORDS, EfficiencyData.outcomes(), scope, unknown).totals());
    assertThat(before.totals().cacheSavingsUsd()).isNull();
    assertThat(before.models()).filteredOn(m -> m.model().equals("alpha")).singleElement()
        .extracting(ModelEfficiency::cacheSavingsUsd).isNull();
    assertThat(before.models()).filteredOn(m -> m.model().equals("mystery")).singleElement()
        .extracting(ModelEfficiency::cacheSavingsUsd).isEqualTo(BigDecimal.ZERO);

    // a config without gamma: gamma's savings stay unknown, everything else is filled in
    CacheSavingsBackfill.Result partial =
        new CacheSavingsBackfill(store, store, () -> CostSettings.of(EfficiencyData.catalogWithoutGamma())).run();
    assertThat(partial.stillUnknown()).isPositive();
    java.util.function.Predicate<UsageRecord> gammaUnknown = r -> r.model().equals("gamma") && r.tokens().cacheRead() > 0;
    EfficiencyReport middle = service.efficiency(scope);
    EfficiencyOracle oracleMiddle = new EfficiencyOracle(RECORDS, EfficiencyData.outcomes(), scope, gammaUnknown);
    assertExactly(middle.models(), oracleMiddle.models());
    assertThat(middle.models()).filteredOn(m -> m.model().equals("alpha")).singleElement()
        .extracting(ModelEfficiency::cacheSavingsUsd).isNotNull();

    CacheSavingsBackfill.Result rest = new CacheSavingsBackfill(store, store, () -> CostSettings.of(catalog)).run();
    assertThat(rest.stillUnknown()).isZero();
    assertThat(rest.filled()).isPositive();
    EfficiencyReport after = service.efficiency(scope);
    EfficiencyOracle oracle = new EfficiencyOracle(RECORDS, EfficiencyData.outcomes(), scope, r -> false);
    assertExactly(after.totals(), oracle.totals());
    assertExactly(after.agents(), oracle.agents());
    assertExactly(after.models(), oracle.models());
    assertThat(store.unknownCacheSavingsRecords()).isZero();
    assertThat(new CacheSavingsBackfill(store, store, () -> CostSettings.of(catalog)).run().filled()).isZero();
  }

  /** Exactly equal values: BigDecimal by value (the scale of an exact value is not a difference). */
  private static void assertExactly(Object actual, Object expected) {
    assertThat(actual).usingRecursiveComparison(RecursiveComparisonConfiguration.builder()
        .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).build()).isEqualTo(expected);
  }
}
