package dev.cto.costs.web;

import dev.cto.costs.analytics.Analytics;
import dev.cto.costs.analytics.AnalyticsScope;
import dev.cto.costs.analytics.ForecastRequest;
import dev.cto.costs.analytics.TrendDimension;
import dev.cto.costs.analytics.TrendPeriod;
import dev.cto.costs.report.ReportRenderer;
import io.javalin.http.Context;

/**
 * {@code GET /v1/analytics/…}: the CLI's analytics commands, with its flags as query parameters
 * ({@code since until repo agent by period month as-of budget}) and its {@code --format json}
 * document as the answer. Bad input throws IllegalArgumentException naming the parameter: 400.
 */
final class AnalyticsHandlers {

  private final Analytics analytics;

  AnalyticsHandlers(Analytics analytics) {
    this.analytics = analytics;
  }

  void trends(Context ctx) throws Exception {
    AnalyticsScope scope = AnalyticsScope.parse(ctx.queryParam("since"), ctx.queryParam("until"), ctx.queryParam("repo"),
        ctx.queryParam("agent"), analytics.clock());
    json(ctx, analytics.trends().trends(scope, TrendDimension.parse(ctx.queryParam("by")),
        TrendPeriod.parse(ctx.queryParam("period"))));
  }

  void forecast(Context ctx) throws Exception {
    ForecastRequest request = ForecastRequest.parse(ctx.queryParam("month"), ctx.queryParam("as-of"),
        ctx.queryParam("budget"), ctx.queryParam("repo"), ctx.queryParam("agent"), analytics.clock());
    json(ctx, analytics.forecast().forecast(request));
  }

  void efficiency(Context ctx) throws Exception {
    AnalyticsScope scope = AnalyticsScope.parse(ctx.queryParam("since"), ctx.queryParam("until"), ctx.queryParam("repo"),
        ctx.queryParam("agent"), analytics.clock());
    json(ctx, analytics.efficiency().efficiency(scope));
  }

  private static void json(Context ctx, Object document) throws Exception {
    ctx.contentType("application/json").result(ReportRenderer.JSON.writeValueAsBytes(document));
  }
}
