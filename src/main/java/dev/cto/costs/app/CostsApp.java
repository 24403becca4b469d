package dev.cto.costs.app;

import dev.cto.costs.budget.BudgetBook;
import dev.cto.costs.budget.BudgetStatusService;
import dev.cto.costs.budget.Chargeback;
import dev.cto.costs.analytics.Analytics;
import dev.cto.costs.analytics.MonthlyBudget;
import dev.cto.costs.collect.CollectorOptions;
import dev.cto.costs.collect.LoggingThresholdSink;
import dev.cto.costs.collect.RepriceService;
import dev.cto.costs.collect.ThresholdMonitor;
import dev.cto.costs.collect.UsageCollector;
import dev.cto.costs.collect.UsageRecordReader;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.github.CommentBehavior;
import dev.cto.costs.github.GitHubClient;
import dev.cto.costs.github.PrCommentPublisher;
import dev.cto.costs.github.PrCommentRenderer;
import dev.cto.costs.pricing.BudgetBooks;
import dev.cto.costs.github.PullRequestReader;
import dev.cto.costs.outcomes.OutcomeSync;
import dev.cto.costs.pricing.CostConfig;
import dev.cto.costs.pricing.CostConfigLoader;
import dev.cto.costs.pricing.DefaultCatalog;
import dev.cto.costs.collect.CacheSavingsBackfill;
import dev.cto.costs.report.ReportService;
import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.PrOutcomes;
import dev.cto.costs.store.UsageStore;
import dev.cto.costs.store.jdbc.JdbcStore;
import dev.cto.costs.store.jdbc.StoreLocation;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The object graph for one command: config → settings, then the store, collector and report
 * service on first use. Read-only commands therefore never start a writer thread.
 */
public final class CostsApp implements AutoCloseable {

  private final AppOptions options;
  private final CostConfig config;
  private final CostSettings settings;
  private final Clock clock = Clock.systemUTC();
  private JdbcStore store;
  private ThresholdMonitor monitor;
  private UsageCollector collector;
  private boolean firstLoad;

  private CostsApp(AppOptions options, CostConfig config, CostSettings settings) {
    this.options = options;
    this.config = config;
    this.settings = settings;
  }

  public static CostsApp open(AppOptions options) {
    if (options.configPath() == null) {
      return new CostsApp(options, null, CostSettings.of(DefaultCatalog.load()));
    }
    CostConfig config = CostConfigLoader.load(options.configPath());
    return new CostsApp(options, config, CostConfigLoader.toSettings(config, options.configPath().toString()));
  }

  /** The built-in catalog with the given thresholds (the demo). */
  public static CostsApp open(AppOptions options, Thresholds thresholds) {
    CostSettings base = CostSettings.of(DefaultCatalog.load());
    return new CostsApp(options, null, new CostSettings(true, thresholds, base.defaultRepository(), base.catalog()));
  }

  public CostSettings settings() {
    return settings;
  }

  /** The config file as read, or null when the built-in defaults apply. */
  public CostConfig config() {
    return config;
  }

  public AppOptions options() {
    return options;
  }

  /** The store for writing: a missing SQLite database is created. */
  public synchronized JdbcStore store() {
    return store(true);
  }

  /**
   * The store, opened on first use; a command that only reads ({@code create} false) refuses a
   * missing SQLite file instead of creating an empty one.
   */
  private synchronized JdbcStore store(boolean create) {
    if (store == null) {
      StoreLocation location = options.dbUrl() != null
          ? StoreLocation.postgres(options.dbUrl(), System.getenv("COST_DB_USER"), System.getenv("COST_DB_PASSWORD"))
          : StoreLocation.sqlite(options.dbPath());
      store = !create ? JdbcStore.openExisting(location)
          : firstLoad ? JdbcStore.openForFirstLoad(location) : JdbcStore.open(location);
    }
    return store;
  }

  /** For commands that change existing records only (cleanup): never creates a database. */
  public JdbcStore existingStore() {
    return store(false);
  }

  public UsageStore writableStore() {
    return store();
  }

  /** For reads: never creates a database. */
  public CostQueries queries() {
    return store(false);
  }

  /** For reads: never creates a database. */
  public ReportService reports() {
    return new ReportService(store(false), settingsSupplier());
  }

  /** Budget status under the config this command read; reads only (never creates a database). */
  public BudgetStatusService budgets() {
    BudgetBook book = budgetBook();
    return new BudgetStatusService(store(false), () -> book, Clock.systemUTC());
  }

  /** The chargeback by the config's teams; reads only. */
  public Chargeback chargeback() {
    BudgetBook book = budgetBook();
    return new Chargeback(store(false), () -> book);
  }

  private BudgetBook budgetBook() {
    return config == null ? BudgetBook.NONE : BudgetBooks.of(config);
  }

  /** For reads: never creates a database. The forecast's budget is the config's monthly budget over everything. */
  public Analytics analytics() {
    JdbcStore existing = store(false);
    BudgetBook book = budgetBook();
    return new Analytics(existing, existing, monthlyBudget(() -> book), clock, settingsSupplier());
  }

  /** The tightest {@code period: month} budget with an empty scope, as the forecast's budget. */
  static MonthlyBudget monthlyBudget(java.util.function.Supplier<BudgetBook> book) {
    return month -> {
      dev.cto.costs.domain.Usd limit = book.get().monthlyLimitOverEverything();
      return limit == null ? null : limit.toBigDecimal().stripTrailingZeros(); // written as the user wrote it
    };
  }

  /** Fills in the savings of records stored before savings were recorded; needs a database. */
  public CacheSavingsBackfill cacheSavingsBackfill() {
    JdbcStore existing = store(false);
    return new CacheSavingsBackfill(existing, existing, settingsSupplier());
  }

  /** Repricing changes only stored records: with no database there is nothing to reprice. */
  public RepriceService repricer() {
    JdbcStore existing = store(false);
    return new RepriceService(existing, existing, settingsSupplier());
  }

  public UsageRecordReader reader() {
    return new UsageRecordReader(clock);
  }

  public synchronized UsageCollector collector() {
    if (collector == null) {
      monitor = new ThresholdMonitor(store(), store(), settingsSupplier(), List.of(new LoggingThresholdSink()), clock);
      // a bulk load has no rollup and no PR index until it is finished: its PRs are checked then
      collector = new UsageCollector(store(), settingsSupplier(), store().bulkLoading() ? null : monitor,
          CollectorOptions.DEFAULTS);
    }
    return collector;
  }

  /**
   * For a one-off import, before the store is first used: a SQLite file that does not exist yet
   * is bulk-loaded ({@link JdbcStore#openForFirstLoad}); {@link #finishFirstLoad} completes it.
   */
  public synchronized void preferBulkFirstLoad() {
    firstLoad = true;
  }

  /**
   * Completes a bulk first load once every record is written: the database is in place whole,
   * and every PR in it gets the threshold check it would have had record by record.
   */
  public synchronized void finishFirstLoad() {
    if (store == null || !store.bulkLoading()) {
      return;
    }
    if (!store.finishBulkLoad()) {
      return; // nothing was imported: no database, no PR to check
    }
    List<ThresholdMonitor.PrRef> prs = new java.util.ArrayList<>();
    for (var g : store.aggregateUnordered(dev.cto.costs.store.UsageFilter.ALL,
        List.of(dev.cto.costs.store.Dimension.REPOSITORY, dev.cto.costs.store.Dimension.PR))) {
      if (g.key().get(1) != null) {
        prs.add(new ThresholdMonitor.PrRef(g.string(0), (Long) g.key().get(1)));
      }
    }
    if (!prs.isEmpty() && monitor != null) {
      monitor.check(prs);
    }
  }

  /** Waits until threshold checks of everything ingested so far have run (and alerted). */
  public void flushAlerts() {
    if (monitor != null) {
      monitor.flush();
    }
  }

  /**
   * The PR cost comment publisher; {@code dryRun} builds one that only previews (no credentials
   * needed). Token and API URL from {@code env} ({@code GITHUB_TOKEN}, {@code GITHUB_API_URL}).
   */
  public PrCommentPublisher prCommentPublisher(Map<String, String> env, CommentBehavior behavior, boolean dryRun) {
    GitHubClient client = dryRun ? null : new GitHubClient(GitHubWiring.settings(config, env, behavior));
    return new PrCommentPublisher(reports(), client, new PrCommentRenderer(), clock);
  }

  /** PR outcomes as stored; never creates a database (without one, no PR has usage). */
  public PrOutcomes prOutcomes() {
    return store(false);
  }

  /**
   * Syncs PR outcomes from GitHub with the PR comments' credentials ({@code GITHUB_TOKEN} or the
   * config's GitHub App, {@code GITHUB_API_URL}); a GitHubException when none are configured.
   */
  public OutcomeSync outcomeSync(Map<String, String> env) {
    GitHubClient client = new GitHubClient(GitHubWiring.settings(config, env, null));
    return new OutcomeSync(store(false), new PullRequestReader(client, clock));
  }

  private Supplier<CostSettings> settingsSupplier() {
    return () -> settings;
  }

  @Override
  public synchronized void close() {
    if (collector != null) {
      collector.close();
      monitor.close();
    }
    if (store != null) {
      store.close();
    }
  }
}
