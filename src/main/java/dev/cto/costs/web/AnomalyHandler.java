package dev.cto.costs.web;

import dev.cto.costs.analytics.AnalyticsScope;
import dev.cto.costs.analytics.AnomalyKind;
import dev.cto.costs.analytics.AnomalyService;
import dev.cto.costs.report.ReportRenderer;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * {@code GET /v1/analytics/anomalies?since&until&repo&agent&kind}: the document of {@code costs
 * anomalies --format json}. Bad parameters throw {@link IllegalArgumentException} naming them (400).
 */
final class AnomalyHandler {

  private final AnomalyService anomalies;
  private final Clock clock;

  AnomalyHandler(AnomalyService anomalies, Clock clock) {
    this.anomalies = anomalies;
    this.clock = clock;
  }

  void handle(Context ctx) throws Exception {
    AnalyticsScope scope = AnalyticsScope.parse(ctx.queryParam("since"), ctx.queryParam("until"), ctx.queryParam("repo"),
        ctx.queryParam("agent"), clock);
    AnomalyKind kind = AnomalyKind.parse(ctx.queryParam("kind"));
    ctx.contentType("application/json").result(ReportRenderer.JSON.writeValueAsBytes(anomalies.anomalies(scope, kind)));
  }
}
