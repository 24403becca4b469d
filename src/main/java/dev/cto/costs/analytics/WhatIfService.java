package dev.cto.costs.analytics;

import static dev.cto.costs.store.Dimension.DAY;
import static dev.cto.costs.store.Dimension.MODEL;
import static dev.cto.costs.store.Dimension.PRICED;
import static dev.cto.costs.store.Dimension.REPOSITORY;

import dev.cto.costs.domain.CostCalculator;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.report.NoCostDataException;
import dev.cto.costs.report.ReportException;
import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.GroupTotals;
import dev.cto.costs.store.UsageFilter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code costs whatif}: re-prices the records of the swapped models with TO's price in force on
 * each record's day, exactly, from day × model sums wherever sums are exact ({@link PricingPath}),
 * so a 90-day period reads rollup rows, not millions of records. Other records keep their cost.
 */
public final class WhatIfService {

  private record DayModel(LocalDate day, String model) {}

  private final CostQueries queries;
  private final Supplier<CostSettings> settings;

  public WhatIfService(CostQueries queries, Supplier<CostSettings> settings) {
    this.queries = queries;
    this.settings = settings;
  }

  public WhatIfReport whatIf(WhatIfRequest request) {
    CostSettings now = settings.get(); // one snapshot: a reload mid-report changes nothing
    SwapPlan plan = new SwapPlan(request.swaps(), now.catalog());
    UsageFilter filter = filter(request, now);
    List<GroupTotals> rows = queries.aggregate(filter, List.of(DAY, MODEL, PRICED), 0);
    if (request.prNumber() != null && rows.isEmpty()) {
      throw new NoCostDataException("no cost data for PR " + request.prNumber() + " in " + filter.repository()
          + (request.agent() == null ? "" : " by agent " + request.agent()));
    }
    plan.requireKnownFroms(rows.stream().map(g -> g.string(1)).distinct().toList());

    WhatIfTally tally = new WhatIfTally(plan);
    Map<DayModel, Long> splitAt = new HashMap<>();
    Set<DayModel> oneByOne = new LinkedHashSet<>();
    long records = 0;
    long unpricedRecords = 0;
    long actualNanos = 0;
    for (GroupTotals g : rows) {
      LocalDate day = (LocalDate) g.key().get(0);
      String model = g.string(1);
      boolean priced = (Boolean) g.key().get(2);
      records += g.records();
      unpricedRecords += g.unpricedRecords();
      actualNanos = Math.addExact(actualNanos, g.cost().nanos());
      Optional<Integer> swap = plan.swapOf(model);
      if (!priced) {
        tally.unpriced(model, swap.map(plan::target).orElse(null), g.records(), g.tokens());
      } else if (swap.isPresent()) {
        ModelPrice to = plan.targetPrice(swap.get(), day);
        switch (PricingPath.of(to)) {
          case SUMS -> tally.repriced(swap.get(), model, g.records(), 0, g.cost(), CostCalculator.cost(to.rates(), g.tokens()));
          case SPLIT_SUMS -> splitAt.put(new DayModel(day, model), to.longContext().thresholdTokens());
          case RECORDS -> oneByOne.add(new DayModel(day, model));
        }
      }
    }
    priceSplitSums(filter, plan, splitAt, tally);
    priceOneByOne(filter, plan, oneByOne, tally);

    long whatifNanos = Math.addExact(Math.subtractExact(actualNanos, tally.actualNanos()), tally.whatifNanos());
    List<LocalDate> days = rows.stream().map(g -> (LocalDate) g.key().get(0)).sorted().toList();
    AnalyticsScope period = request.period();
    WhatIfReport.Scope scope = new WhatIfReport.Scope(
        period == null ? "pr" : "period", filter.repository(), request.prNumber(), request.agent(),
        period != null ? period.from() : days.isEmpty() ? null : days.get(0),
        period != null ? period.to() : days.isEmpty() ? null : days.get(days.size() - 1),
        request.modelTexts(), records, unpricedRecords);
    return new WhatIfReport(scope, WhatIfTally.usd(actualNanos), WhatIfTally.usd(whatifNanos),
        WhatIfTally.usd(Math.subtractExact(whatifNanos, actualNanos)), tally.modelLines(), tally.unpricedLines());
  }

  /**
   * The models a what-if can price records as (a TO): every model of the catalog, by its catalog
   * name, sorted; read from the same settings snapshot source as {@link #whatIf}.
   */
  public List<String> targets() {
    return settings.get().catalog().entries().stream().map(ModelPrice::model).distinct()
        .sorted(String.CASE_INSENSITIVE_ORDER.thenComparing(java.util.Comparator.naturalOrder())).toList();
  }

  /** One query per long-context threshold: the records' sums on each side of it, for the days that need it. */
  private void priceSplitSums(UsageFilter filter, SwapPlan plan, Map<DayModel, Long> splitAt, WhatIfTally tally) {
    Map<Long, Set<DayModel>> byThreshold = new TreeMap<>();
    splitAt.forEach((dm, threshold) -> byThreshold.computeIfAbsent(threshold, t -> new LinkedHashSet<>()).add(dm));
    byThreshold.forEach((threshold, pairs) -> {
      List<String> models = pairs.stream().map(DayModel::model).distinct().toList();
      for (GroupTotals g : queries.aggregateBySize(narrowed(filter, pairs), models, threshold)) {
        DayModel dm = new DayModel((LocalDate) g.key().get(0), g.string(1));
        if (!pairs.contains(dm)) {
          continue; // that day TO has another threshold, or none
        }
        int swap = plan.swapOf(dm.model()).orElseThrow();
        ModelPrice to = plan.targetPrice(swap, dm.day());
        boolean above = (Boolean) g.key().get(3);
        Usd whatif = CostCalculator.cost(above ? to.longContext().rates() : to.rates(), g.tokens());
        tally.repriced(swap, dm.model(), g.records(), above ? g.records() : 0, g.cost(), whatif);
      }
    });
  }

  /** Rates finer than whole nano-dollars per token round per record: those records are read and priced one by one. */
  private void priceOneByOne(UsageFilter filter, SwapPlan plan, Set<DayModel> pairs, WhatIfTally tally) {
    if (pairs.isEmpty()) {
      return;
    }
    queries.forEachRecord(narrowed(filter, pairs), p -> {
      LocalDate day = LocalDate.ofInstant(p.record().timestamp(), ZoneOffset.UTC);
      if (pairs.contains(new DayModel(day, p.record().model()))) {
        reprice(p, plan, tally);
      }
    });
  }

  private static void reprice(PricedUsage p, SwapPlan plan, WhatIfTally tally) {
    int swap = plan.swapOf(p.record().model()).orElseThrow();
    ModelPrice to = plan.targetPrice(swap, LocalDate.ofInstant(p.record().timestamp(), ZoneOffset.UTC));
    boolean longContext = to.longContext() != null && to.longContext().appliesTo(p.record().tokens());
    tally.repriced(swap, p.record().model(), 1, longContext ? 1 : 0, p.cost(), CostCalculator.cost(to, p.record().tokens()));
  }

  /** The priced records of the scope on the days from the first to the last of {@code pairs}. */
  private static UsageFilter narrowed(UsageFilter filter, Set<DayModel> pairs) {
    LocalDate first = pairs.stream().map(DayModel::day).min(LocalDate::compareTo).orElseThrow();
    LocalDate last = pairs.stream().map(DayModel::day).max(LocalDate::compareTo).orElseThrow();
    java.time.Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
    java.time.Instant until = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return new UsageFilter(filter.repository(), filter.prNumber(), filter.agent(),
        filter.from() == null || from.isAfter(filter.from()) ? from : filter.from(),
        filter.until() == null || until.isBefore(filter.until()) ? until : filter.until(), true);
  }

  private UsageFilter filter(WhatIfRequest request, CostSettings now) {
    if (request.period() != null) {
      return request.period().filter();
    }
    String repository = request.repository() != null ? request.repository() : repositoryOf(request.prNumber(), now);
    return new UsageFilter(repository, request.prNumber(), request.agent(), null, null, null);
  }

  /** As the PR report resolves it: the configured default repository, else the only one with this PR. */
  private String repositoryOf(long pr, CostSettings now) {
    String fallback = now.defaultRepository();
    List<GroupTotals> repos = queries.aggregate(new UsageFilter(null, pr, null, null, null, null), REPOSITORY);
    if (fallback != null && (repos.isEmpty() || repos.stream().anyMatch(g -> fallback.equals(g.string(0))))) {
      return fallback;
    }
    if (repos.isEmpty()) {
      throw new NoCostDataException("no cost data for PR " + pr);
    }
    if (repos.size() > 1) {
      throw new ReportException("PR " + pr + " exists in several repositories ("
          + String.join(", ", repos.stream().map(g -> g.string(0)).toList()) + "): give the repository (--repo, or repo= over HTTP)");
    }
    return repos.get(0).string(0);
  }
}
