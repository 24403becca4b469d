package dev.cto.costs.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.report.Lines.AgentLine;
import dev.cto.costs.report.Lines.IterationLine;
import dev.cto.costs.report.Lines.ModelLine;
import dev.cto.costs.report.Lines.StageLine;
import dev.cto.costs.report.Lines.UnpricedLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderingTest {

  private static final PrReport REPORT = new PrReport("5dlabs/cto", 123, new BigDecimal("1234.5678"), 1_234_567, 89_000, 5, 6, 42, 3,
      Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-02T10:00:00Z"), "warning", new BigDecimal("5"), new BigDecimal("20"),
      List.of(new AgentLine("rex", 2, 1_234_000, 88_000, 5, 6, new BigDecimal("1234.5636"), 40),
          new AgentLine("cle|o", 1, 567, 1000, 0, 0, new BigDecimal("0.0042"), 2)),
      List.of(new StageLine("code", new BigDecimal("1234.5636"), new BigDecimal("99.9"), 1_234_000, 88_000),
          new StageLine("lint, docs", new BigDecimal("0.0042"), new BigDecimal("0.1"), 567, 1000)),
      List.of(new ModelLine("claude-sonnet", "anthropic", new BigDecimal("1234.5678"), 1, 2, 3, 4, 42)),
      List.of(new UnpricedLine("mystery", 3, 300, 30)),
      List.of(new IterationLine("rex", 1, new BigDecimal("0.000000001"), 1, 1)));

  private static String render(Object report, Format format) {
    StringWriter s = new StringWriter();
    ReportRenderer.render(report, format, new PrintWriter(s));
    return s.toString();
  }

  @Test
  void moneyIsFormattedForPeopleWithoutHidingSmallAmounts() {
    assertThat(Numbers.dollars(new BigDecimal("1234.5678"))).isEqualTo("$1,234.57");
    assertThat(Numbers.dollars(new BigDecimal("0.0042"))).isEqualTo("$0.0042");
    assertThat(Numbers.dollars(new BigDecimal("0.000000001"))).isEqualTo("<$0.0001");
    assertThat(Numbers.dollars(BigDecimal.ZERO)).isEqualTo("$0.00");
    assertThat(Numbers.dollars(new BigDecimal("0.005"))).isEqualTo("$0.0050");
    assertThat(Numbers.dollars(new BigDecimal("0.015"))).isEqualTo("$0.02");
    assertThat(Numbers.count(1_234_567)).isEqualTo("1,234,567");
  }

  @Test
  void tableColumnsAreAlignedAndNumbersRightAligned() {
    String table = render(REPORT, Format.TABLE);
    List<String> agentLines = table.lines().dropWhile(l -> !l.equals("By agent")).skip(1).limit(4).toList();

    assertThat(agentLines.get(0)).contains("Agent").contains("Cost");
    int costColumnEnd = agentLines.get(2).length();
    assertThat(agentLines.get(2)).endsWith("$1,234.56");
    assertThat(agentLines.get(3)).endsWith("$0.0042").hasSize(costColumnEnd);
    assertThat(agentLines.get(2)).contains("1,234,000");
    assertThat(table).contains("Total cost:").contains("$1,234.57 (+ 3 unpriced records)").contains("⚠ WARNING");
    assertThat(table).contains("⚠ 3 records of 'mystery' have no price");
  }

  @Test
  void jsonHasTheContractsFieldNamesAndExactDecimals() throws Exception {
    JsonNode json = ReportRenderer.JSON.readTree(render(REPORT, Format.JSON));

    for (String field : List.of("repository", "pr_number", "total_cost_usd", "total_input_tokens", "total_output_tokens",
        "total_cache_creation_input_tokens", "total_cache_read_input_tokens", "records", "started_at", "completed_at",
        "threshold_status", "agents", "stages", "models", "unpriced", "iterations")) {
      assertThat(json.has(field)).as(field).isTrue();
    }
    assertThat(names(json.get("agents").get(0))).contains("agent", "iterations", "input_tokens", "output_tokens", "cost_usd", "records");
    assertThat(names(json.get("stages").get(0))).contains("stage", "cost_usd", "percent", "input_tokens", "output_tokens");
    assertThat(names(json.get("models").get(0))).contains("model", "provider", "cost_usd", "input_tokens", "output_tokens");
    assertThat(names(json.get("unpriced").get(0))).contains("model", "records", "input_tokens", "output_tokens");
    assertThat(names(json.get("iterations").get(0))).contains("agent", "iteration", "cost_usd", "input_tokens", "output_tokens");
    assertThat(json.get("total_cost_usd").decimalValue()).isEqualByComparingTo("1234.5678");
    assertThat(render(REPORT, Format.JSON)).contains("\"cost_usd\" : 0.000000001").contains("\"started_at\" : \"2026-03-01T10:00:00Z\"");
  }

  @Test
  void markdownEscapesPipesAndCsvQuotesCommas() {
    String md = render(REPORT, Format.MARKDOWN);
    assertThat(md).contains("| cle\\|o |").contains("| Agent | Iterations |").contains("---:");

    String csv = render(REPORT, Format.CSV);
    assertThat(csv).contains("section,stage,input,output,cost,of_total").contains("by_stage,\"lint, docs\",567,1000,0.0042,0.1");
    assertThat(csv).contains("by_agent,rex,2,1234000,88000,5,6,40,1234.5636");
    assertThat(ReportRenderer.csvField("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
  }

  @Test
  void percentagesAlwaysAddUpToOneHundred() {
    assertThat(Percentages.of(List.of(1L, 1L, 1L))).extracting(BigDecimal::toPlainString).containsExactly("33.4", "33.3", "33.3");
    assertThat(Percentages.of(List.of(0L, 0L))).extracting(BigDecimal::toPlainString).containsExactly("0.0", "0.0");
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 200; i++) {
      List<Long> parts = new ArrayList<>();
      for (int k = 0; k < 1 + random.nextInt(9); k++) {
        parts.add((long) random.nextInt(1_000_000));
      }
      if (parts.stream().mapToLong(Long::longValue).sum() > 0) {
        assertThat(Percentages.of(parts).stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("100.0");
      }
    }
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
