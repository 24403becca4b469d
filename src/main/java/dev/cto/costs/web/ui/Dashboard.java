package dev.cto.costs.web.ui;

import dev.cto.costs.analytics.Analytics;
import dev.cto.costs.analytics.AnalyticsScope;
import dev.cto.costs.analytics.ForecastReport;
import dev.cto.costs.analytics.ForecastRequest;
import dev.cto.costs.budget.BudgetStatusService;
import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.report.AlertLog;
import dev.cto.costs.report.Lines.ModelTotal;
import dev.cto.costs.report.NoCostDataException;
import dev.cto.costs.report.Overview;
import dev.cto.costs.report.PrListing;
import dev.cto.costs.report.PrReport;
import dev.cto.costs.report.ReportException;
import dev.cto.costs.report.ReportService;
import dev.cto.costs.report.Summary;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard's routes (docs/dashboard.md). Pages answer from {@link ReportService}, the
 * analytics, the budget status and the alert log, the same services the query API uses, so a page
 * and the API's JSON show the same figures. The dashboard
 * guards its own paths (a session cookie when a token is configured); the API's bearer check does
 * not apply to them.
 */
public final class Dashboard {

  private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
  static final int PAGE_SIZE = 25;
  /** A PR's timeline shows its latest calls, at most this many. */
  static final int TIMELINE_CALLS = 200;
  /** The overview's anomalies cover this many days. */
  static final int ANOMALY_DAYS = 30;

  private final ReportService reports;
  private final Analytics analytics;
  private final Clock clock;
  private final LongSupplier dataVersion;
  private final Login login;
  private final Assets assets = new Assets();
  private final Frame frame;
  private final AgentPages agents;
  private final BudgetsPage budgets;
  private final AlertsPage alerts;
  private final VersionedCache<RangeKey, Overview> overviews;
  private final VersionedCache<ForecastKey, ForecastReport> forecasts;
  private final VersionedCache<RangeKey, AnomalyPanel> anomalyPanels;
  private final VersionedCache<PrPageKey, PrListing> prPages;

  /**
   * @param tokens the API tokens; empty means no login (the server then answers loopback names only)
   * @param dataVersion changes whenever records are stored: the pages refresh when it does
   * @param budgetStatus what {@code GET /v1/budgets} answers from, for the budgets page
   * @param alertLog what {@code GET /v1/alerts} answers from, for the alerts page
   */
  public Dashboard(ReportService reports, Analytics analytics, BudgetStatusService budgetStatus, AlertLog alertLog, Clock clock,
      LongSupplier dataVersion, List<String> tokens) {
    this.reports = reports;
    this.analytics = analytics;
    this.clock = clock;
    this.dataVersion = dataVersion;
    this.login = new Login(tokens, new Sessions(clock));
    this.frame = new Frame(reports, clock, dataVersion, login.required(), assets);
    this.agents = new AgentPages(frame, reports, analytics);
    this.budgets = new BudgetsPage(frame, budgetStatus, clock);
    this.alerts = new AlertsPage(frame, alertLog);
    this.overviews = new VersionedCache<>(dataVersion, 16);
    this.forecasts = new VersionedCache<>(dataVersion, 16);
    this.anomalyPanels = new VersionedCache<>(dataVersion, 16);
    this.prPages = new VersionedCache<>(dataVersion, 32);
  }

  /** The paths the dashboard answers, which it authenticates itself. */
  public static boolean owns(String path) {
    return path.equals("/") || path.equals("/login") || path.equals("/logout") || path.equals("/prs") || path.startsWith("/prs/")
        || path.equals("/models") || path.equals("/budgets") || path.equals("/alerts") || path.equals("/agents") || path.startsWith("/agents/") || path.startsWith(Assets.PREFIX) || path.startsWith("/ui/");
  }

  /**
   * A logged-in browser may read the query API ({@code GET /v1/…}: the download buttons) with its
   * session cookie. Writes still need the bearer token; the cookie is SameSite=Strict, so another
   * site cannot make the browser send it.
   */
  public boolean sessionMayRead(Context ctx) {
    return login.required() && ctx.method().name().equals("GET") && ctx.path().startsWith("/v1/")
        && login.loggedIn(ctx);
  }

  public void mount(JavalinConfig config) {
    config.routes.get(Assets.PREFIX + "*", assets::serve);
    config.routes.get("/login", this::loginPage);
    config.routes.post("/login", this::logIn);
    config.routes.post("/logout", this::logOut);
    config.routes.get("/ui/version", ctx -> {
      SecurityHeaders.apply(ctx);
      if (!login.loggedIn(ctx)) {
        ctx.status(401).json(Map.of("error", "log in first"));
        return;
      }
      ctx.header("Cache-Control", "no-store").json(Map.of("version", dataVersion.getAsLong()));
    });
    config.routes.get("/", page(this::overview));
    config.routes.get("/ui/overview/forecast", page(this::forecastPanel));
    config.routes.get("/ui/overview/anomalies", page(this::anomaliesPanel));
    config.routes.get("/prs", page(this::prs));
    config.routes.get("/prs/{owner}/{name}/{number}", page(this::pr));
    config.routes.get("/models", page(this::models));
    config.routes.get("/agents", page(agents::list));
    config.routes.get("/agents/{name}", page(agents::agent));
    config.routes.get("/budgets", page(budgets::show));
    config.routes.get("/alerts", page(alerts::show));
  }

  private Handler page(Handler handler) {
    return ctx -> {
      if (!login.loggedIn(ctx)) {
        SecurityHeaders.apply(ctx);
        String here = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        ctx.redirect("/login?next=" + PageScope.encode(here), HttpStatus.SEE_OTHER);
        return;
      }
      try {
        handler.handle(ctx);
      } catch (NoCostDataException e) {
        error(ctx, 404, e.getMessage());
      } catch (IllegalArgumentException | ReportException e) {
        error(ctx, 400, e.getMessage());
      }
    };
  }

  private void error(Context ctx, int status, String message) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("layout", layout(ctx, "Not shown", "", PageScope.parse(null, null, null, clock), ""));
    params.put("status", status);
    params.put("message", message);
    frame.render(ctx, status, "error.jte", params);
  }

  private PageScope scope(Context ctx) {
    return frame.scope(ctx);
  }

  private Layout layout(Context ctx, String title, String active, PageScope scope, String exportFilter) {
    return frame.layout(ctx, title, active, scope, exportFilter);
  }

  /** Sent by the live update's refresh: it may take the last figures while new ones are computed. */
  static final String LIVE_HEADER = "X-Costs-Live";
  /** Answered when the page holds the figures of an older data version: the live update asks again soon. */
  static final String STALE_HEADER = "X-Costs-Stale";
  /** How long a live refresh waits for the new overview before taking the last one (a test may shorten it). */
  static final String LIVE_WAIT_PROPERTY = "cto.costs.dashboard.live-wait-ms";

  private static java.time.Duration liveWait() {
    return java.time.Duration.ofMillis(Long.getLong(LIVE_WAIT_PROPERTY, 50));
  }

  /** A day-aligned range and repository: what the overview's figures depend on besides the data. */
  private record RangeKey(java.time.Instant start, java.time.Instant end, String repo) {}

  /** This month's forecast depends on the day it is asked, too. */
  private record ForecastKey(java.time.LocalDate today, String repo) {}

  /**
   * One page of the PR list. The thresholds are part of the key because a PR's status comes from
   * them and a config reload changes them without storing a record.
   */
  private record PrPageKey(RangeKey range, PrFilters filters, Thresholds thresholds) {}

  /**
   * The overview's figures: the summary and the daily spend by agent from one fold over the rollup
   * ({@link ReportService#overview}), kept per data version (docs/benchmarks.md).
   */
  private void overview(Context ctx) {
    PageScope scope = scope(ctx);
    // the live update's refresh (it says so in a header) may get the last figures at once while the
    // new ones are folded; it is told they are stale and asks again shortly. A navigation waits.
    boolean live = "1".equals(ctx.header(LIVE_HEADER));
    VersionedCache.Answer<Overview> answer = overviews.get(new RangeKey(scope.range().start(), scope.range().end(), scope.repo()),
        () -> reports.overview(scope.range().start(), scope.range().end(), scope.repo()), live ? liveWait() : null);
    Overview overview = answer.value();
    if (answer.stale()) {
      ctx.header(STALE_HEADER, "1");
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("layout", layout(ctx, "Overview", "/", scope, ""));
    params.put("summary", overview.summary());
    params.put("daily", Charts.dailyByAgent(scope.range(), overview.dailyByAgent()));
    params.put("origin", ctx.scheme() + "://" + ctx.host());
    // the forecast and the anomalies read a year and a month of days: loaded after the page (htmx)
    params.put("panels", analytics == null ? null : scope.query());
    frame.render(ctx, 200, "overview.jte", params);
  }

  /** This month's forecast for the repository filter, as {@code GET /v1/analytics/forecast?repo=} answers it. */
  private void forecastPanel(Context ctx) {
    PageScope scope = scope(ctx);
    if (analytics == null) {
      ctx.status(404).result("no analytics");
      return;
    }
    ForecastReport forecast = forecasts.get(new ForecastKey(java.time.LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC)), scope.repo()),
        () -> analytics.forecast().forecast(ForecastRequest.parse(null, null, null, scope.repo(), null, clock)));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("forecast", forecast);
    params.put("api", "/v1/analytics/forecast" + (scope.repo() == null ? "" : "?repo=" + PageScope.encode(scope.repo())));
    ctx.header("Cache-Control", "no-store");
    frame.render(ctx, 200, "overview-forecast.jte", params);
  }

  private void anomaliesPanel(Context ctx) {
    PageScope scope = scope(ctx);
    if (analytics == null) {
      ctx.status(404).result("no analytics");
      return;
    }
    AnomalyPanel panel = anomalyPanels.get(new RangeKey(scope.range().start(), scope.range().end(), scope.repo()), () -> anomalies(scope));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("layout", frame.panelLayout(scope));
    params.put("anomalies", panel);
    ctx.header("Cache-Control", "no-store");
    frame.render(ctx, 200, "overview-anomalies.jte", params);
  }

  /**
   * The anomalies of the {@value #ANOMALY_DAYS} days that end on the range's last day (today by
   * default), as {@code GET /v1/analytics/anomalies?since&until&repo} finds them: a month of
   * history however short the range, so a spike early in the month is not hidden by the first days.
   */
  private AnomalyPanel anomalies(PageScope scope) {
    AnalyticsScope days = new AnalyticsScope(scope.range().to().minusDays(ANOMALY_DAYS - 1L), scope.range().to(), scope.repo(), null);
    return AnomalyPanel.of(analytics.anomalies().anomalies(days, null), scope.repo());
  }

  private void prs(Context ctx) {
    PageScope scope = scope(ctx);
    PrFilters filters = PrFilters.parse(ctx.queryParam("agent"), ctx.queryParam("status"), ctx.queryParam("sort"), ctx.queryParam("page"));
    // kept per data version like the overview: at 10M records the month's PRs are a GROUP BY over
    // tens of thousands of rollup rows (60 ms of CPU), and paging back and forth asks for it again
    PrPageKey key = new PrPageKey(new RangeKey(scope.range().start(), scope.range().end(), scope.repo()), filters, reports.thresholds());
    PrListing listing = prPages.get(key, () -> reports.prList(scope.repo(), filters.agent(), scope.range().start(), scope.range().end(),
        filters.status(), filters.sort(), (filters.page() - 1) * PAGE_SIZE, PAGE_SIZE));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("layout", layout(ctx, "PRs", "/prs", scope, ""));
    params.put("listing", listing);
    params.put("filters", filters);
    params.put("pages", Math.max(1, (listing.total() + PAGE_SIZE - 1) / PAGE_SIZE));
    frame.render(ctx, 200, "prs.jte", params);
  }

  private void pr(Context ctx) {
    PageScope scope = scope(ctx);
    long number = number(ctx.pathParam("number"));
    String repository = PrPath.repository(ctx.pathParam("owner"), ctx.pathParam("name"), ctx.queryParam("repository"));
    PrReport report = reports.prReport(repository, number, true);
    Map<String, Object> params = new LinkedHashMap<>();
    // the downloads are this PR's records of the range: its own repository, whatever the filter says
    PageScope prScope = new PageScope(scope.since(), scope.until(), repository.isEmpty() ? null : repository, scope.range());
    List<Layout.Download> downloads = Layout.exports(prScope, "&pr=" + number);
    // a repository that is not owner/name travels in the query: the page's forms must keep it
    List<String> keep = java.util.Arrays.asList("repository", ctx.queryParam("repository"));
    params.put("layout", frame.layout(ctx, "PR " + number, "/prs", scope, downloads, keep));
    params.put("report", report);
    params.put("chart", Charts.iterationsByAgent(report.iterations()));
    params.put("calls", reports.calls(repository, number, TIMELINE_CALLS));
    params.put("github", PrPath.github(report.repository(), number));
    params.put("whatif", analytics == null ? null : whatIf(ctx, report));
    frame.render(ctx, 200, "pr.jte", params);
  }

  /** The what-if of the page's {@code from} (repeated) and {@code to} parameters, over the whole PR. */
  private WhatIfPanel whatIf(Context ctx, PrReport report) {
    List<String> models = new java.util.ArrayList<>();
    report.models().forEach(m -> models.add(m.model()));
    report.unpriced().forEach(u -> models.add(u.model()));
    List<String> from = ctx.queryParams("from").stream().filter(f -> !f.isBlank()).distinct().toList();
    return WhatIfPanel.of(analytics.whatIf(), report.repository(), report.prNumber(), models.stream().distinct().toList(), from,
        ctx.queryParam("to"));
  }

  private void models(Context ctx) {
    PageScope scope = scope(ctx);
    Summary summary = reports.summary(scope.range().start(), scope.range().end(), scope.repo());
    List<String> names = summary.byModel().stream().map(ModelTotal::model).toList();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("layout", layout(ctx, "Models", "/models", scope, ""));
    params.put("summary", summary);
    // cache savings per model as GET /v1/analytics/efficiency computes them, for the same scope
    params.put("rows", ModelRow.of(summary.byModel(), analytics == null ? null : analytics.efficiency().efficiency(scope.range())));
    params.put("efficiencyJson", "/v1/analytics/efficiency" + scope.analyticsQuery(List.of()));
    params.put("prices", reports.pricesInForce(names, clock.instant()));
    frame.render(ctx, 200, "models.jte", params);
  }

  private void loginPage(Context ctx) {
    if (!login.required()) {
      SecurityHeaders.apply(ctx);
      ctx.redirect("/", HttpStatus.SEE_OTHER);
      return;
    }
    renderLogin(ctx, 200, null);
  }

  private void renderLogin(Context ctx, int status, String problem) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("assets", assets);
    params.put("next", Login.safeNext(ctx.queryParam("next") != null ? ctx.queryParam("next") : ctx.formParam("next")));
    params.put("problem", problem);
    frame.render(ctx, status, "login.jte", params);
  }

  private void logIn(Context ctx) {
    SecurityHeaders.apply(ctx);
    if (!sameOrigin(ctx)) {
      ctx.status(403).result("cross-site login refused");
      return;
    }
    if (!login.required()) {
      ctx.redirect("/", HttpStatus.SEE_OTHER);
      return;
    }
    if (login.logIn(ctx, ctx.formParam("token"))) {
      LOG.info("dashboard login from {}", ctx.ip());
      ctx.redirect(Login.safeNext(ctx.formParam("next")), HttpStatus.SEE_OTHER);
    } else {
      LOG.warn("dashboard login refused from {}: wrong token", ctx.ip());
      renderLogin(ctx, 401, "That token is not accepted. Use the value of COST_API_TOKEN the server runs with.");
    }
  }

  private void logOut(Context ctx) {
    SecurityHeaders.apply(ctx);
    if (!sameOrigin(ctx)) {
      ctx.status(403).result("cross-site logout refused");
      return;
    }
    login.logOut(ctx);
    ctx.redirect(login.required() ? "/login" : "/", HttpStatus.SEE_OTHER);
  }

  /** A form post from another site carries its own Origin: refused (no browser omits it on a POST form). */
  private static boolean sameOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null) {
      return true;
    }
    String host = ctx.host();
    return host != null && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
  }

  private static long number(String value) {
    try {
      long n = Long.parseLong(value);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("PR number: must be a whole number >= 1, was '" + value + "'");
  }
}
