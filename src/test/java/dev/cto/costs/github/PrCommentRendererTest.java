package dev.cto.costs.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.report.PrReport;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comment body, rendered from reports the real report service built from a real SQLite store. */
class PrCommentRendererTest {

  private static final String REPO = "5dlabs/cto";
  private static final Instant AS_OF = Instant.parse("2026-03-02T00:00:00Z");

  @TempDir Path dir;
  private CostData data;

  @BeforeEach
  void open() throws Exception {
    data = new CostData(dir);
  }

  @AfterEach
  void close() {
    data.close();
  }

  private static CommentMarker.Stamp stamp(PrReport r, Long baseline) {
    return new CommentMarker.Stamp(AS_OF, r.records(), r.totalCostUsd().movePointRight(9).longValueExact(), baseline);
  }

  private void seedAFactoryPr() {
    data.call(REPO, 7, "rex", "code", 1, "sonnet-t", 120_000, 8_000, 20_000, 300_000)
        .call(REPO, 7, "rex", "code", 2, "sonnet-t", 40_000, 3_000, 0, 100_000)
        .call(REPO, 7, "cleo", "quality", 1, "haiku-t", 50_000, 2_000, 0, 0)
        .call(REPO, 7, "cipher", "security", 1, "sonnet-t", 10_000, 1_000, 0, 0)
        .call(REPO, 7, "tess", "testing", 1, "haiku-t", 3_000, 700, 0, 0)
        .call(REPO, 7, "tess", "testing", 2, "mystery-model", 5_000, 500, 0, 0);
  }

  @Test
  void theSeedsShapeWithExactNumbers() {
    seedAFactoryPr();
    PrReport report = data.reports().prReport(REPO, 7, true);

    String body = new PrCommentRenderer().render(report, stamp(report, null), null);

    // rex 1: 120,000*3 + 8,000*15 + 20,000*3.75 + 300,000*0.3 = 360,000+120,000+75,000+90,000 µ$ = $0.645
    // rex 2: 40,000*3 + 3,000*15 + 100,000*0.3 = 120,000+45,000+30,000 = $0.195 → rex $0.84
    // cleo: 50,000*1 + 2,000*5 = $0.06; cipher: 30,000+15,000 = $0.045; tess: 3,000 + 3,500 = $0.0065
    // total $0.9515; mystery-model has no price
    assertThat(body).startsWith("## 💰 Cost Report\n\n**Total Cost**: $0.95 (+ 1 unpriced model calls, not included)\n");
    assertThat(body).contains("| rex | 2 | 160,000 | 11,000 | 20,000 | 400,000 | $0.84 |")
        .contains("| cleo | 1 | 50,000 | 2,000 | 0 | 0 | $0.06 |")
        .contains("| tess | 2 | 8,000 | 1,200 | 0 | 0 | $0.0065 |");
    assertThat(body).contains("### Breakdown by Stage").contains("| code | $0.84 | 88.3% |");
    assertThat(body).contains("### Models").contains("| sonnet-t | anthropic | 3 |").contains("| haiku-t | anthropic | 2 |");
    assertThat(body).contains("### ⚠️ Unpriced usage").contains("| mystery-model | 1 | 5,000 | 500 |");
    assertThat(body).contains("**Tokens**: 228,000 input · 15,200 output · 20,000 cache write · 400,000 cache read · 6 model calls");
    assertThat(body).contains("**Budget**: 🟡 **warning** — the warning threshold is reached (warning at $0.05, error at $1.00)");
    assertThat(body).contains("<details>\n<summary>Per-iteration breakdown (6 iterations)</summary>").contains("| rex | 2 | 40,000 | 3,000 | $0.20 |");
    assertThat(body).doesNotContain("since the last update");
    assertThat(body.lines().toList()).last().isEqualTo("<!-- cto-costs:pr-cost-report repo=5dlabs/cto pr=7 -->");
    assertThat(body).contains("<!-- cto-costs:data as_of=2026-03-02T00:00:00Z records=6 total_nanos=951500000 baseline_nanos=none -->");
  }

  @Test
  void stagePercentagesAddUpTo100AndEveryTableRowHasTheHeadersColumnCount() {
    seedAFactoryPr();
    // a pipe and a backtick would break a table row; a newline cannot reach here (the record rules refuse it)
    data.call(REPO, 7, "weird|agent`name", "docs|stage", 1, "haiku-t", 1_000, 1_000, 0, 0);
    PrReport report = data.reports().prReport(REPO, 7, true);

    String body = new PrCommentRenderer().render(report, stamp(report, null), null);

    List<List<String>> tables = tables(body);
    assertThat(tables).hasSize(5); // agents, stages, models, unpriced, iterations
    for (List<String> table : tables) {
      int columns = cells(table.get(0)).size();
      assertThat(table.get(1)).matches("\\|( ---:? \\|)+");
      assertThat(table).allSatisfy(row -> assertThat(cells(row)).as(row).hasSize(columns));
    }
    BigDecimal sum = BigDecimal.ZERO;
    for (String row : tables.get(1).subList(2, tables.get(1).size())) {
      String percent = cells(row).get(2);
      assertThat(percent).matches("\\d{1,3}\\.\\d%");
      sum = sum.add(new BigDecimal(percent.replace("%", "")));
    }
    assertThat(sum).isEqualByComparingTo("100.0");
    assertThat(body).contains("weird\\|agent\\`name").contains("docs\\|stage");
  }

  @Test
  void showsTheChangeSinceTheLastUpdateAndNoThresholds() throws Exception {
    data.close();
    data = new CostData(java.nio.file.Files.createDirectories(dir.resolve("no-thresholds")), "enabled: true\n");
    data.call(REPO, 8, "rex", "code", 1, "claude-sonnet-4-5", 1_000_000, 0, 0, 0); // built-in price: $3 per million input
    PrReport report = data.reports().prReport(REPO, 8, false);
    long total = report.totalCostUsd().movePointRight(9).longValueExact();
    PrCommentRenderer renderer = new PrCommentRenderer();

    assertThat(renderer.render(report, stamp(report, total - 420_000_000L), null)).contains("· +$0.42 since the last update")
        .contains("**Budget**: no thresholds configured").doesNotContain("<details>");
    assertThat(renderer.render(report, stamp(report, total + 5_000_000L), null)).contains("· -$0.0050 since the last update");
    assertThat(renderer.render(report, stamp(report, total), null)).contains("· no change since the last update");
  }

  @Test
  void anErrorCrossingShowsInTheStatusLineEvenBeforeTheReportSeesIt() {
    data.call(REPO, 9, "rex", "code", 1, 1000, 10);
    PrReport report = data.reports().prReport(REPO, 9, false);
    ThresholdCrossing crossing = new ThresholdCrossing(REPO, 9, ThresholdLevel.ERROR, Usd.of("1"), Usd.of("1.2"), Instant.now());

    assertThat(new PrCommentRenderer().render(report, stamp(report, null), null)).contains("🟢 ok (warning at $0.05, error at $1.00)");
    assertThat(new PrCommentRenderer().render(report, stamp(report, null), crossing)).contains("🔴 **error**");
  }

  @Test
  void aLongReportStaysUnderGitHubsLimitByDroppingTheIterationDetailsFirst() {
    List<String> lines = new ArrayList<>();
    for (int agent = 0; agent < 40; agent++) {
      for (int it = 1; it <= 60; it++) {
        lines.add(data.line(REPO, 10, "agent-" + agent, "stage-" + agent % 7, it, "sonnet-t", 1000L * it, 100, 0, 0));
      }
    }
    data.ingest(lines);
    PrReport report = data.reports().prReport(REPO, 10, true);
    assertThat(report.iterations()).hasSize(2400);

    String body = new PrCommentRenderer().render(report, stamp(report, null), null);

    assertThat(body.length()).isLessThanOrEqualTo(65_536);
    assertThat(body).doesNotContain("<details>").contains("| agent-39 |").doesNotContain("… and");
    assertThat(body.lines().toList()).last().isEqualTo("<!-- cto-costs:pr-cost-report repo=5dlabs/cto pr=10 -->");

    String small = new PrCommentRenderer(3_000).render(report, stamp(report, null), null);
    assertThat(small.length()).isLessThanOrEqualTo(3_000);
    assertThat(small).contains("| … and 30 more |").contains("**Total Cost**");
    assertThat(small.lines().toList()).last().isEqualTo("<!-- cto-costs:pr-cost-report repo=5dlabs/cto pr=10 -->");
    for (List<String> table : tables(small)) {
      int columns = cells(table.get(0)).size();
      assertThat(table).allSatisfy(row -> assertThat(cells(row)).hasSize(columns));
    }
  }

  @Test
  void theErrorAlertCarriesItsOwnMarker() {
    data.call(REPO, 11, "rex", "code", 1, 1000, 10);
    PrReport report = data.reports().prReport(REPO, 11, false);
    ThresholdCrossing crossing = new ThresholdCrossing(REPO, 11, ThresholdLevel.ERROR, Usd.of("1"), Usd.of("1.23456"), Instant.now());

    String alert = new PrCommentRenderer().renderErrorAlert(report, crossing);

    assertThat(alert).contains("**$1.23**").contains("**$1.00**")
        .endsWith("<!-- cto-costs:pr-cost-error repo=5dlabs/cto pr=11 -->\n")
        .doesNotContain("cto-costs:pr-cost-report");
  }

  /** Consecutive lines starting with '|' form a table. */
  private static List<List<String>> tables(String body) {
    List<List<String>> tables = new ArrayList<>();
    List<String> current = null;
    for (String line : body.split("\n", -1)) {
      if (line.startsWith("|")) {
        if (current == null) {
          current = new ArrayList<>();
          tables.add(current);
        }
        current.add(line);
      } else {
        current = null;
      }
    }
    return tables;
  }

  @Test
  void storedNamesCannotMentionReferenceLinkOrInjectHtml() {
    data.call(REPO, 8, "@acme/owners fixes #12 <b>x</b> [win](https://evil.example) ![i](http://e/p.png)", "code", 1,
        "sonnet-t", 1_000, 100, 0, 0);
    PrReport report = data.reports().prReport(REPO, 8, false);

    String body = new PrCommentRenderer().render(report, stamp(report, null), null);
    String row = body.lines().filter(l -> l.contains("acme")).findFirst().orElseThrow();

    assertThat(row).doesNotContain("@acme").doesNotContain("#12").doesNotContain("<b>").doesNotContainPattern("(?<!\\\\)\\]\\(")
        .doesNotContain("http://").doesNotContain("https://");
    assertThat(row).contains("&lt;b&gt;x&lt;/b&gt;").contains("\\[win\\]");
  }

  /** Cells of a GFM table row: split at pipes that are not escaped. */
  private static List<String> cells(String row) {
    assertThat(row).startsWith("| ").endsWith(" |");
    List<String> cells = new ArrayList<>();
    Matcher m = Pattern.compile("(?<!\\\\)\\|").matcher(row);
    int start = -1;
    while (m.find()) {
      if (start >= 0) {
        cells.add(row.substring(start, m.start()).trim());
      }
      start = m.end();
    }
    return cells;
  }
}
