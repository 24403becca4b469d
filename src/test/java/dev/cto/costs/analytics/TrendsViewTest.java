package dev.cto.costs.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.report.Format;
import dev.cto.costs.report.ReportRenderer;
import dev.cto.costs.report.TableStyle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How trends read: change from the previous period, sparklines (and their ASCII form), the series cap. */
class TrendsViewTest {

  private static TrendsReport.Series series(String key, String... costs) {
    List<TrendsReport.Point> points = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    for (int i = 0; i < costs.length; i++) {
      BigDecimal c = new BigDecimal(costs[i]);
      total = total.add(c);
      points.add(new TrendsReport.Point(LocalDate.of(2026, 11, 2).plusWeeks(i), c, c.signum() == 0 ? 0 : 3, 100, 10));
    }
    return new TrendsReport.Series(key, total, points);
  }

  private static String render(TrendsReport r, Format format, TableStyle style) {
    StringWriter out = new StringWriter();
    ReportRenderer.render(r, format, new PrintWriter(out), style);
    return out.toString();
  }

  @Test
  void theChangeIsAgainstThePreviousPeriodAndNewAfterNothing() {
    TrendsReport.Series s = series("rex", "0", "0", "4", "5", "2.5", "2.5");
    assertThat(List.of(0, 1, 2, 3, 4, 5).stream().map(i -> TrendsView.change(s, i).display()).toList())
        .containsExactly("-", "-", "new", "+25.0%", "-50.0%", "0.0%");
    assertThat(TrendsView.change(s, 3).raw()).isEqualTo("25.0");
    assertThat(TrendsView.change(series("x", "3", "1"), 1).display()).isEqualTo("-66.7%"); // half-even to 0.1
  }

  @Test
  void theSparklineRunsFromNothingToTheLargestPeriod() {
    assertThat(TrendsView.sparkline(TrendsReport.costs(series("x", "0", "1", "4", "8", "7", "0.001"))))
        .isEqualTo("▁▂▅█▇▂");
    assertThat(TrendsView.sparkline(TrendsReport.costs(series("x", "0", "0")))).isEqualTo("▁▁");
    String[] forty = new String[40];
    for (int i = 0; i < 40; i++) {
      forty[i] = Integer.toString(i);
    }
    assertThat(TrendsView.sparkline(TrendsReport.costs(series("x", forty)))).hasSize(TrendsReport.SPARKLINE_POINTS).endsWith("█");
  }

  @Test
  void aTerminalWithoutUtf8GetsTheAsciiRampAndAUtf8OneTheBars() {
    TrendsReport r = new TrendsReport("agent", "week", LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 29),
        List.of(series("rex", "0", "1", "4", "8")));
    assertThat(render(r, Format.TABLE, new TableStyle(true, false, 200))).contains("▁▂▅█");
    String ascii = render(r, Format.TABLE, new TableStyle(false, false, 200));
    assertThat(ascii).contains("_.+#").doesNotContain("\\u2581");
    assertThat(ascii.chars().allMatch(c -> c < 0x80)).isTrue();
  }

  @Test
  void tablesShowTheLargestSeriesAndSayHowManyMoreCsvHasEveryPoint() {
    List<TrendsReport.Series> all = new ArrayList<>();
    for (int i = 0; i < TrendsReport.SHOWN_SERIES + 3; i++) {
      all.add(series("agent-" + (char) ('a' + i), Integer.toString(100 - i), "1"));
    }
    TrendsReport r = new TrendsReport("agent", "week", LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 15), all);

    String table = render(r, Format.TABLE, TableStyle.PLAIN);
    assertThat(table).contains("Agent agent-a").contains("Agent agent-h").doesNotContain("agent-i")
        .contains("and 3 more series ($276.00 together)");
    String markdown = render(r, Format.MARKDOWN, TableStyle.PLAIN);
    assertThat(markdown).contains("and 3 more series").doesNotContain("agent-k");
    String csv = render(r, Format.CSV, TableStyle.PLAIN);
    assertThat(csv.lines().findFirst().orElseThrow())
        .isEqualTo("section,series,start,cost_usd,change_percent,records,input_tokens,output_tokens");
    assertThat(csv.lines().count()).isEqualTo(1 + 2L * all.size());
    assertThat(csv).contains("points,agent-k,2026-11-09,1,-98.9,3,100,10");
  }

  @Test
  void aRangeThatCutsItsFirstOrLastWeekShortSaysSo() {
    TrendsReport cut = new TrendsReport("total", "week", LocalDate.of(2026, 11, 4), LocalDate.of(2026, 11, 15),
        List.of(series("total", "1", "2")));
    assertThat(render(cut, Format.TABLE, TableStyle.PLAIN)).contains("the first or last week is partial");
    TrendsReport whole = new TrendsReport("total", "week", LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 15),
        List.of(series("total", "1", "2")));
    assertThat(render(whole, Format.TABLE, TableStyle.PLAIN)).doesNotContain("partial");
  }
}
