package dev.cto.costs.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.report.Numbers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every dashboard page in headless Chromium against generated data: the figures equal the query
 * API's JSON, the console stays free of errors (CSP violations included), and a screenshot of each
 * page lands in target/dashboard-screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

  DashboardFixture server;
  ChromeDriver driver;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    driver = Browser.start();
    server = newServer(dir);
    server.loadGeneratedData();
    server.post(DashboardFixture.record("xss-1", "5dlabs/cto", 3, "<script>alert('agent')</script>", "<img src=x onerror=alert(1)>",
        1, "\"><svg onload=alert(2)>", 1000, 100, 0, Instant.now().minusSeconds(5)));
  }

  /** The server under test: SQLite here, PostgreSQL in the subclass. */
  DashboardFixture newServer(Path dir) throws Exception {
    return new DashboardFixture(dir, null);
  }

  /** A screenshot's file name; the PostgreSQL run prefixes its own. */
  String shot(String name) {
    return name;
  }

  @AfterAll
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void clearConsole() {
    Browser.consoleErrors(driver);
  }

  @AfterEach
  void noConsoleErrors() {
    assertThat(Browser.consoleErrors(driver)).as("browser console errors").isEmpty();
  }

  private void open(String path) {
    driver.get(server.base() + path);
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> ((ChromeDriver) d).executeScript("return document.readyState").equals("complete"));
    Browser.panelsLoaded(driver);
  }

  private String text(String css) {
    return driver.findElement(By.cssSelector(css)).getText().trim();
  }

  /** A table's rows as key → cost text. */
  private Map<String, String> costs(String table) {
    Map<String, String> rows = new LinkedHashMap<>();
    for (WebElement row : driver.findElements(By.cssSelector("table[data-table=" + table + "] tbody tr"))) {
      List<WebElement> key = row.findElements(By.cssSelector("[data-key]"));
      List<WebElement> cost = row.findElements(By.cssSelector("[data-cost]"));
      if (!key.isEmpty() && !cost.isEmpty()) {
        rows.put(key.get(0).getText().trim(), cost.get(0).getText().trim());
      }
    }
    return rows;
  }

  /** The given columns of a table's rows, each row's cells joined by a space. */
  private List<String> cells(String table, int... columns) {
    List<String> rows = new java.util.ArrayList<>();
    for (WebElement row : driver.findElements(By.cssSelector("table[data-table=" + table + "] tbody tr"))) {
      List<WebElement> td = row.findElements(By.tagName("td"));
      rows.add(java.util.Arrays.stream(columns).mapToObj(c -> td.get(c).getText().trim()).collect(java.util.stream.Collectors.joining(" ")));
    }
    return rows;
  }

  private static Map<String, String> expected(JsonNode lines, String key) {
    Map<String, String> rows = new LinkedHashMap<>();
    lines.forEach(l -> rows.put(l.get(key).asText(), Numbers.dollars(l.get("cost_usd").decimalValue())));
    return rows;
  }

  @Test
  void overviewShowsTheApiFigures() throws Exception {
    open("/");
    JsonNode summary = server.api("/v1/summary?" + DashboardFixture.monthToDate());
    assertThat(text("[data-figure=total_cost_usd]")).isEqualTo(Numbers.dollars(summary.get("total_cost_usd").decimalValue()));
    assertThat(text("[data-figure=records]")).isEqualTo(Numbers.count(summary.get("records").asLong()));
    assertThat(text("[data-figure=prs]")).isEqualTo(Numbers.count(summary.get("prs").asLong()));
    assertThat(costs("by_agent")).isEqualTo(expected(summary.get("by_agent"), "agent"));
    assertThat(costs("by_model")).isEqualTo(expected(summary.get("by_model"), "model"));
    assertThat(costs("by_stage")).isEqualTo(expected(summary.get("by_stage"), "stage"));
    assertThat(driver.findElements(By.cssSelector("table[data-table=unpriced] tbody tr"))).hasSize(summary.get("unpriced").size());
    Map<String, String> top = new LinkedHashMap<>();
    summary.get("top_prs").forEach(p -> top.put(p.get("repository").asText() + " #" + p.get("pr_number").asLong(),
        Numbers.dollars(p.get("cost_usd").decimalValue())));
    assertThat(costs("top_prs")).isNotEmpty().isEqualTo(top);
    // the daily chart's table (folded away: read its text content) holds the API's days
    Map<String, String> days = new LinkedHashMap<>();
    summary.get("by_day").forEach(d -> days.put(d.get("date").asText(),
        Numbers.dollars(d.get("cost_usd").decimalValue()) + " " + Numbers.count(d.get("records").asLong())));
    Map<String, String> shownDays = new LinkedHashMap<>();
    for (WebElement row : driver.findElements(By.cssSelector("#daily-table tbody tr"))) {
      List<String> cells = row.findElements(By.tagName("td")).stream().map(c -> c.getAttribute("textContent").trim()).toList();
      shownDays.put(cells.get(0), cells.get(1) + " " + cells.get(2));
    }
    assertThat(shownDays).isNotEmpty().isEqualTo(days);
    JsonNode forecast = server.api("/v1/analytics/forecast");
    assertThat(text("[data-figure=spent_usd]")).isEqualTo(Numbers.dollars(forecast.get("spent_usd").decimalValue()));
    assertThat(text("[data-figure=projected_total_usd]")).isEqualTo(Numbers.dollars(forecast.get("projected_total_usd").decimalValue()));
    // the chart drew (uPlot's canvas) and the XSS names are text
    assertThat(driver.findElements(By.cssSelector("#daily-chart canvas"))).isNotEmpty();
    assertThat(costs("by_agent")).containsKey("<script>alert('agent')</script>");
    Browser.screenshot(driver, shot("overview"));
  }

  @Test
  void repositoryFilterAndDateRangeCarryAcrossPagesAndDeepLinksReload() throws Exception {
    open("/");
    new Select(driver.findElement(By.name("repo"))).selectByValue("acme/api");
    driver.findElement(By.cssSelector("form.scope button[type=submit]")).click();
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("repo=acme%2Fapi"));
    JsonNode acme = server.api("/v1/summary?" + DashboardFixture.monthToDate() + "&repo=acme/api");
    assertThat(text("[data-figure=total_cost_usd]")).isEqualTo(Numbers.dollars(acme.get("total_cost_usd").decimalValue()));
    // the navigation keeps the filter
    driver.findElement(By.linkText("PRs")).click();
    assertThat(driver.getCurrentUrl()).contains("/prs?").contains("repo=acme%2Fapi");
    assertThat(driver.findElements(By.cssSelector("table[data-table=prs] [data-key]")))
        .allSatisfy(cell -> assertThat(cell.getText()).startsWith("acme/api #"));
    // a narrower range by deep link, reloaded: the same view
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    open("/?since=" + today + "&until=" + today + "&repo=acme%2Fapi");
    driver.navigate().refresh();
    JsonNode day = server.api("/v1/summary?since=" + today + "&until=" + java.time.LocalDate.parse(today).plusDays(1) + "&repo=acme/api");
    String shown = driver.findElements(By.cssSelector("[data-figure=total_cost_usd]")).isEmpty() ? "$0.00" : text("[data-figure=total_cost_usd]");
    assertThat(shown).isEqualTo(Numbers.dollars(day.get("total_cost_usd").decimalValue()));
    assertThat(driver.findElement(By.name("since")).getAttribute("value")).isEqualTo(today);
  }

  @Test
  void prListFiltersSortsAndPagesLikeTheApi() throws Exception {
    open("/prs");
    JsonNode first = server.api("/v1/prs?" + DashboardFixture.monthToDate() + "&limit=25");
    assertThat(text("[data-figure=total]")).startsWith(first.get("total").asText() + " PRs");
    assertThat(costs("prs")).isEqualTo(prRows(first));
    Browser.screenshot(driver, shot("prs"));

    driver.findElement(By.linkText("Next")).click();
    assertThat(driver.getCurrentUrl()).contains("page=2");
    assertThat(costs("prs")).isEqualTo(prRows(server.api("/v1/prs?" + DashboardFixture.monthToDate() + "&offset=25&limit=25")));

    // status filter through htmx: the URL follows (a deep link), the rows are the API's
    open("/prs");
    new Select(driver.findElement(By.name("status"))).selectByValue("error");
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("status=error"));
    JsonNode errors = server.api("/v1/prs?" + DashboardFixture.monthToDate() + "&status=error&limit=25");
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> costs("prs").equals(prRows(errors)));
    driver.navigate().refresh();
    assertThat(costs("prs")).isEqualTo(prRows(errors));

    open("/prs?sort=date");
    assertThat(costs("prs")).isEqualTo(prRows(server.api("/v1/prs?" + DashboardFixture.monthToDate() + "&sort=date&limit=25")));
    // times are the browser's, with UTC on hover
    WebElement time = driver.findElement(By.cssSelector("table[data-table=prs] time"));
    assertThat(time.getAttribute("title")).endsWith("UTC");
  }

  private static Map<String, String> prRows(JsonNode listing) {
    Map<String, String> rows = new LinkedHashMap<>();
    listing.get("prs").forEach(p -> rows.put(p.get("repository").asText() + " #" + p.get("pr_number").asLong(),
        Numbers.dollars(p.get("cost_usd").decimalValue())));
    return rows;
  }

  @Test
  void prDetailShowsTheApiFigures() throws Exception {
    open("/prs");
    driver.findElement(By.cssSelector("table[data-table=prs] tbody tr a")).click();
    String url = driver.getCurrentUrl();
    String[] parts = url.replaceAll("\\?.*", "").split("/prs/")[1].split("/");
    JsonNode pr = server.api("/v1/prs/" + parts[2] + "?repo=" + parts[0] + "/" + parts[1] + "&detailed=true");
    assertThat(text("[data-figure=total_cost_usd]")).isEqualTo(Numbers.dollars(pr.get("total_cost_usd").decimalValue()));
    assertThat(text("[data-figure=threshold_status]")).isEqualToIgnoringCase(pr.get("threshold_status").asText());
    assertThat(costs("agents")).isEqualTo(expected(pr.get("agents"), "agent"));
    assertThat(costs("stages")).isEqualTo(expected(pr.get("stages"), "stage"));
    assertThat(costs("models")).isEqualTo(expected(pr.get("models"), "model"));
    List<String> iterations = new java.util.ArrayList<>();
    pr.get("iterations").forEach(i -> iterations.add(i.get("agent").asText() + " " + i.get("iteration").asInt() + " "
        + Numbers.dollars(i.get("cost_usd").decimalValue())));
    assertThat(cells("iterations", 0, 1, 2)).isEqualTo(iterations);
    assertThat(driver.findElements(By.cssSelector("table[data-table=calls] tbody tr"))).hasSize(pr.get("records").asInt());
    // the timeline is the PR's records as the export API streams them (every call: fewer than 200)
    List<String> calls = new java.util.ArrayList<>();
    server.api("/v1/export?since=2000-01-01&repo=" + parts[0] + "/" + parts[1] + "&pr=" + parts[2] + "&format=json").forEach(r -> calls.add(
        r.get("timestamp").asText() + " " + r.get("agent").asText() + " " + r.get("model").asText() + " "
            + (r.get("priced").asBoolean() ? Numbers.dollars(r.get("cost_usd").decimalValue()) : "unpriced")));
    List<String> shownCalls = new java.util.ArrayList<>();
    for (WebElement row : driver.findElements(By.cssSelector("table[data-table=calls] tbody tr"))) {
      List<WebElement> td = row.findElements(By.tagName("td"));
      shownCalls.add(td.get(0).findElement(By.tagName("time")).getAttribute("datetime") + " " + td.get(1).getText().trim() + " "
          + td.get(4).getText().trim() + " " + td.get(8).getText().trim());
    }
    assertThat(shownCalls).containsExactlyInAnyOrderElementsOf(calls);
    assertThat(driver.findElements(By.cssSelector("#iterations-chart canvas"))).isNotEmpty();
    assertThat(driver.findElement(By.linkText("on GitHub")).getAttribute("href"))
        .isEqualTo("https://github.com/" + parts[0] + "/" + parts[1] + "/pull/" + parts[2]);
    Browser.screenshot(driver, shot("pr"));

    open("/prs/5dlabs/cto/3");
    assertThat(costs("agents")).containsKey("<script>alert('agent')</script>");
    assertThat(costs("stages")).containsKey("<img src=x onerror=alert(1)>");
  }

  /** No element the page's own markup does not make: an injected tag would be one of these. */
  private long injectedElements() {
    return (Long) driver.executeScript("return document.querySelectorAll('[onerror], [onload], script:not([src]), img:not([src^=\"/\"])').length");
  }

  /**
   * Repository names are free text in the issue, but ingest holds them to GitHub's owner/name
   * alphabet (docs/record-format.md), so markup never reaches the store: that refusal is checked,
   * then the most hostile names it allows, a path climbing out ({@code ../..}) and the sentinel of
   * the PR page's path ({@code -/-}), are followed from the filter, the PR list and the PR page.
   * Markup in the URL's free-text parameters is shown as text too.
   */
  @Test
  void repositoryNamesWithMarkupAreRefusedAndTheMostHostileAllowedAreShownAsText() throws Exception {
    Instant at = Instant.now().minusSeconds(5);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.post(DashboardFixture.record("repo-xss", "acme/<img src=x onerror=alert(1)>",
        1, "rex", "code", 1, "gpt-5", 1000, 100, 0, at))).hasMessageContaining("400").hasMessageContaining("owner/name");
    server.post(DashboardFixture.record("repo-dots", "../..", 7, "rex", "code", 1, "gpt-5", 500_000, 10_000, 0, at) + "\n"
        + DashboardFixture.record("repo-dash", "-/-", 8, "cleo", "code", 1, "gpt-5", 400_000, 20_000, 0, at));

    // new usage shows within 2 s (docs/dashboard.md): a navigation racing the data version's
    // recheck (another request holding it, on PostgreSQL a slower marker) may still get the
    // previous filter list, so the page is opened again until the new names are offered
    List<String> options = List.of();
    for (int i = 0; i < 10 && !options.containsAll(List.of("../..", "-/-")); i++) {
      if (i > 0) {
        Thread.sleep(500);
      }
      open("/");
      options = new Select(driver.findElement(By.name("repo"))).getOptions().stream().map(WebElement::getText).toList();
    }
    assertThat(options).contains("../..", "-/-");
    for (String repo : List.of("../..", "-/-")) {
      long number = repo.equals("../..") ? 7 : 8;
      new Select(driver.findElement(By.name("repo"))).selectByVisibleText(repo);
      driver.findElement(By.cssSelector("form.scope button[type=submit]")).click();
      new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("repo=" + PageScope.encode(repo)));
      driver.findElement(By.linkText("PRs")).click();
      assertThat(costs("prs")).containsOnlyKeys(repo + " #" + number);
      driver.findElement(By.linkText(repo + " #" + number)).click();
      new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/prs/-/-/" + number + "?"));
      // the name travels in the query, never as path segments a browser would resolve
      assertThat(driver.getCurrentUrl()).contains("repository=" + PageScope.encode(repo));
      JsonNode pr = server.api("/v1/prs/" + number + "?repo=" + PageScope.encode(repo));
      assertThat(text("h1")).startsWith(repo + " #" + number);
      assertThat(text("[data-figure=total_cost_usd]")).isEqualTo(Numbers.dollars(pr.get("total_cost_usd").decimalValue()));
      assertThat(injectedElements()).isZero();
      open("/");
    }

    // markup typed into the URL: the free-text parameters are echoed as text, never as markup
    String markup = "<img src=x onerror=alert(1)>";
    open("/prs/-/-/3?repository=" + PageScope.encode(markup));
    assertThat(text(".problem")).contains(markup);
    assertThat(injectedElements()).isZero();
    // the page's own 404 is the one console message: nothing the name could have loaded or run
    assertThat(Browser.consoleErrors(driver)).singleElement().asString().contains("/prs/-/-/3?", "status of 404");
    open("/prs?repo=" + PageScope.encode(markup) + "&agent=" + PageScope.encode("<script>alert(2)</script>"));
    assertThat(driver.findElement(By.name("agent")).getAttribute("value")).isEqualTo("<script>alert(2)</script>");
    assertThat(injectedElements()).isZero();
    Browser.screenshot(driver, shot("repository-names"));
  }

  @Test
  void modelsPageShowsUsagePricesAndUnpricedModels() throws Exception {
    // what the server charges per token, through the API: 100,000 tokens of one kind per record
    // (below any long-context tier), so ten times a record's cost is that kind's price per million
    Instant at = Instant.now().minusSeconds(30);
    List<String> probes = new java.util.ArrayList<>();
    for (String model : List.of("claude-sonnet-4-5", "gpt-5")) {
      probes.add(DashboardFixture.record("price-in-" + model, "acme/prices", 900, "rex", "code", 1, model, 100_000, 0, 0, at));
      probes.add(DashboardFixture.record("price-out-" + model, "acme/prices", 900, "rex", "code", 1, model, 0, 100_000, 0, at));
      probes.add(DashboardFixture.record("price-read-" + model, "acme/prices", 900, "rex", "code", 1, model, 0, 0, 100_000, at));
    }
    server.post(String.join("\n", probes));
    Map<String, String> charged = new LinkedHashMap<>();
    server.api("/v1/export?repo=acme/prices&pr=900&format=json").forEach(r -> charged.put(r.get("id").asText(),
        "$" + r.get("cost_usd").decimalValue().multiply(java.math.BigDecimal.TEN).stripTrailingZeros().toPlainString()));
    open("/models");
    for (String model : List.of("claude-sonnet-4-5", "gpt-5")) {
      WebElement row = driver.findElement(By.xpath("//table[@data-table='prices']//tr[td[1][normalize-space()='" + model + "']]"));
      List<String> td = row.findElements(By.tagName("td")).stream().map(c -> c.getText().trim()).toList();
      assertThat(List.of(td.get(3), td.get(4), td.get(6))).as(model + ": input, output, cache read per million")
          .containsExactly(charged.get("price-in-" + model), charged.get("price-out-" + model), charged.get("price-read-" + model));
    }
    JsonNode summary = server.api("/v1/summary?" + DashboardFixture.monthToDate());
    assertThat(costs("by_model")).isEqualTo(expected(summary.get("by_model"), "model"));
    // what caching did per model: the efficiency API's models, for the page's days (its until is inclusive)
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    JsonNode efficiency = server.api("/v1/analytics/efficiency?since=" + today.withDayOfMonth(1) + "&until=" + today);
    Map<String, String> cache = new LinkedHashMap<>();
    efficiency.get("models").forEach(m -> cache.put(m.get("model").asText(),
        Fmt.ratio(m.get("cache_hit_ratio").isNull() ? null : m.get("cache_hit_ratio").decimalValue()) + " / "
            + Fmt.usd(m.get("cache_savings_usd").isNull() ? null : m.get("cache_savings_usd").decimalValue())));
    Map<String, String> shown = new LinkedHashMap<>();
    for (WebElement row : driver.findElements(By.cssSelector("table[data-table=by_model] tbody tr"))) {
      shown.put(row.findElement(By.cssSelector("[data-key]")).getText().trim(),
          row.findElement(By.cssSelector("[data-field=cache_hit_ratio]")).getText().trim() + " / "
              + row.findElement(By.cssSelector("[data-field=cache_savings_usd]")).getText().trim());
    }
    assertThat(shown).isNotEmpty().isEqualTo(cache);
    // the generated data reads from the cache on every priced model: a saving is shown, not a dash
    assertThat(shown.get("claude-sonnet-4-5")).doesNotContain("-").doesNotEndWith("$0.00");
    assertThat(driver.findElements(By.cssSelector("table[data-table=prices] [data-key]")).stream().map(WebElement::getText))
        .contains("claude-sonnet-4-5", "gpt-5").doesNotContain("local-llama-3");
    assertThat(driver.findElements(By.cssSelector("table[data-table=unpriced] [data-key]")).stream().map(WebElement::getText))
        .contains("local-llama-3");
    Browser.screenshot(driver, shot("models"));
  }

  /** The download buttons of the page open in the browser: href by format. */
  private Map<String, String> downloads() {
    Map<String, String> hrefs = new LinkedHashMap<>();
    for (WebElement a : driver.findElements(By.cssSelector(".downloads a"))) {
      String href = a.getAttribute("href");
      if (href.contains("/v1/export?")) {
        hrefs.put(href.replaceAll(".*[?&]format=([a-z]+).*", "$1"), href);
      }
    }
    return hrefs;
  }

  /** What the browser gets from {@code url} (its own fetch, same origin). */
  private String fetchInBrowser(String url) {
    return (String) driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "fetch(arguments[0]).then(r => r.ok ? r.text() : 'HTTP ' + r.status).then(done, e => done('failed: ' + e));", url);
  }

  @Test
  void everyPageOffersCsvAndJsonOfItsViewThroughTheExportApi() throws Exception {
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    String since = today.minusDays(6).toString();
    String scope = "since=" + since + "&until=" + today + "&repo=acme%2Fapi";
    // the export API's until is exclusive: the day after the page's last day
    List<String> range = List.of("since=" + since, "until=" + today.plusDays(1), "repo=acme%2Fapi");
    JsonNode pr = server.api("/v1/prs?repo=acme/api&limit=1&since=" + since + "&until=" + today.plusDays(1)).get("prs").get(0);
    long number = pr.get("pr_number").asLong();
    Map<String, List<String>> pages = new LinkedHashMap<>();
    pages.put("/?" + scope, List.of("format="));
    pages.put("/prs?" + scope, List.of("format="));
    pages.put("/prs/acme/api/" + number + "?" + scope, List.of("pr=" + number));
    pages.put("/agents?" + scope, List.of("format="));
    pages.put("/agents/rex?" + scope, List.of("agent=rex"));
    pages.put("/models?" + scope, List.of("format="));
    pages.put("/budgets?" + scope, List.of("format="));
    pages.put("/alerts?" + scope, List.of("format="));
    for (Map.Entry<String, List<String>> page : pages.entrySet()) {
      open(page.getKey());
      Map<String, String> hrefs = downloads();
      assertThat(hrefs).as(page.getKey()).containsOnlyKeys("csv", "json");
      hrefs.values().forEach(href -> assertThat(href).as(page.getKey()).contains("/v1/export?").contains(range).contains(page.getValue()));
    }
    // one download's content, fetched by the browser from its button, is the export API's
    open("/prs/acme/api/" + number + "?" + scope);
    JsonNode api = server.api("/v1/export?since=" + since + "&until=" + today.plusDays(1) + "&repo=acme/api&pr=" + number + "&format=json");
    assertThat(api).isNotEmpty();
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(fetchInBrowser(downloads().get("json")))).isEqualTo(api);
    String csv = fetchInBrowser(downloads().get("csv"));
    assertThat(csv.strip().split("\\R")).hasSize(api.size() + 1);
    // line by line: the WebDriver bridge may turn the CSV's CRLF line ends into LF
    assertThat(csv.split("\\R")).containsExactly(server.get("/v1/export?since=" + since + "&until=" + today.plusDays(1) + "&repo=acme/api&pr=" + number
        + "&format=csv", null).body().split("\\R"));
  }

  @Test
  void aRecordPostedWhileThePageIsOpenAppearsWithin2Seconds() throws Exception {
    open("/");
    String before = text("[data-figure=total_cost_usd]");
    driver.executeScript("document.querySelector('#daily-chart canvas').dataset.marker = 'same';");
    server.post(DashboardFixture.record("live-" + System.nanoTime(), "5dlabs/cto", 1, "rex", "code", 1, "claude-opus-4-1",
        2_000_000, 100_000, 0, Instant.now().minusSeconds(1)));
    JsonNode after = server.api("/v1/summary?" + DashboardFixture.monthToDate());
    String expected = Numbers.dollars(after.get("total_cost_usd").decimalValue());
    assertThat(expected).isNotEqualTo(before);
    // the live update swaps the cards while the wait reads them: a card found just before its swap is stale, read it again
    new WebDriverWait(driver, Duration.ofMillis(2_500)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> text("[data-figure=total_cost_usd]").equals(expected));
    // no reload and no new chart: the canvas is the same element with new figures
    assertThat(driver.executeScript("return document.querySelector('#daily-chart canvas').dataset.marker")).isEqualTo("same");
  }

  /**
   * A record another process commits (a second replica, a CLI import into the same file) moves the
   * store's change marker: the open page shows it without a reload, although this server's own
   * commit count did not move.
   */
  @Test
  void aRecordStoredByAnotherProcessAppearsWithoutAReload() throws Exception {
    open("/");
    String before = text("[data-figure=total_cost_usd]");
    driver.executeScript("document.querySelector('#daily-chart canvas').dataset.marker = 'same';");
    dev.cto.costs.domain.UsageRecord r = new dev.cto.costs.domain.UsageRecord("replica-" + System.nanoTime(),
        new dev.cto.costs.domain.Attribution("5dlabs/cto", 2L, "rex", "code", 1, null), "claude", "claude-opus-4-1", "anthropic",
        dev.cto.costs.domain.TokenCounts.of(1000, 100), null, null, Instant.now().minusSeconds(1), "test");
    try (dev.cto.costs.store.jdbc.JdbcStore replica = server.replica()) {
      replica.insert(List.of(new dev.cto.costs.domain.PricedUsage(r, "anthropic", dev.cto.costs.domain.Usd.of("12.34"), true)));
    }
    long committed = System.nanoTime();
    String expected = Numbers.dollars(server.api("/v1/summary?" + DashboardFixture.monthToDate()).get("total_cost_usd").decimalValue());
    assertThat(expected).isNotEqualTo(before);
    // the marker is asked at most once a second and the page polls every second: 2 s, and the swap
    long left = 2_500 - (System.nanoTime() - committed) / 1_000_000;
    new WebDriverWait(driver, Duration.ofMillis(Math.max(left, 100))).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> text("[data-figure=total_cost_usd]").equals(expected));
    assertThat(driver.executeScript("return document.querySelector('#daily-chart canvas').dataset.marker")).isEqualTo("same");
  }

  /** Dark mode follows the system on every page: the dark background, and nothing left white. */
  @Test
  void everyPageFollowsTheSystemsDarkMode() throws Exception {
    driver.executeCdpCommand("Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    try {
      Map<String, Object> white = new LinkedHashMap<>();
      for (String page : List.of("/", "/prs", "/prs/5dlabs/cto/3", "/agents", "/agents/rex", "/models", "/budgets", "/alerts")) {
        open(page);
        assertThat(driver.executeScript("return getComputedStyle(document.body).backgroundColor")).as(page).isEqualTo("rgb(13, 17, 23)");
        if (page.equals("/")) {
          Browser.screenshot(driver, shot("overview-dark"));
        }
        Object light = driver.executeScript("return [...document.querySelectorAll('body *')]"
            + ".filter(e => getComputedStyle(e).backgroundColor === 'rgb(255, 255, 255)').map(e => e.tagName + '.' + e.className).join(' ')");
        if (!"".equals(light)) {
          white.put(page, light);
        }
      }
      Browser.screenshot(driver, shot("alerts-dark"));
      assertThat(white).as("elements with a white background in dark mode").isEmpty();
    } finally {
      driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }
  }

  /** Presses Tab (at most 100 times) until the focused element matches; returns it. */
  private WebElement tabTo(java.util.function.Predicate<WebElement> wanted) {
    for (int i = 0; i < 100; i++) {
      driver.switchTo().activeElement().sendKeys(Keys.TAB);
      WebElement focused = driver.switchTo().activeElement();
      if (wanted.test(focused)) {
        return focused;
      }
    }
    throw new AssertionError("not reached by Tab");
  }

  /** The PR list's pager and its status filter, from the keyboard alone. */
  @Test
  void thePrListPagesAndFiltersFromTheKeyboard() throws Exception {
    open("/prs");
    tabTo(e -> e.getTagName().equals("a") && e.getText().trim().equals("Next")).sendKeys(Keys.ENTER);
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("page=2"));
    assertThat(costs("prs")).isEqualTo(prRows(server.api("/v1/prs?" + DashboardFixture.monthToDate() + "&offset=25&limit=25")));

    open("/prs");
    // a closed select changes with the arrow keys and End: the last status is "Over budget"
    tabTo(e -> "status".equals(e.getAttribute("name"))).sendKeys(Keys.END);
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("status=error"));
    JsonNode errors = server.api("/v1/prs?" + DashboardFixture.monthToDate() + "&status=error&limit=25");
    new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> costs("prs").equals(prRows(errors)));
  }

  @Test
  void keyboardReachesTheSkipLinkFirstAndEveryPageLink() throws Exception {
    open("/");
    driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
    assertThat(driver.switchTo().activeElement().getText()).isEqualTo("Skip to content");
    driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("main");
  }

  /** At a phone's width no page scrolls sideways: wide tables scroll inside their own box. */
  @Test
  void phoneWidthShowsThePageWithoutHorizontalScroll() throws Exception {
    JsonNode top = server.api("/v1/prs?" + DashboardFixture.monthToDate() + "&limit=1").get("prs").get(0);
    Map<String, String> pages = new LinkedHashMap<>();
    pages.put("/", "overview-phone");
    pages.put("/prs", "prs-phone");
    pages.put("/prs/" + top.get("repository").asText() + "/" + top.get("pr_number").asLong(), "pr-phone");
    pages.put("/prs/5dlabs/cto/3", "pr-markup-phone");
    pages.put("/models", "models-phone");
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    try {
      Map<String, String> overflowing = new LinkedHashMap<>();
      for (Map.Entry<String, String> page : pages.entrySet()) {
        open(page.getKey());
        Object widths = driver.executeScript(
            "const d = document.documentElement; return d.scrollWidth <= d.clientWidth ? null : d.scrollWidth + ' > ' + d.clientWidth");
        Browser.screenshot(driver, shot(page.getValue()));
        if (widths != null) {
          overflowing.put(page.getKey(), widths.toString());
        }
      }
      assertThat(overflowing).as("pages wider than the window").isEmpty();
    } finally {
      driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 1000));
    }
  }

  static boolean exists(Path file) {
    return Files.exists(file);
  }
}
