package dev.cto.costs.app;

import dev.cto.costs.analytics.Analytics;
import dev.cto.costs.analytics.AnomalyAnnouncer;
import dev.cto.costs.analytics.AnomalyKind;
import dev.cto.costs.analytics.ForecastRequest;
import dev.cto.costs.capture.proxy.LlmProxy;
import dev.cto.costs.capture.proxy.ProxyRecorder;
import dev.cto.costs.capture.proxy.ProxySettings;
import dev.cto.costs.capture.proxy.UsageSpool;
import dev.cto.costs.collect.CollectorOptions;
import dev.cto.costs.collect.LoggingThresholdSink;
import dev.cto.costs.collect.ThresholdMonitor;
import dev.cto.costs.collect.UsageCollector;
import dev.cto.costs.collect.UsageRecordReader;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.mcp.CostsMcpServer;
import dev.cto.costs.mcp.HttpEndpoint;
import dev.cto.costs.budget.BudgetAlerts;
import dev.cto.costs.report.AlertLog;
import dev.cto.costs.budget.BudgetBook;
import dev.cto.costs.budget.BudgetReport;
import dev.cto.costs.budget.BudgetEnforcer;
import dev.cto.costs.budget.EnforcementOptions;
import dev.cto.costs.budget.BudgetStatusService;
import dev.cto.costs.budget.Chargeback;
import dev.cto.costs.budget.CallReservations;
import dev.cto.costs.metrics.CollectorMeters;
import dev.cto.costs.metrics.CostMetrics;
import dev.cto.costs.pricing.ConfigReloader;
import dev.cto.costs.pricing.CostConfig;
import dev.cto.costs.pricing.ProxyConfig;
import dev.cto.costs.pricing.DefaultCatalog;
import dev.cto.costs.collect.CacheSavingsBackfill;
import dev.cto.costs.report.ReportService;
import dev.cto.costs.store.Dimension;
import dev.cto.costs.store.GroupTotals;
import dev.cto.costs.store.StoreHealth;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.jdbc.JdbcStore;
import dev.cto.costs.web.BudgetRoutes;
import dev.cto.costs.web.CollectorServer;
import dev.cto.costs.web.ServerOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running collector service: config (hot-reloaded), store, collector, threshold monitor,
 * metrics and the HTTP server. {@link #close()} is the graceful shutdown Kubernetes asks for with
 * SIGTERM: stop taking requests, finish the ones in flight, commit everything accepted, close.
 */
public final class CollectorService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CollectorService.class);

  private final ConfigReloader reloader;
  private final JdbcStore store;
  private final ThresholdMonitor monitor;
  private final ServeAlerts alerts;
  private final UsageCollector collector;
  private final CollectorServer server;
  private final ScheduledExecutorService refresher;
  private final AtomicLong spoolRecords = new AtomicLong();
  /** The last month-end projection in USD, as the bits of a double (NaN until the first). */
  private final AtomicLong forecastUsdBits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
  private final ProxyRecorder proxyRecorder;
  private final HttpEndpoint mcp;
  private final CacheSavingsBackfill savingsBackfill;
  private final AnomalyAlerts anomalyAlerts;
  private final BudgetEnforcer budgetEnforcer;

  private CollectorService(AppOptions app, ServerOptions options, Clock clock, Supplier<Map<String, String>> env) {
    reloader = app.configPath() == null ? null : new ConfigReloader(app.configPath(), Duration.ofSeconds(2));
    CostSettings defaults = CostSettings.of(DefaultCatalog.load());
    Supplier<CostSettings> settings = reloader == null ? () -> defaults : reloader;
    CostsApp opened = CostsApp.open(app);
    store = opened.store();
    CostMetrics metrics = new CostMetrics();
    Supplier<CostConfig> liveConfig = () -> reloader == null ? null : reloader.config();
    // PR comments (post_to_pr): on crossings at once, otherwise at most once per comment_min_interval
    alerts = new ServeAlerts(store, liveConfig, clock,
        new GitHubCommentPort(store, settings, liveConfig, env, clock));
    monitor = new ThresholdMonitor(store, store, settings,
        List.of(new LoggingThresholdSink(), metrics::thresholdCrossed, alerts.dispatcher()), clock);
    alerts.start(monitor);
    collector = new UsageCollector(store, settings, monitor, CollectorOptions.DEFAULTS, new CollectorMeters(metrics));
    // the store's health is what it last saw, read without touching the database: safe on a scrape
    metrics.gauge("cost_store_up", "1 when the store can take writes (as /readyz reports it), else 0", store,
        s -> s.health().isUp() ? 1 : 0);
    metrics.stateSet("cost_store_condition", "1 for the store's current condition (up, disk_full, read_only, …), 0 for the others",
        "condition", Stream.of(StoreHealth.Condition.values()).map(CollectorService::label).toList(),
        () -> label(store.health().condition()));
    metrics.gauge("cost_collector_queue_records", "Records waiting for the writer", collector, c -> c.stats().queueDepth());
    metrics.gauge("cost_collector_last_batch_records", "Records in the last commit", collector, c -> c.stats().lastBatchRecords());
    metrics.gauge("cost_collector_last_commit_seconds", "Duration of the last commit", collector, c -> c.stats().lastCommitNanos() / 1e9);
    metrics.gauge("cost_collector_batches", "Commits so far", collector, c -> c.stats().batches());
    metrics.gauge("cost_alerts_delivered", "Threshold alerts delivered by this process since start", alerts.dispatcher(),
        d -> d.delivered());
    metrics.gauge("cost_alerts_failed_attempts", "Failed threshold alert delivery attempts since start", alerts.dispatcher(),
        d -> d.failedAttempts());
    metrics.gauge("cost_config_reload_failures", "Config files refused since start", this,
        s -> s.reloader == null ? 0 : s.reloader.reloadFailures());
    // upstreams follow reloads; the spool file is opened once
    Supplier<ProxySettings> proxySettings = ProxyConfig.live(liveConfig, defaultSpool(app));
    proxyRecorder = new ProxyRecorder(collector, new UsageSpool(proxySettings.get().spool()), 5_000);
    metrics.gauge("cost_proxy_spooled_records", "Proxy records sent to the local spool since start (store or queue unavailable)",
        proxyRecorder, ProxyRecorder::spooled);
    metrics.gauge("cost_proxy_spool_records", "Proxy records waiting in the local spool for the store", spoolRecords,
        AtomicLong::get);
    ReportService reports = new ReportService(store, settings);
    // budgets follow reloads: the book is rebuilt when the config in force changes
    Supplier<BudgetBook> budgetBook = new LiveBudgetBook(liveConfig);
    BudgetStatusService budgetStatus = new BudgetStatusService(store, budgetBook, clock);
    budgetEnforcer = new BudgetEnforcer(store, budgetBook, settings, clock,
        EnforcementOptions.DEFAULTS);
    budgetEnforcer.onRefusal(refused -> metrics.budgetRefused(refused.budget()));
    metrics.gauge("cost_budget_leases", "Budget keys this process holds a lease on (enforcement)", budgetEnforcer,
        BudgetEnforcer::leases);
    metrics.gauge("cost_budget_store_waits", "Proxied calls that waited for the store because their budget lease had no room,"
        + " since start", budgetEnforcer, BudgetEnforcer::waitedForStore);
    // the forecast's budget: the live config's monthly budget over everything
    savingsBackfill = new CacheSavingsBackfill(store, store, settings);
    Analytics analytics = new Analytics(store, store, CostsApp.monthlyBudget(budgetBook), clock, settings);
    anomalyAlerts = new AnomalyAlerts(new AnomalyAnnouncer(analytics.anomalies(), store, clock), liveConfig, metrics,
        alerts.dispatcher());
    metrics.monthForecast(() -> Double.longBitsToDouble(forecastUsdBits.get()));
    metrics.anomalyKinds(Stream.of(AnomalyKind.values()).map(AnomalyKind::wireName).toList());
    metrics.budgetAlertEvents(List.of(BudgetAlerts.THRESHOLD, BudgetAlerts.FORECAST));
    mcp = new CostsMcpServer(reports, analytics, () -> settings.get().thresholds(), budgetStatus, clock).http("/mcp", options.mcpAllowedOrigins());
    server = new CollectorServer(options, collector, new UsageRecordReader(clock), reports,
        store, store, metrics, clock, new LlmProxy(proxySettings, proxyRecorder, clock, budgetEnforcer,
            (provider, overhead) -> metrics.proxyOverhead(provider.key(), overhead)), mcp,
        new BudgetRoutes(budgetStatus, new Chargeback(store, budgetBook), clock)
            .withReservations(new CallReservations(store, budgetEnforcer, clock)), analytics, new AlertLog(store, store),
        store, env.get().get("GITHUB_WEBHOOK_SECRET"));
    refresher = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "metrics-refresh");
      t.setDaemon(true);
      return t;
    });
    refresher.scheduleWithFixedDelay(() -> refreshPrSpend(metrics, options.metricsPrWindowDays(), clock), 0, 5, TimeUnit.SECONDS);
    refresher.scheduleWithFixedDelay(this::refreshSpool, 0, 5, TimeUnit.SECONDS);
    AnnouncementPublisher budgetAlerts = new AnnouncementPublisher(store, alerts.dispatcher(),
        LoggerFactory.getLogger("cost-budget"), a -> metrics.budgetAlertAnnounced(a.event()));
    refresher.scheduleWithFixedDelay(() -> refreshBudgets(metrics, budgetStatus, budgetBook, budgetAlerts, clock), 0, 5,
        TimeUnit.SECONDS);
    refresher.scheduleWithFixedDelay(() -> refreshForecast(analytics, clock), 0, FORECAST_REFRESH_SECONDS, TimeUnit.SECONDS);
    refresher.scheduleWithFixedDelay(() -> purgeReservations(clock), 1, 60, TimeUnit.SECONDS);
    refresher.scheduleWithFixedDelay(() -> preparePartitions(clock), 0, 1, TimeUnit.HOURS);
  }

  /**
   * PostgreSQL's monthly partitions, this month's and the next ones, created ahead at start and
   * hourly (a record of a month without one still lands, in the default partition, and is moved
   * here). Any replica may do it.
   */
  private void preparePartitions(Clock clock) {
    try {
      store.preparePartitions(clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("cannot create the store's partitions ahead: {}", e.getMessage());
    }
  }

  /**
   * Expired reservations already stop counting when read; deleting them (and those whose record is
   * stored) keeps the table as small as the calls in flight. Any replica may do it.
   */
  private void purgeReservations(Clock clock) {
    try {
      store.purgeReservations(clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("cannot purge budget reservations: {}", e.getMessage());
    }
  }

  /**
   * Off the scrape, like the PR spend: a scrape never waits on the budget queries. The same status
   * gives the budget alerts (alert_at crossings, run-out forecasts), each announced once per period.
   */
  private static void refreshBudgets(CostMetrics metrics, BudgetStatusService budgets, Supplier<BudgetBook> book,
      AnnouncementPublisher alerts, Clock clock) {
    BudgetBook current = book.get();
    if (current.budgets().isEmpty()) {
      metrics.budgets(List.of());
      return;
    }
    BudgetReport report;
    try {
      report = budgets.status();
      metrics.budgets(report.budgets().stream()
          .map(b -> new CostMetrics.BudgetGauge(b.name(), b.spentUsd().doubleValue(), b.remainingUsd().doubleValue(),
              b.limitUsd().doubleValue(),
              b.projectedEndOfPeriodUsd() == null ? Double.NaN : b.projectedEndOfPeriodUsd().doubleValue()))
          .toList());
    } catch (RuntimeException e) {
      LOG.warn("cannot refresh the budget gauges: {}", e.getMessage());
      return;
    }
    try {
      // every PR past its alert floor, not only the PRs the status (and its gauges) list
      alerts.publish(BudgetAlerts.due(current, report, budgets.prsForAlerts(report), clock.instant()));
    } catch (RuntimeException e) {
      LOG.warn("cannot announce budget alerts now, will retry: {}", e.getMessage());
    }
  }

  /** A month's projection moves with whole days of spend: once a minute is fresh enough, and cheap. */
  static final int FORECAST_REFRESH_SECONDS = 60;

  /** {@code cost_forecast_month_usd}: the current month as {@code costs forecast} sees it, off the scrape. */
  private void refreshForecast(Analytics analytics, Clock clock) {
    try {
      ForecastRequest now = ForecastRequest.parse(null, null, null, null, null, clock);
      forecastUsdBits.set(Double.doubleToLongBits(analytics.forecast().forecast(now).projectedTotalUsd().doubleValue()));
    } catch (RuntimeException e) {
      LOG.warn("cannot refresh cost_forecast_month_usd: {}", e.getMessage());
    }
  }

  private static String label(StoreHealth.Condition condition) {
    return condition.name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Counted here, off the scrape: the spool's count waits while a replay holds the spool, which
   * would stall {@code /metrics}.
   */
  private void refreshSpool() {
    try {
      spoolRecords.set(proxyRecorder.spool().pending());
    } catch (RuntimeException e) {
      LOG.warn("cannot count the proxy spool: {}", e.getMessage());
    }
  }

  public static CollectorService start(AppOptions app, ServerOptions options) {
    return start(app, options, System::getenv);
  }

  /** @param env where credentials such as {@code GITHUB_TOKEN} are read (the process environment in {@code serve}) */
  public static CollectorService start(AppOptions app, ServerOptions options, Supplier<Map<String, String>> env) {
    CollectorService service = new CollectorService(app, options, Clock.systemUTC(), env);
    service.server.start();
    service.fillCacheSavingsInBackground();
    service.anomalyAlerts.start();
    return service;
  }

  /**
   * Records stored before cache savings were recorded get them once, off the request path: a large
   * old store takes a while, and reports show those savings as unknown until it is done.
   */
  private void fillCacheSavingsInBackground() {
    refresher.execute(() -> {
      try {
        savingsBackfill.run();
      } catch (RuntimeException e) {
        LOG.warn("cannot fill in cache savings now (the next start or `cto-cli costs reprice` will): {}", e.getMessage());
      }
    });
  }

  /** Next to the SQLite file, or in ~/.cto for PostgreSQL. */
  private static java.nio.file.Path defaultSpool(AppOptions app) {
    java.nio.file.Path dir = app.dbPath() != null && app.dbUrl() == null && app.dbPath().toAbsolutePath().getParent() != null
        ? app.dbPath().toAbsolutePath().getParent()
        : java.nio.file.Path.of(System.getProperty("user.home"), ".cto");
    return dir.resolve("proxy-spool.ndjson");
  }

  /** The proxy's budget enforcement (for its counters). */
  public BudgetEnforcer budgetEnforcer() {
    return budgetEnforcer;
  }

  public ProxyRecorder proxyRecorder() {
    return proxyRecorder;
  }

  public int port() {
    return server.port();
  }

  /** Only PRs with usage in the window become {@code pr} labels, so the series count stays bounded. */
  private void refreshPrSpend(CostMetrics metrics, int days, Clock clock) {
    try {
      Instant from = clock.instant().truncatedTo(ChronoUnit.DAYS).minus(days - 1L, ChronoUnit.DAYS);
      List<GroupTotals> active = store.aggregate(UsageFilter.period(from, null), List.of(Dimension.REPOSITORY, Dimension.PR), 0);
      List<CostMetrics.PrSpend> rows = new ArrayList<>();
      for (GroupTotals pr : active) {
        if (pr.key().get(1) == null) {
          continue;
        }
        UsageFilter filter = UsageFilter.pr(pr.string(0), pr.pr(1));
        for (GroupTotals g : store.aggregate(filter, Dimension.AGENT, Dimension.STAGE)) {
          rows.add(new CostMetrics.PrSpend(pr.string(0), String.valueOf(pr.pr(1)), g.string(0), g.string(1),
              g.cost().toBigDecimal().doubleValue()));
        }
      }
      metrics.prSpend(() -> rows);
    } catch (RuntimeException e) {
      LOG.warn("cannot refresh total_cost_usd: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    anomalyAlerts.close();
    server.close();
    mcp.close();
    budgetEnforcer.close(); // leases released: other replicas get their money at once
    proxyRecorder.close();
    collector.close();
    monitor.close();
    alerts.close();
    if (reloader != null) {
      reloader.close();
    }
    store.close();
    LOG.info("cto-costs collector stopped; everything acknowledged is committed");
  }
}
