package dev.cto.costs.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.report.Lines.AgentLine;
import dev.cto.costs.report.Lines.ModelLine;
import dev.cto.costs.report.Lines.StageLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stored names reach each reader escaped for it: terminal, Markdown, CSV (issue 14, defect 2). */
class SafeRenderingTest {

  static final String HOSTILE_TERMINAL = "\u001b]0;pwned\u0007\u001b[2J";
  static final String HOSTILE_MARKDOWN = "@acme/owners <img src=x onerror=alert(1)> [win](https://evil.example) "
      + "![px](https://evil.example/p.png) fixes #12 www.evil.example";

  private static PrReport report(String agent, String status) {
    return new PrReport("5dlabs/cto", 9, new BigDecimal("3.20"), 1_000, 200, 0, 0, 2, 0,
        Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-02T10:00:00Z"), status, new BigDecimal("2.50"),
        new BigDecimal("3.50"),
        List.of(new AgentLine(agent, 1, 1_000, 200, 0, 0, new BigDecimal("3.20"), 2)),
        List.of(new StageLine("code", new BigDecimal("3.20"), new BigDecimal("100.0"), 1_000, 200)),
        List.of(new ModelLine("claude-sonnet-4-5", "anthropic", new BigDecimal("3.20"), 1_000, 200, 0, 0, 2)),
        List.of(), null);
  }

  private static String render(Object report, Format format, TableStyle style) {
    StringWriter s = new StringWriter();
    ReportRenderer.render(report, format, new PrintWriter(s), style);
    return s.toString();
  }

  @Test
  void aTableShowsControlCharactersOfStoredNamesAsVisibleEscapes() {
    String table = render(report(HOSTILE_TERMINAL, "warning"), Format.TABLE, TableStyle.PLAIN);

    assertThat(table).doesNotContain("\u001b").doesNotContain("\u0007");
    assertThat(table).contains("\\x1b]0;pwned\\x07\\x1b[2J");
    assertThat(Escape.terminal("a\u009bb\u202ec\u007f")).isEqualTo("a\\x9bb\\u202ec\\x7f");
  }

  @Test
  void colourMarksOnlyTheStatusAndNeverLetsAStoredEscapeThrough() {
    String coloured = render(report(HOSTILE_TERMINAL, "warning"), Format.TABLE, new TableStyle(true, true, 200));
    String plain = render(report(HOSTILE_TERMINAL, "warning"), Format.TABLE, new TableStyle(true, false, 200));

    assertThat(coloured).contains("\u001b[33m⚠ WARNING (warning $2.50, error $3.50)\u001b[0m");
    assertThat(coloured.replace("\u001b[33m", "").replace("\u001b[0m", "")).isEqualTo(plain).doesNotContain("\u001b");
    String compared = render(new Comparison(List.of(report("rex", "error"))), Format.TABLE, new TableStyle(true, true, 200));
    assertThat(compared).contains("\u001b[1;31merror\u001b[0m");
  }

  @Test
  void anAsciiLocaleGetsAsciiSymbolsAndEscapedNames() {
    String table = render(report("café", "warning"), Format.TABLE, new TableStyle(false, false, Integer.MAX_VALUE));

    assertThat(table.chars().allMatch(c -> c < 0x80)).as(table).isTrue();
    assertThat(table).contains("! WARNING").contains("2026-03-01T10:00:00Z -> 2026-03-02T10:00:00Z").contains("caf\\u00e9");
  }

  @Test
  void aNarrowTerminalGetsOneBlockPerRowThatFitsIt() {
    String wide = render(report("rex", "ok"), Format.TABLE, TableStyle.PLAIN);
    String narrow = render(report("rex", "ok"), Format.TABLE, new TableStyle(true, false, 60));

    assertThat(wide.lines().filter(l -> l.startsWith("  Agent")).findFirst().orElseThrow()).hasSizeGreaterThan(60);
    List<String> byAgent = narrow.lines().dropWhile(l -> !l.equals("By agent")).skip(1).takeWhile(l -> !l.isEmpty()).toList();
    assertThat(byAgent).first().isEqualTo("  rex");
    assertThat(byAgent).contains("    Iterations:  1", "    Cost:        $3.20");
    assertThat(narrow.lines().dropWhile(l -> !l.equals("By agent"))).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(60));
  }

  @Test
  void markdownShowsHtmlAsTextAndNeutralisesMentionsReferencesLinksAndImages() {
    String md = render(report(HOSTILE_MARKDOWN, "ok"), Format.MARKDOWN, TableStyle.PLAIN);
    String row = md.lines().filter(l -> l.contains("acme")).findFirst().orElseThrow();

    assertThat(row).doesNotContain("<img").contains("&lt;img src=x onerror=alert(1)&gt;");
    assertThat(row).doesNotContain("@acme").contains("@\u200Dacme/owners");
    assertThat(row).doesNotContain("#12").contains("#\u200D12");
    assertThat(row).doesNotContainPattern("(?<!\\\\)\\]\\(").contains("\\[win\\]").contains("!\\[px\\]");
    assertThat(row).doesNotContain("https://").doesNotContain("www.");
    assertThat(Escape.markdown("a|b`c\nd")).isEqualTo("a\\|b\\`c d");
  }

  @Test
  void csvNeutralisesFormulasAlsoBehindTabCarriageReturnAndSpaces() {
    assertThat(Escape.csv("=1+1")).isEqualTo("'=1+1");
    assertThat(Escape.csv("\t=1+1")).isEqualTo("'\t=1+1");
    assertThat(Escape.csv("\tplain")).isEqualTo("'\tplain");
    assertThat(Escape.csv("\r=1+1")).isEqualTo("\"'\r=1+1\"");
    assertThat(Escape.csv("  =HYPERLINK(\"x\")")).isEqualTo("\"'  =HYPERLINK(\"\"x\"\")\"");
    assertThat(Escape.csv(" @SUM(A1)")).isEqualTo("' @SUM(A1)");
    assertThat(Escape.csv("-1.5")).isEqualTo("-1.5");
    assertThat(Escape.csv(" rex")).isEqualTo(" rex");
  }
}
