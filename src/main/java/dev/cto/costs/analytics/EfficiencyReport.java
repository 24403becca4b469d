package dev.cto.costs.analytics;

import dev.cto.costs.report.Presentable;
import dev.cto.costs.report.View;
import java.time.LocalDate;
import java.util.List;

/**
 * The document of {@code costs efficiency} and {@code GET /v1/analytics/efficiency}
 * (docs/reports.md): agents worst offenders first (highest mean cost per PR), models by cost, and
 * the same agent figures over everything in range.
 */
public record EfficiencyReport(
    LocalDate from, LocalDate to, List<AgentEfficiency> agents, List<ModelEfficiency> models, AgentEfficiency totals)
    implements Presentable {

  public EfficiencyReport {
    agents = List.copyOf(agents);
    models = List.copyOf(models);
  }

  @Override
  public View view() {
    return EfficiencyView.of(this);
  }
}
