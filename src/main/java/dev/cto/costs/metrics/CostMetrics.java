package dev.cto.costs.metrics;

import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.domain.TokenCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/** The service's meters, registered once; callers report events, gauges read suppliers. */
public final class CostMetrics {

  /** Distinct values each client-made label keeps before the rest share {@code other}. */
  public static final int DEFAULT_LABEL_CAP = 100;

  /** The labels whose values come from clients: agent and stage names, models, repositories. */
  private static final List<String> CAPPED_LABELS = List.of("agent", "model", "stage", "repository");

  /** One {@code total_cost_usd} series: a PR's spend by agent and stage. */
  public record PrSpend(String repository, String pr, String agent, String stage, double usd) {}

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MultiGauge prSpend;
  private final MultiGauge budgetSpent;
  private final MultiGauge budgetRemaining;
  private final MultiGauge budgetLimit;
  private final MultiGauge budgetProjected;
  private final LabelCap cap;
  private final int labelCap;

  public CostMetrics() {
    this(DEFAULT_LABEL_CAP);
  }

  /** @param labelCap distinct values per client-made label ({@code agent}, {@code model}, …) */
  public CostMetrics(int labelCap) {
    this.labelCap = labelCap;
    cap = new LabelCap(labelCap, CAPPED_LABELS);
    registry.config().meterFilter(cap); // before any meter: a filter added later misses those
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    prSpend = MultiGauge.builder("total_cost_usd")
        .description("Total cost in USD of PRs with usage in the metrics window, by agent and stage")
        .register(registry);
    budgetSpent = MultiGauge.builder("cost_budget_spent_usd")
        .description("Spend in USD of each budget's current period (a per-PR budget: its PR closest to the limit)")
        .register(registry);
    budgetRemaining = MultiGauge.builder("cost_budget_remaining_usd")
        .description("USD left in each budget's current period after spend and reservations (a per-PR budget: its PR closest to the limit)")
        .register(registry);
    budgetLimit = MultiGauge.builder("cost_budget_limit_usd")
        .description("Each budget's limit in USD per period")
        .register(registry);
    budgetProjected = MultiGauge.builder("cost_budget_projected_usd")
        .description("Each budget's spend in USD projected to its period's end at the run rate so far (periodic budgets only)")
        .register(registry);
    // alert rules and panels take increase() of these: a series that is born at 1 shows no increase,
    // and a panel over a counter nobody has touched yet shows "no data" instead of 0
    for (ThresholdLevel level : List.of(ThresholdLevel.WARNING, ThresholdLevel.ERROR)) {
      thresholdViolations(level.wireName());
    }
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    synchronized (seriesReplacement) {
      return registry.scrape();
    }
  }

  /**
   * Held while the refreshed gauges replace their series and while a scrape reads them. Micrometer's
   * MultiGauge replaces a series by removing it and registering it again; a scrape in between can
   * read the old and the new one together (a gauge with one series drops its Prometheus collector
   * and makes a new one) and the Prometheus client then refuses the whole scrape with "Duplicate
   * labels" (micrometer-metrics/micrometer#6851; seen in CI). A refresh takes microseconds every
   * few seconds, so a scrape rarely waits, and never for a query: the refreshes query first.
   */
  private final Object seriesReplacement = new Object();

  /**
   * Time from the collector's receipt of a request (on any capture path) to the commit of its
   * records, once per (agent, stage) in the request.
   */
  public void recorded(String agent, String stage, Duration elapsed) {
    Timer.builder("cost_recording_duration")
        .description("Time to record cost data, from receipt to durable commit")
        .tags("agent", agent, "stage", stage)
        .publishPercentileHistogram()
        .register(registry)
        .record(elapsed);
  }

  /** @param source the capture path: {@code http}, {@code proxy}, {@code otlp}, {@code import}, {@code client} */
  public void tokens(String source, String agent, String model, TokenCounts t) {
    count(source, "input", agent, model, t.input());
    count(source, "output", agent, model, t.output());
    count(source, "cache_write", agent, model, t.cacheCreation());
    count(source, "cache_read", agent, model, t.cacheRead());
  }

  private void count(String source, String type, String agent, String model, long n) {
    if (n > 0) {
      Counter.builder("token_usage").description("Total tokens used")
          .tags("agent", agent, "model", model, "type", type, "source", source).register(registry).increment(n);
    }
  }

  public void thresholdCrossed(ThresholdCrossing crossing) {
    thresholdViolations(crossing.level().wireName()).increment();
  }

  private Counter thresholdViolations(String type) {
    return Counter.builder("cost_threshold_violations").description("Number of cost threshold violations")
        .tags("type", type).register(registry);
  }

  /** A cost anomaly announced for the first time (by this process: each is announced once in all). */
  public void anomalyAnnounced(String kind) {
    anomalies(kind).increment();
  }

  /** Registers {@code cost_anomalies_total} at 0 for these kinds, so rules see the series before the first. */
  public void anomalyKinds(List<String> kinds) {
    kinds.forEach(this::anomalies);
  }

  private Counter anomalies(String kind) {
    return Counter.builder("cost_anomalies").description("Cost anomalies announced, by kind (pr_cost, iteration_loop, daily_spend)")
        .tags("kind", kind).register(registry);
  }

  /** A budget alert announced for the first time: {@code budget_threshold} or {@code budget_forecast}. */
  public void budgetAlertAnnounced(String event) {
    budgetAlerts(event).increment();
  }

  /** Registers {@code cost_budget_alerts_total} at 0 for these events, so rules see the series before the first. */
  public void budgetAlertEvents(List<String> events) {
    events.forEach(this::budgetAlerts);
  }

  private Counter budgetAlerts(String event) {
    return Counter.builder("cost_budget_alerts")
        .description("Budget alerts announced (alert_at crossings and run-out forecasts), by event")
        .tags("event", event).register(registry);
  }

  /**
   * {@code cost_usd_total}: spend committed, by repository, agent, model and stage (all four capped),
   * so a dashboard can show the spend rate by any of them. Unpriced records add nothing here; they
   * are counted by {@code cost_unpriced_records_total}.
   */
  public void spent(String repository, String agent, String model, String stage, double usd) {
    Counter.builder("cost_usd").description("Cost in USD of the records committed, by repository, agent, model and stage")
        .tags("repository", repository, "agent", agent, "model", model, "stage", stage).register(registry).increment(usd);
  }

  /**
   * {@code cost_proxy_overhead_seconds}: the time the proxy itself adds to a call (reading the
   * request, budget admission, recording), without the upstream's time.
   */
  public void proxyOverhead(String provider, Duration overhead) {
    Timer.builder("cost_proxy_overhead")
        .description("Time the LLM proxy adds to a call, the upstream's own time excluded, by provider")
        .tags("provider", provider)
        .publishPercentileHistogram()
        .register(registry)
        .record(overhead);
  }

  /** Records committed: {@code accepted} (stored now) or {@code duplicate} (stored before). */
  public void records(String source, String outcome, long n) {
    Counter.builder("cost_collector_records").description("Usage records committed, by capture path and outcome")
        .tags("source", source, "outcome", outcome).register(registry).increment(n);
  }

  /** Records refused, none stored: {@code overload}, {@code store_failure}, {@code invalid_<field>}. */
  public void rejected(String source, String reason, long n) {
    Counter.builder("cost_collector_rejected_records")
        .description("Usage records refused, by capture path and reason (invalid_ and the field at fault for bad input)")
        .tags("source", source, "reason", reason).register(registry).increment(n);
  }

  /**
   * {@code cost_budget_refusals_total{budget}}: calls a budget refused (proxy and reservations).
   * Labelled by budget only, never by PR, so a {@code {pr: "*"}} budget stays one series.
   */
  public void budgetRefused(String budget) {
    Counter.builder("cost_budget_refusals").description("Calls refused by an enforced budget, by budget")
        .tags("budget", budget).register(registry).increment();
  }

  public void unpriced(String model, long n) {
    Counter.builder("cost_unpriced_records").description("Records stored without a price, by model")
        .tags("model", model).register(registry).increment(n);
  }

  public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
    Gauge.builder(name, source, value).description(description).register(registry);
  }

  /**
   * {@code cost_forecast_month_usd}: where the current UTC month's spend is projected to end. The
   * value is what {@code projectedUsd} last computed off the scrape (NaN before the first time): a
   * forecast reads a year of the daily rollup, too much to do on every scrape.
   */
  public void monthForecast(DoubleSupplier projectedUsd) {
    Gauge.builder("cost_forecast_month_usd", projectedUsd, DoubleSupplier::getAsDouble)
        .description("Projected total spend in USD of the current month (UTC), as costs forecast computes it")
        .strongReference(true) // the supplier is a lambda nothing else holds: a weak reference reads NaN after a GC
        .register(registry);
  }

  /**
   * A state set: one series per possible value of {@code label}, 1 for the current one and 0 for
   * the others, so a query can alert on a state by name.
   */
  public void stateSet(String name, String description, String label, List<String> values, Supplier<String> current) {
    for (String value : values) {
      Gauge.builder(name, current, c -> value.equals(c.get()) ? 1 : 0).description(description).tags(label, value)
          .strongReference(true) // the supplier is a lambda nothing else holds: a weak reference reads NaN after a GC
          .register(registry);
    }
  }

  /**
   * Replaces the {@code total_cost_usd} series (old PRs leave the window and disappear). The PRs
   * with the most spend keep their own {@code pr} label, up to the label cap; the rest, and agents,
   * stages and repositories over their caps, are summed into {@code other} series, so no spend is
   * dropped and no two rows fight over one series.
   */
  public void prSpend(Supplier<List<PrSpend>> spend) {
    List<PrSpend> rows = spend.get();
    Map<List<String>, Double> byPr = new HashMap<>();
    rows.forEach(s -> byPr.merge(List.of(s.repository(), s.pr()), s.usd(), Double::sum));
    Set<List<String>> labelled = byPr.entrySet().stream()
        .sorted(Map.Entry.<List<String>, Double>comparingByValue().reversed())
        .limit(labelCap).map(Map.Entry::getKey).collect(Collectors.toSet());
    Map<Tags, Double> series = new LinkedHashMap<>();
    for (PrSpend s : rows) {
      String pr = labelled.contains(List.of(s.repository(), s.pr())) ? s.pr() : LabelCap.OTHER;
      Tags tags = Tags.of("repository", cap.value("repository", s.repository()), "pr", pr,
          "agent", cap.value("agent", s.agent()), "stage", cap.value("stage", s.stage()));
      series.merge(tags, s.usd(), Double::sum);
    }
    List<MultiGauge.Row<?>> gauges = series.entrySet().stream()
        .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(e.getKey(), e.getValue())).toList();
    synchronized (seriesReplacement) {
      prSpend.register(gauges, true);
    }
  }

  /**
   * One budget's gauges; budget names come from the config, so they need no label cap.
   *
   * @param projectedUsd the spend projected to the period's end; NaN for a PR's whole life (no end),
   *     which then has no {@code cost_budget_projected_usd} series
   */
  public record BudgetGauge(String budget, double spentUsd, double remainingUsd, double limitUsd, double projectedUsd) {}

  /**
   * Replaces the budget gauges: one series per budget, labelled {@code budget} only, so a {@code
   * {pr: "*"}} budget never makes a series per PR; budgets removed from the config disappear.
   */
  public void budgets(List<BudgetGauge> gauges) {
    synchronized (seriesReplacement) {
      replaceBudgets(gauges);
    }
  }

  private void replaceBudgets(List<BudgetGauge> gauges) {
    budgetSpent.register(gauges.stream().map(g -> MultiGauge.Row.of(Tags.of("budget", g.budget()), g.spentUsd())).toList(), true);
    budgetRemaining.register(
        gauges.stream().map(g -> MultiGauge.Row.of(Tags.of("budget", g.budget()), g.remainingUsd())).toList(), true);
    budgetLimit.register(gauges.stream()
        .map(g -> MultiGauge.Row.of(Tags.of("budget", g.budget()), g.limitUsd())).toList(), true);
    budgetProjected.register(gauges.stream().filter(g -> !Double.isNaN(g.projectedUsd()))
        .map(g -> MultiGauge.Row.of(Tags.of("budget", g.budget()), g.projectedUsd())).toList(), true);
  }
}
