package dev.cto.costs.web.ui;

import dev.cto.costs.report.AlertHistory;
import dev.cto.costs.report.AlertLog;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /alerts}: the threshold crossings and announcements (cost anomalies, budget alerts) of the
 * page's range and repository, newest first, with each sink's delivery state; the alert log is
 * called exactly as {@code GET /v1/alerts} calls it, so the page and its JSON link agree.
 */
final class AlertsPage {

  private final Frame frame;
  private final AlertLog alerts;

  AlertsPage(Frame frame, AlertLog alerts) {
    this.frame = frame;
    this.alerts = alerts;
  }

  void show(Context ctx) {
    PageScope scope = frame.scope(ctx);
    int limit = AlertLog.limit(ctx.queryParam("limit"));
    AlertHistory history = Objects.requireNonNull(alerts, "the alerts page needs the alert log")
        .history(scope.range().start(), scope.range().end(), scope.repo(), limit);
    List<String> extra = limit == AlertLog.DEFAULT_LIMIT ? List.of() : List.of("limit", String.valueOf(limit));
    String json = "/v1/alerts" + scope.apiQuery(extra);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("layout", frame.layout(ctx, "Alerts", "/alerts", scope, withRecords(scope, new Layout.Download("Alerts JSON", json, "alerts.json")), true));
    params.put("history", history);
    params.put("counts", AlertCounts.of(history.alerts()));
    params.put("json", json);
    // older alerts were left out: offer a longer list, up to the most the API lists
    params.put("more", history.truncated() && limit < AlertLog.MAX_LIMIT ? String.valueOf(Math.min(AlertLog.MAX_LIMIT, limit * 4)) : null);
    frame.render(ctx, 200, "alerts.jte", params);
  }

  /** The records of the range (export API, CSV and JSON), then the page's own document. */
  static List<Layout.Download> withRecords(PageScope scope, Layout.Download own) {
    List<Layout.Download> all = new java.util.ArrayList<>(Layout.exports(scope, ""));
    all.add(own);
    return all;
  }
}
