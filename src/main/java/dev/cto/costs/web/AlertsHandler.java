package dev.cto.costs.web;

import dev.cto.costs.report.AlertLog;
import dev.cto.costs.report.Periods;
import dev.cto.costs.report.ReportRenderer;
import io.javalin.http.Context;

/**
 * {@code GET /v1/alerts?since&until&repo&limit}: threshold crossings and announcements, newest
 * first, with each sink's delivery state. {@code since} and {@code until} read as in {@code
 * /v1/prs} ({@code until} exclusive); bad parameters throw {@link IllegalArgumentException} (400).
 */
final class AlertsHandler {

  private final AlertLog alerts;

  AlertsHandler(AlertLog alerts) {
    this.alerts = alerts;
  }

  void handle(Context ctx) throws Exception {
    String repo = ctx.queryParam("repo");
    ctx.contentType("application/json").result(ReportRenderer.JSON.writeValueAsBytes(alerts.history(
        Periods.date("since", ctx.queryParam("since")), Periods.date("until", ctx.queryParam("until")),
        repo == null || repo.isBlank() ? null : repo, AlertLog.limit(ctx.queryParam("limit")))));
  }
}
