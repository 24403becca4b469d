package dev.cto.costs.web;

import dev.cto.costs.analytics.Analytics;
import dev.cto.costs.collect.UsageCollector;
import dev.cto.costs.collect.UsageRecordReader;
import dev.cto.costs.mcp.HttpEndpoint;
import dev.cto.costs.metrics.CostMetrics;
import dev.cto.costs.report.AlertLog;
import dev.cto.costs.report.NoCostDataException;
import dev.cto.costs.report.ReportException;
import dev.cto.costs.report.ReportRenderer;
import dev.cto.costs.report.ReportService;
import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.PrOutcomes;
import dev.cto.costs.store.StoreException;
import dev.cto.costs.store.StoreHealth;
import dev.cto.costs.store.StoreUnavailableException;
import dev.cto.costs.store.UsageStore;
import dev.cto.costs.web.ui.Dashboard;
import dev.cto.costs.capture.otlp.OtlpReceiver;
import dev.cto.costs.capture.proxy.LlmProxy;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.io.InputStream;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Assembles the HTTP service of docs/http-api.md and runs it until {@link #close()}. */
public final class CollectorServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CollectorServer.class);

  private final Javalin app;
  private final ServerOptions options;

  public CollectorServer(
      ServerOptions options, UsageCollector collector, UsageRecordReader reader, ReportService reports,
      CostQueries queries, UsageStore store, CostMetrics metrics, Clock clock, LlmProxy proxy, HttpEndpoint mcp,
      BudgetRoutes budgets, Analytics analytics, AlertLog alertLog,
      PrOutcomes outcomes, String githubWebhookSecret) {
    this.options = options;
    BearerAuth auth = new BearerAuth(options.tokens(), options.metricsAccess());
    IngestHandler ingest = new IngestHandler(reader, collector, options);
    QueryHandlers query = new QueryHandlers(reports, queries, clock);
    AnalyticsHandlers analyticsRoutes = new AnalyticsHandlers(analytics);
    AnomalyHandler anomalies = new AnomalyHandler(analytics.anomalies(), analytics.clock());
    byte[] openapi = resource("/dev/cto/costs/web/openapi.json");
    // the pages refresh when a commit lands: this writer's commit count, or the store's marker for
    // commits by anyone else (another replica, a CLI import into the same file)
    Dashboard dashboard = new Dashboard(reports, analytics, budgets.service(), alertLog, clock,
        new dev.cto.costs.web.ui.DataVersion(() -> collector.stats().batches(), queries::changeMarker), options.tokens());
    GitHubWebhook webhook = new GitHubWebhook(githubWebhookSecret, outcomes, clock);
    this.app = Javalin.create(config -> {
      config.jsonMapper(new JavalinJackson(ReportRenderer.JSON, false));
      config.http.maxRequestSize = options.maxBodyBytes();
      config.startup.showJavalinBanner = false;
      config.jetty.host = options.bind();
      config.jetty.port = options.port();
      if (!options.authEnabled()) {
        LoopbackHostFilter.mount(config);
      }
      config.routes.before(ctx -> {
        String path = ctx.path();
        // GitHub cannot send the bearer token: its webhook is authenticated by its HMAC signature instead
        // the dashboard checks its own session; a logged-in browser may read the query API (downloads)
        if (!path.equals("/healthz") && !path.equals("/readyz") && !path.equals(GitHubWebhook.PATH)
            && !Dashboard.owns(path) && !dashboard.sessionMayRead(ctx)) {
          auth.check(ctx);
        }
      });
      ReadTimeout.apply(config);
      UploadSlots uploads = new UploadSlots(UploadSlots.DEFAULT);
      config.routes.post("/v1/usage", uploads.guard(ingest));
      OtlpRoutes.mount(config, new OtlpReceiver(clock), collector, options, uploads);
      config.routes.get("/v1/prs", query::prs);
      config.routes.get("/v1/prs/{pr}", query::pr);
      config.routes.get("/v1/agents/{name}", query::agent);
      config.routes.get("/v1/compare", query::compare);
      config.routes.get("/v1/summary", query::summary);
      config.routes.get("/v1/export", query::export);
      config.routes.get("/v1/budgets", budgets::budgets);
      config.routes.get("/v1/allocate", budgets::allocate);
      if (budgets.reservations() != null) {
        ReservationRoutes.mount(config, budgets.reservations());
      }
      config.routes.get("/v1/alerts", new AlertsHandler(alertLog)::handle);
      config.routes.get("/v1/analytics/trends", analyticsRoutes::trends);
      config.routes.get("/v1/analytics/forecast", analyticsRoutes::forecast);
      config.routes.get("/v1/analytics/efficiency", analyticsRoutes::efficiency);
      config.routes.post(GitHubWebhook.PATH, webhook::handle);
      config.routes.get("/v1/analytics/anomalies", anomalies::handle);
      config.routes.get("/v1/analytics/whatif", new WhatIfHandler(analytics.whatIf(), clock)::handle);
      config.routes.get("/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openapi));
      config.routes.get("/healthz", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
      config.routes.get("/readyz", ctx -> readiness(ctx, store.health()));
      if (proxy != null) {
        ProxyRoutes.mount(config, proxy, uploads, options.authEnabled() ? auth : null);
      }
      if (mcp != null) {
        McpRoutes.mount(config, mcp, auth);
      }
      dashboard.mount(config);
      config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
      config.routes.exception(NoCostDataException.class, (e, ctx) -> ctx.status(404).json(ApiError.of(e.getMessage())));
      config.routes.exception(ReportException.class, (e, ctx) -> ctx.status(400).json(ApiError.of(e.getMessage())));
      config.routes.exception(IllegalArgumentException.class, (e, ctx) -> ctx.status(400).json(ApiError.of(e.getMessage())));
      config.routes.exception(StoreUnavailableException.class, (e, ctx) -> {
        if (!e.knownDown()) {
          LOG.warn("store error: {}", e.getMessage()); // a known-down store logged its state change once
        }
        ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds())).status(503).json(ApiError.of(e.getMessage()));
      });
      config.routes.exception(StoreException.class, (e, ctx) -> {
        LOG.warn("store error: {}", e.getMessage());
        ctx.header("Retry-After", "5").status(503).json(ApiError.of("the store is unavailable: " + e.getMessage()));
      });
      config.routes.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus()).json(ApiError.of(e.getMessage())));
      config.routes.exception(Exception.class, (e, ctx) -> {
        if (ClientAbort.is(e)) {
          LOG.warn("client of {} {} went away mid-request: {}", ctx.method(), ctx.path(), ClientAbort.reason(e));
          ctx.status(400);
          return;
        }
        LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
        ctx.status(500).json(ApiError.of("internal error: " + e.getClass().getSimpleName()));
      });
    });
  }

  /**
   * Ready only while the store can take writes; the answer comes from the store's known state (a
   * file-identity check at most), never from a query that could wait on a pool or a lock.
   */
  private static void readiness(io.javalin.http.Context ctx, StoreHealth health) {
    ctx.contentType("application/json");
    if (health.isUp()) {
      ctx.result("{\"status\":\"ready\"}");
    } else {
      ctx.status(503).header("Retry-After", "2")
          .json(java.util.Map.of("status", "not ready", "store", health.condition().label()));
    }
  }

  public CollectorServer start() {
    app.start();
    LOG.info("cto-costs collector listening on http://{}:{} ({})", options.bind(), app.port(),
        options.authEnabled() ? "bearer token required" : "no auth: loopback only");
    return this;
  }

  public int port() {
    return app.port();
  }

  /** Stops accepting connections and finishes in-flight requests (Jetty's graceful stop). */
  @Override
  public void close() {
    app.stop();
  }

  private static byte[] resource(String name) {
    try (InputStream in = CollectorServer.class.getResourceAsStream(name)) {
      return in == null ? "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8) : in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
