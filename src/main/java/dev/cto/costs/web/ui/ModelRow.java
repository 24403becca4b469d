package dev.cto.costs.web.ui;

import dev.cto.costs.analytics.EfficiencyReport;
import dev.cto.costs.analytics.ModelEfficiency;
import dev.cto.costs.report.Lines.ModelTotal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One model on the models page: its usage from the summary and what caching did for it from the
 * efficiency report ({@code GET /v1/analytics/efficiency}'s {@code models}), matched by model and
 * provider; {@code cache} is null when the efficiency report has no such line (no analytics).
 */
record ModelRow(ModelTotal usage, ModelEfficiency cache) {

  /** The summary's order (most spent first), each line with its efficiency line when there is one. */
  static List<ModelRow> of(List<ModelTotal> usage, EfficiencyReport efficiency) {
    List<ModelRow> rows = new ArrayList<>();
    for (ModelTotal m : usage) {
      ModelEfficiency match = efficiency == null ? null : efficiency.models().stream()
          .filter(e -> e.model().equals(m.model()) && Objects.equals(e.provider(), m.provider()))
          .findFirst().orElse(null);
      rows.add(new ModelRow(m, match));
    }
    return rows;
  }
}
