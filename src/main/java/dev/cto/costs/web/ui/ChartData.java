package dev.cto.costs.web.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cto.costs.report.ReportRenderer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stacked bar chart as the page hands it to {@code charts.js} (in a {@code data-chart}
 * attribute, escaped like any other attribute): x values (UTC day starts in seconds, or plain
 * numbers) and one series per stack part. The figures a reader checks are in the table next to it;
 * the chart draws the same numbers.
 */
record ChartData(boolean time, String xLabel, List<Long> x, List<Series> series) {

  record Series(String label, List<BigDecimal> values) {}

  /** At most this many parts; the rest are summed into "other" so the colours stay tellable apart. */
  static final int MAX_SERIES = 8;

  /** Keeps the {@value #MAX_SERIES} - 1 largest series (by total) and folds the others into one. */
  static List<Series> top(List<Series> all) {
    if (all.size() <= MAX_SERIES) {
      return all;
    }
    List<Series> sorted = new ArrayList<>(all);
    sorted.sort((a, b) -> total(b).compareTo(total(a)));
    List<Series> kept = new ArrayList<>(sorted.subList(0, MAX_SERIES - 1));
    int n = all.get(0).values().size();
    List<BigDecimal> other = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      BigDecimal sum = BigDecimal.ZERO;
      for (Series s : sorted.subList(MAX_SERIES - 1, sorted.size())) {
        sum = sum.add(s.values().get(i));
      }
      other.add(sum);
    }
    kept.add(new Series("other", other));
    return kept;
  }

  private static BigDecimal total(Series s) {
    return s.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  String json() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("time", time);
    doc.put("x_label", xLabel);
    doc.put("x", x);
    doc.put("series", series);
    try {
      return ReportRenderer.JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
