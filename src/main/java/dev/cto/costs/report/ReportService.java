package dev.cto.costs.report;

import static dev.cto.costs.store.Dimension.AGENT;
import static dev.cto.costs.store.Dimension.DAY;
import static dev.cto.costs.store.Dimension.ITERATION;
import static dev.cto.costs.store.Dimension.MODEL;
import static dev.cto.costs.store.Dimension.PR;
import static dev.cto.costs.store.Dimension.PROVIDER;
import static dev.cto.costs.store.Dimension.REPOSITORY;
import static dev.cto.costs.store.Dimension.STAGE;

import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.report.Lines.AgentLine;
import dev.cto.costs.report.Lines.DayLine;
import dev.cto.costs.report.Lines.IterationLine;
import dev.cto.costs.report.Lines.ModelLine;
import dev.cto.costs.report.Lines.PrLine;
import dev.cto.costs.report.Lines.PrListLine;
import dev.cto.costs.report.Lines.StageLine;
import dev.cto.costs.report.Lines.UnpricedLine;
import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.GroupTotals;
import dev.cto.costs.store.UsageFilter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds every report from a handful of GROUP BY queries through {@link CostQueries}; nothing here
 * loads records. Money stays in integer nano-dollars until it becomes the report's exact decimal.
 */
public final class ReportService {

  private static final int TOP_PRS = 10;

  private final CostQueries queries;
  private final Supplier<CostSettings> settings;

  public ReportService(CostQueries queries, Supplier<CostSettings> settings) {
    this.queries = queries;
    this.settings = settings;
  }

  public PrReport prReport(String repository, long pr, boolean detailed) {
    String repo = resolveRepository(repository, pr);
    UsageFilter filter = UsageFilter.pr(repo, pr);
    GroupTotals total = queries.totals(filter);
    if (total.records() == 0) {
      throw new NoCostDataException("no cost data for PR " + pr + (repository == null ? "" : " in " + repository));
    }
    List<AgentLine> agents = queries.aggregate(filter, AGENT).stream()
        .map(g -> new AgentLine(g.string(0), g.maxIteration(), g.tokens().input(), g.tokens().output(),
            g.tokens().cacheCreation(), g.tokens().cacheRead(), usd(g), g.records()))
        .toList();
    List<IterationLine> iterations = null;
    if (detailed) {
      iterations = queries.aggregate(filter, AGENT, ITERATION).stream()
          .sorted(Comparator.comparing((GroupTotals g) -> g.string(0)).thenComparing(g -> (Integer) g.key().get(1)))
          .map(g -> new IterationLine(g.string(0), (Integer) g.key().get(1), usd(g), g.tokens().input(), g.tokens().output()))
          .toList();
    }
    Thresholds thresholds = settings.get().thresholds();
    return new PrReport(
        repo.isEmpty() ? null : repo, pr, usd(total), total.tokens().input(), total.tokens().output(),
        total.tokens().cacheCreation(), total.tokens().cacheRead(), total.records(), total.unpricedRecords(),
        total.firstAt(), total.lastAt(), thresholds.levelOf(total.cost()).wireName(),
        dollars(thresholds.warning()), dollars(thresholds.error()),
        agents, stages(filter), models(filter), unpriced(filter), iterations);
  }

  public AgentReport agentReport(String agent, Instant since, Instant until) {
    UsageFilter filter = UsageFilter.agent(agent, since, until);
    GroupTotals total = queries.totals(filter);
    if (total.records() == 0) {
      throw new NoCostDataException("no cost data for agent " + agent
          + (since == null ? "" : " since " + since.toString().replace("T00:00:00Z", "")));
    }
    List<PrLine> prs = queries.aggregate(filter, REPOSITORY, PR).stream().map(ReportService::prLine).toList();
    List<DayLine> daily = days(filter);
    return new AgentReport(agent, since, until, usd(total), total.tokens().input(), total.tokens().output(),
        total.tokens().cacheCreation(), total.tokens().cacheRead(), total.records(), total.unpricedRecords(),
        prs, models(filter), stages(filter), unpriced(filter), daily);
  }

  /** The thresholds in force, which decide each PR's status in {@link #prList}. */
  public Thresholds thresholds() {
    return settings.get().thresholds();
  }

  /** PRs with usage matching the filters (null: any), sorted, at most {@code limit} of them (0: all). */
  public PrListing prList(String repository, String agent, Instant since, Instant until, PrListing.Sort sort, int limit) {
    return prList(repository, agent, since, until, null, sort, 0, limit);
  }

  /**
   * One page of the PRs that match: {@code status} (ok, warning, error; null for any) filters on
   * the threshold status, {@code total} counts every match, and the page starts after {@code offset}.
   */
  public PrListing prList(
      String repository, String agent, Instant since, Instant until, String status, PrListing.Sort sort, int offset, int limit) {
    if (status != null && java.util.Arrays.stream(dev.cto.costs.domain.ThresholdLevel.values()).noneMatch(l -> l.wireName().equals(status))) {
      throw new IllegalArgumentException("status: must be ok, warning or error, was '" + status + "'");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset: must be >= 0, was " + offset);
    }
    UsageFilter filter = new UsageFilter(repository, null, agent, since, until, null);
    Thresholds thresholds = settings.get().thresholds();
    Comparator<GroupTotals> order = sort == PrListing.Sort.DATE
        ? Comparator.comparing(GroupTotals::lastAt, Comparator.nullsLast(Comparator.reverseOrder()))
        : Comparator.comparing(GroupTotals::cost).reversed();
    List<GroupTotals> rows = queries.aggregate(filter, List.of(REPOSITORY, PR), 0).stream()
        .filter(g -> g.key().get(1) != null)
        .filter(g -> status == null || thresholds.levelOf(g.cost()).wireName().equals(status))
        .sorted(order.thenComparing(g -> g.string(0)).thenComparing(g -> g.pr(1)))
        .toList();
    List<PrListLine> lines = rows.stream().skip(offset).limit(limit > 0 ? limit : Long.MAX_VALUE)
        .map(g -> new PrListLine(g.string(0) == null || g.string(0).isEmpty() ? null : g.string(0), g.pr(1), usd(g),
            g.tokens().input(), g.tokens().output(), g.records(), g.unpricedRecords(), g.maxIteration(), g.firstAt(),
            g.lastAt(), thresholds.levelOf(g.cost()).wireName()))
        .toList();
    return new PrListing(repository, agent, since, until, sort.toString(), rows.size(), lines);
  }

  /** The PRs that have cost data; the others are named in the result, and none at all is an error. */
  public Comparison compare(String repository, List<Long> prs) {
    List<PrReport> reports = new ArrayList<>();
    List<Long> missing = new ArrayList<>();
    for (Long pr : prs) {
      try {
        reports.add(prReport(repository, pr, false));
      } catch (NoCostDataException e) {
        missing.add(pr);
      }
    }
    if (reports.isEmpty()) {
      throw new NoCostDataException("no cost data for any of PRs " + join(missing) + (repository == null ? "" : " in " + repository));
    }
    return new Comparison(reports, missing);
  }

  private static String join(List<Long> prs) {
    return String.join(", ", prs.stream().map(String::valueOf).toList());
  }

  public Summary summary(Instant from, Instant until) {
    return summary(from, until, null);
  }

  /** The summary of one repository's usage ({@code null}: every repository). */
  public Summary summary(Instant from, Instant until, String repository) {
    return overview(from, until, repository).summary();
  }

  /**
   * The summary of one repository's usage ({@code null}: every repository) and its daily spend per
   * agent, from two GROUP BYs folded in Java ({@link SummaryFold}) rather than one per breakdown.
   */
  public Overview overview(Instant from, Instant until, String repository) {
    UsageFilter filter = new UsageFilter(repository, null, null, from, until, null);
    return SummaryFold.fold(from, until, queries.aggregateUnordered(filter, SummaryFold.FINE),
        queries.aggregateUnordered(filter, SummaryFold.PRS), TOP_PRS);
  }

  /** Each UTC day's spend per agent, by day then by cost (the dashboard's stacked daily chart). */
  public List<Lines.DayAgentLine> dailyByAgent(Instant from, Instant until, String repository) {
    return queries.aggregate(new UsageFilter(repository, null, null, from, until, null), DAY, AGENT).stream()
        .sorted(Comparator.comparing((GroupTotals g) -> (LocalDate) g.key().get(0)).thenComparing(g -> -g.cost().nanos()))
        .map(g -> new Lines.DayAgentLine((LocalDate) g.key().get(0), g.string(1), usd(g), g.records()))
        .toList();
  }

  /** The repositories with usage in the period, by name ({@code ""} stands for usage without one). */
  public List<String> repositories(Instant from, Instant until) {
    return queries.aggregate(UsageFilter.period(from, until), REPOSITORY).stream().map(g -> g.string(0)).sorted().toList();
  }

  /**
   * A PR's model calls, oldest first; of a longer history only the latest {@code limit} (the
   * records are streamed, so only {@code limit} are held at a time).
   */
  public List<Lines.CallLine> calls(String repository, long pr, int limit) {
    java.util.ArrayDeque<Lines.CallLine> latest = new java.util.ArrayDeque<>();
    queries.forEachRecord(UsageFilter.pr(repository, pr), p -> {
      dev.cto.costs.domain.UsageRecord r = p.record();
      latest.addLast(new Lines.CallLine(r.timestamp(), r.attribution().agent(), r.attribution().stage(),
          r.attribution().iteration(), r.model(), r.tokens().input(), r.tokens().output(),
          r.tokens().cacheWrite5m() + r.tokens().cacheWrite1h(), r.tokens().cacheRead(),
          p.priced() ? dollars(p.cost()) : null));
      if (latest.size() > limit) {
        latest.removeFirst();
      }
    });
    return List.copyOf(latest);
  }

  /** The catalog's prices in force at {@code at} for these models; models it does not know are left out. */
  public List<Lines.PriceLine> pricesInForce(List<String> models, Instant at) {
    dev.cto.costs.domain.PricingCatalog catalog = settings.get().catalog();
    return models.stream().distinct()
        .map(m -> catalog.priceFor(m, at).map(p -> new Lines.PriceLine(m, p.provider(), p.effectiveFrom(),
            p.rates().input(), p.rates().output(), p.rates().effectiveCacheWrite(), p.rates().effectiveCacheRead(),
            p.longContext() != null)))
        .flatMap(java.util.Optional::stream)
        .toList();
  }

  /**
   * PR numbers are per repository: the one asked for, else the configured default, else the only
   * repository that has this PR.
   */
  private String resolveRepository(String repository, long pr) {
    if (repository != null) {
      return repository;
    }
    String fallback = settings.get().defaultRepository();
    List<GroupTotals> repos = queries.aggregate(new UsageFilter(null, pr, null, null, null, null), REPOSITORY);
    if (fallback != null && (repos.isEmpty() || repos.stream().anyMatch(g -> fallback.equals(g.string(0))))) {
      return fallback;
    }
    if (repos.isEmpty()) {
      throw new NoCostDataException("no cost data for PR " + pr);
    }
    if (repos.size() > 1) {
      List<String> names = repos.stream().map(g -> g.string(0).isEmpty() ? "(no repository)" : g.string(0)).sorted().toList();
      throw new ReportException("PR " + pr + " exists in several repositories (" + String.join(", ", names) + "): pass --repo");
    }
    return repos.get(0).string(0);
  }

  private List<StageLine> stages(UsageFilter filter) {
    List<GroupTotals> rows = queries.aggregate(filter, STAGE);
    List<BigDecimal> shares = Percentages.of(rows.stream().map(g -> g.cost().nanos()).toList());
    List<StageLine> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      GroupTotals g = rows.get(i);
      out.add(new StageLine(g.string(0), usd(g), shares.get(i), g.tokens().input(), g.tokens().output()));
    }
    return out;
  }

  private List<ModelLine> models(UsageFilter filter) {
    return queries.aggregate(filter.withPriced(true), MODEL, PROVIDER).stream()
        .map(g -> new ModelLine(g.string(0), g.string(1), usd(g), g.tokens().input(), g.tokens().output(),
            g.tokens().cacheCreation(), g.tokens().cacheRead(), g.records()))
        .toList();
  }

  private List<UnpricedLine> unpriced(UsageFilter filter) {
    return queries.aggregate(filter.withPriced(false), MODEL).stream()
        .sorted(Comparator.comparing((GroupTotals g) -> -g.records()).thenComparing(g -> g.string(0)))
        .map(g -> new UnpricedLine(g.string(0), g.records(), g.tokens().input(), g.tokens().output()))
        .toList();
  }

  private List<DayLine> days(UsageFilter filter) {
    return queries.aggregate(filter, DAY).stream()
        .sorted(Comparator.comparing(g -> (LocalDate) g.key().get(0)))
        .map(g -> new DayLine((LocalDate) g.key().get(0), usd(g), g.records()))
        .toList();
  }

  private static PrLine prLine(GroupTotals g) {
    String repo = g.string(0);
    return new PrLine(repo == null || repo.isEmpty() ? null : repo, g.pr(1), usd(g), g.maxIteration(), g.records());
  }

  static BigDecimal usd(GroupTotals g) {
    return dollars(g.cost());
  }

  static BigDecimal dollars(Usd usd) {
    return usd == null ? null : new BigDecimal(usd.toPlainString());
  }
}
