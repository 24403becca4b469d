package dev.cto.costs.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard over plain HTTP (no browser): headers, assets, the JS budget, escaping, bad input. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardHttpTest {

  /** The most JavaScript any page may load, gzipped, charts included (docs/dashboard.md). */
  static final int JS_BUDGET_BYTES = 300 * 1024;
  static final List<String> PAGES = List.of("/", "/prs", "/prs/5dlabs/cto/3", "/models", "/agents", "/agents/rex", "/budgets", "/alerts",
      "/agents/-?agent=%3Cscript%3Ealert('agent')%3C%2Fscript%3E");

  DashboardFixture server;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    server = new DashboardFixture(dir, null);
    server.loadGeneratedData();
    server.post(DashboardFixture.record("xss-1", "5dlabs/cto", 3, "<script>alert('agent')</script>", "<img src=x onerror=alert(1)>",
        1, "\"><svg onload=alert(2)>", 1000, 100, 0, Instant.now().minusSeconds(5)));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /**
   * The PR page's gauge is coloured as its status word reads: a browser's meter is green at or
   * below low (optimum 0), amber up to high, red above high. It once showed an over-limit PR green.
   */
  @Test
  void thePrGaugeIsColouredAsTheStatusTheApiGives() throws Exception {
    Instant at = Instant.now().minusSeconds(60);
    // claude-sonnet-4-5 at $3 / $15 per million in / out: about $0.003, $3 and $6 against the $2 / $5 thresholds
    server.post(DashboardFixture.record("gauge-ok", "acme/gauge", 701, "rex", "code", 1, "claude-sonnet-4-5", 1_000, 0, 0, at));
    server.post(DashboardFixture.record("gauge-warn", "acme/gauge", 702, "rex", "code", 1, "claude-sonnet-4-5", 1_000, 200_000, 0, at));
    server.post(DashboardFixture.record("gauge-err", "acme/gauge", 703, "rex", "code", 1, "claude-sonnet-4-5", 1_000, 400_000, 0, at));
    Pattern meter = Pattern.compile("<meter min=\"0\" max=\"([^\"]+)\" low=\"([^\"]+)\" high=\"([^\"]+)\" optimum=\"0\" value=\"([^\"]+)\"");
    for (int pr = 701; pr <= 703; pr++) {
      String status = server.api("/v1/prs/" + pr + "?repo=acme/gauge").path("threshold_status").asText();
      Matcher m = meter.matcher(server.get("/prs/acme/gauge/" + pr, null).body());
      assertThat(m.find()).as("PR %d has a gauge with optimum 0", pr).isTrue();
      double low = Double.parseDouble(m.group(2));
      double high = Double.parseDouble(m.group(3));
      double value = Double.parseDouble(m.group(4));
      String colour = value <= low ? "ok" : value <= high ? "warning" : "error";
      assertThat(colour).as("PR %d (%s): value %s, low %s, high %s", pr, status, value, low, high).isEqualTo(status);
    }
    assertThat(List.of(server.api("/v1/prs/701?repo=acme/gauge").path("threshold_status").asText(),
        server.api("/v1/prs/702?repo=acme/gauge").path("threshold_status").asText(),
        server.api("/v1/prs/703?repo=acme/gauge").path("threshold_status").asText()))
        .containsExactly("ok", "warning", "error");
  }

  @Test
  void everyPageCarriesTheSecurityHeadersAndNoInlineScript() throws Exception {
    for (String page : PAGES) {
      HttpResponse<String> response = server.get(page, null);
      assertThat(response.statusCode()).as(page).isEqualTo(200);
      String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
      assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'", "default-src 'none'").doesNotContain("unsafe-inline", "unsafe-eval");
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
      // every script element loads a file; none has a body
      Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(response.body());
      int count = 0;
      while (scripts.find()) {
        count++;
        assertThat(scripts.group(1)).as(page).contains("src=\"/assets/");
        assertThat(scripts.group(2)).as(page).isEmpty();
      }
      assertThat(count).as(page).isPositive();
      assertThat(response.body()).as(page).doesNotContain(" style=\"", " onclick=", " onload=\"");
    }
  }

  @Test
  void storedNamesWithMarkupAreEscaped() throws Exception {
    for (String page : List.of("/", "/prs/5dlabs/cto/3", "/models", "/agents/-?agent=%3Cscript%3Ealert('agent')%3C%2Fscript%3E")) {
      String html = server.get(page, null).body();
      assertThat(html).as(page)
          .doesNotContain("<script>alert", "<img src=x", "<svg onload")
          .contains("&lt;svg onload=alert(2)&gt;");
    }
    // agent and stage names where they are shown
    assertThat(server.get("/", null).body()).contains("&lt;script&gt;alert(");
    assertThat(server.get("/prs/5dlabs/cto/3", null).body()).contains("&lt;script&gt;alert(", "&lt;img src=x onerror=alert(1)&gt;");
    assertThat(server.get("/agents", null).body()).contains("&lt;script&gt;alert(").doesNotContain("<script>alert");
  }

  @Test
  void assetsAreFingerprintedAndCachedForAYear() throws Exception {
    String html = server.get("/", null).body();
    Matcher m = Pattern.compile("src=\"(/assets/[0-9a-f]{16}/dashboard\\.js)\"").matcher(html);
    assertThat(m.find()).isTrue();
    HttpResponse<byte[]> asset = server.getBytes(m.group(1), "gzip");
    assertThat(asset.statusCode()).isEqualTo(200);
    assertThat(asset.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
    assertThat(asset.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(asset.body())).readAllBytes())).contains("localizeTimes");
    // another build's hash is not this build's file
    assertThat(server.getBytes("/assets/0000000000000000/dashboard.js", null).statusCode()).isEqualTo(404);
  }

  /** Fails when a page's scripts, gzipped as served, pass the budget. */
  @Test
  void everyPageStaysWithinTheJavaScriptBudget() throws Exception {
    for (String page : PAGES) {
      assertThat(javaScriptBytes(server, page)).as("gzipped JS of " + page).isPositive().isLessThanOrEqualTo(JS_BUDGET_BYTES);
    }
  }

  static long javaScriptBytes(DashboardFixture server, String page) throws Exception {
    String html = server.get(page, null).body();
    Matcher m = Pattern.compile("<script[^>]*src=\"([^\"]+)\"").matcher(html);
    long total = 0;
    List<String> seen = new ArrayList<>();
    while (m.find()) {
      String src = m.group(1).replace("&#x2F;", "/");
      if (seen.add(src) || true) {
        HttpResponse<byte[]> js = server.getBytes(src, "gzip");
        assertThat(js.statusCode()).as(src).isEqualTo(200);
        total += js.body().length;
      }
    }
    return total;
  }

  @Test
  void badParametersGetAPageNamingThem() throws Exception {
    HttpResponse<String> badDay = server.get("/?since=yesterday", null);
    assertThat(badDay.statusCode()).isEqualTo(400);
    assertThat(badDay.body()).contains("since: 'yesterday' is not a day");
    assertThat(server.get("/prs?sort=price", null).body()).contains("sort: must be cost or date");
    assertThat(server.get("/prs?page=0", null).statusCode()).isEqualTo(400);
    assertThat(server.get("/agents?period=hour", null).body()).contains("period: must be day, week or month");
    assertThat(server.get("/agents/-", null).body()).contains("agent: /agents/- needs the agent's name");
    HttpResponse<String> missing = server.get("/prs/5dlabs/cto/999", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("no cost data for PR 999");
  }

  @Test
  void theApiListsPrsPagedAndFiltersSummaryAndExportByRepository() throws Exception {
    JsonNode all = server.api("/v1/prs?limit=0");
    JsonNode page2 = server.api("/v1/prs?offset=25&limit=25");
    assertThat(page2.get("total").asLong()).isEqualTo(all.get("total").asLong());
    assertThat(page2.get("prs").get(0)).isEqualTo(all.get("prs").get(25));
    JsonNode errors = server.api("/v1/prs?status=error&limit=0");
    assertThat(errors.get("prs")).allSatisfy(p -> assertThat(p.get("threshold_status").asText()).isEqualTo("error"));
    assertThat(errors.get("total").asLong()).isPositive().isLessThan(all.get("total").asLong());
    assertThat(server.get("/v1/prs?status=red", null).body()).contains("status: must be ok, warning or error");

    JsonNode cto = server.api("/v1/summary?since=2000-01-01&repo=5dlabs/cto");
    assertThat(cto.get("top_prs")).allSatisfy(p -> assertThat(p.get("repository").asText()).isEqualTo("5dlabs/cto"));
    JsonNode export = server.api("/v1/export?repo=5dlabs/cto&pr=3");
    assertThat(export).isNotEmpty().allSatisfy(r -> assertThat(r.get("pr_number").asLong()).isEqualTo(3));
  }
}
