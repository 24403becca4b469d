package dev.cto.costs.web.ui;

import dev.cto.costs.analytics.Anomaly;
import dev.cto.costs.analytics.AnomalyKind;
import dev.cto.costs.analytics.AnomalyReport;
import java.math.BigDecimal;
import java.util.List;

/**
 * The overview's anomalies: the anomalies service's report (newest first, the strongest first
 * within a day), at most {@value #SHOWN} of them; the JSON link has every one.
 *
 * @param api the same report as JSON ({@code GET /v1/analytics/anomalies})
 */
record AnomalyPanel(AnomalyReport report, List<Anomaly> shown, String api) {

  static final int SHOWN = 50;

  static AnomalyPanel of(AnomalyReport report, String repo) {
    String api = "/v1/analytics/anomalies?since=" + report.from() + "&until=" + report.to()
        + (repo == null ? "" : "&repo=" + PageScope.encode(repo));
    List<Anomaly> all = report.anomalies();
    return new AnomalyPanel(report, all.subList(0, Math.min(SHOWN, all.size())), api);
  }

  /** "PR cost", "iteration loop", "daily spend"; an unknown kind as it is spelled. */
  static String kind(Anomaly a) {
    for (AnomalyKind k : AnomalyKind.values()) {
      if (k.wireName().equals(a.kind())) {
        return k.label();
      }
    }
    return a.kind();
  }

  /** An iteration count as a number, every other value in dollars as the CLI writes them. */
  static String value(Anomaly a, BigDecimal v) {
    if (v == null) {
      return "-";
    }
    return AnomalyKind.ITERATION_LOOP.wireName().equals(a.kind()) ? v.stripTrailingZeros().toPlainString() : Fmt.usd(v);
  }
}
