package dev.cto.costs.web.ui;

import dev.cto.costs.analytics.AgentEfficiency;
import dev.cto.costs.analytics.Analytics;
import dev.cto.costs.analytics.AnalyticsScope;
import dev.cto.costs.analytics.EfficiencyReport;
import dev.cto.costs.analytics.TrendDimension;
import dev.cto.costs.analytics.TrendsReport;
import dev.cto.costs.report.PrListing;
import dev.cto.costs.report.ReportService;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /agents} and {@code /agents/{name}}: efficiency and trend per agent. The figures come from
 * the analytics services called exactly as {@code GET /v1/analytics/efficiency} and {@code
 * /v1/analytics/trends} call them (same scope: the page's days, repository and agent), so the page
 * and the API's JSON agree to the cent; the PRs come from the report service as {@code GET /v1/prs}.
 */
final class AgentPages {

  /** An agent's page lists this many of its most expensive PRs. */
  static final int TOP_PRS = 10;

  private final Frame frame;
  private final ReportService reports;
  private final Analytics analytics;

  AgentPages(Frame frame, ReportService reports, Analytics analytics) {
    this.frame = frame;
    this.reports = reports;
    this.analytics = analytics;
  }

  void list(Context ctx) {
    PageScope scope = frame.scope(ctx);
    TrendChoice period = TrendChoice.parse(ctx.queryParam("period"), scope.range());
    EfficiencyReport efficiency = analytics().efficiency().efficiency(scope.range());
    TrendsReport trends = analytics().trends().trends(scope.range(), TrendDimension.AGENT, period.period());
    Map<String, TrendsReport.Series> byAgent = new LinkedHashMap<>();
    trends.series().forEach(s -> byAgent.put(s.key(), s));
    List<AgentRow> rows = new ArrayList<>();
    for (AgentEfficiency a : efficiency.agents()) { // worst first, as the service orders them
      TrendsReport.Series trend = byAgent.get(a.agent());
      rows.add(new AgentRow(a, trend, Sparkline.of(trend == null ? List.of() : trend.points(), period.label())));
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("layout", frame.layout(ctx, "Agents", "/agents", scope, "", Arrays.asList("period", period.param())));
    params.put("report", efficiency);
    params.put("rows", rows);
    params.put("starts", trends.series().isEmpty() ? List.of() : trends.series().get(0).points().stream().map(p -> p.start().toString()).toList());
    params.put("period", period);
    params.put("efficiencyJson", "/v1/analytics/efficiency" + scope.analyticsQuery(List.of()));
    params.put("trendsJson", "/v1/analytics/trends" + scope.analyticsQuery(List.of("by", "agent", "period", period.label())));
    params.put("origin", ctx.scheme() + "://" + ctx.host());
    frame.render(ctx, 200, "agents.jte", params);
  }

  void agent(Context ctx) {
    PageScope scope = frame.scope(ctx);
    String name = AgentPath.agent(ctx.pathParam("name"), ctx.queryParam("agent"));
    TrendChoice period = TrendChoice.parse(ctx.queryParam("period"), scope.range());
    AnalyticsScope range = new AnalyticsScope(scope.range().from(), scope.range().to(), scope.repo(), name);
    EfficiencyReport efficiency = analytics().efficiency().efficiency(range);
    TrendsReport trend = analytics().trends().trends(range, TrendDimension.TOTAL, period.period());
    PrListing prs = reports.prList(scope.repo(), name, range.start(), range.end(), null, PrListing.Sort.COST, 0, TOP_PRS);

    Map<String, Object> params = new LinkedHashMap<>();
    List<String> keep = Arrays.asList("agent", AgentPath.of(name).contains("?") ? name : null, "period", period.param());
    params.put("layout", frame.layout(ctx, "Agent " + name, "/agents", scope, "&agent=" + PageScope.encode(name), keep));
    params.put("name", name);
    params.put("report", efficiency);
    // the service lists the one agent of the scope, or none when it did nothing in range
    params.put("agent", efficiency.agents().isEmpty() ? null : efficiency.agents().get(0));
    params.put("trend", trend.series().get(0)); // by total: always exactly one series, zeros included
    params.put("chart", Charts.trend(trend.series().get(0), period.period()));
    params.put("period", period);
    params.put("prs", prs);
    params.put("efficiencyJson", "/v1/analytics/efficiency" + scope.analyticsQuery(List.of("agent", name)));
    params.put("trendsJson", "/v1/analytics/trends" + scope.analyticsQuery(List.of("agent", name, "period", period.label())));
    params.put("prsJson", "/v1/prs" + scope.apiQuery(List.of("agent", name, "limit", String.valueOf(TOP_PRS))));
    frame.render(ctx, 200, "agent.jte", params);
  }

  private Analytics analytics() {
    return Objects.requireNonNull(analytics, "the agents pages need the analytics services");
  }
}
