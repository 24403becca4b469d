package dev.cto.costs.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.report.Numbers;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code /agents} and {@code /agents/{name}} in headless Chromium against generated data: every
 * figure equals {@code GET /v1/analytics/efficiency}, {@code /v1/analytics/trends} or {@code
 * /v1/prs} for the same days, repository and agent; deep links reload the same view; a name
 * holding markup is shown as text; no console errors; screenshots in target/dashboard-screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentsBrowserTest {

  static final String XSS_AGENT = "<script>alert('agent')</script>";

  DashboardFixture server;
  ChromeDriver driver;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    driver = Browser.start();
    server = newServer(dir);
    server.loadGeneratedData();
    server.post(DashboardFixture.record("xss-1", "5dlabs/cto", 3, XSS_AGENT, "<img src=x onerror=alert(1)>", 1,
        "\"><svg onload=alert(2)>", 1000, 100, 0, Instant.now().minusSeconds(5)));
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

  /** The pages' default range (this month to date) as the analytics API takes it: inclusive days. */
  static String monthToDate() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return "since=" + today.withDayOfMonth(1) + "&until=" + today;
  }

  private void open(String path) {
    driver.get(server.base() + path);
    waitForLoad();
  }

  private void waitForLoad() {
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> ((ChromeDriver) d).executeScript("return document.readyState").equals("complete"));
    Browser.panelsLoaded(driver);
  }

  private String text(String css) {
    return driver.findElement(By.cssSelector(css)).getText().trim();
  }

  /** Cell text whether or not the cell is shown (the trend tables sit in closed details). */
  private static String content(WebElement cell) {
    return cell.getAttribute("textContent").trim();
  }

  /** The agents table: agent → (field → text), in the page's order. */
  private Map<String, Map<String, String>> agentRows() {
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    for (WebElement row : driver.findElements(By.cssSelector("table[data-table=agents] tbody tr"))) {
      Map<String, String> fields = new LinkedHashMap<>();
      row.findElements(By.cssSelector("[data-field]")).forEach(c -> fields.put(c.getAttribute("data-field"), c.getText().trim()));
      rows.put(row.findElement(By.cssSelector("[data-key]")).getText().trim(), fields);
    }
    return rows;
  }

  private static Map<String, Map<String, String>> expectedAgentRows(JsonNode efficiency) {
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    efficiency.get("agents").forEach(a -> rows.put(a.get("agent").asText(), fields(a)));
    return rows;
  }

  /** An agent's efficiency figures formatted as the CLI's table writes them. */
  static Map<String, String> fields(JsonNode a) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("cost_usd", Numbers.dollars(dec(a.get("cost_usd"))));
    f.put("prs", Numbers.count(a.get("prs").asLong()));
    f.put("iterations", Numbers.count(a.get("iterations").asLong()));
    f.put("mean", Numbers.dollars(dec(a.get("cost_per_pr_usd").get("mean"))));
    f.put("median", Numbers.dollars(dec(a.get("cost_per_pr_usd").get("median"))));
    f.put("p90", Numbers.dollars(dec(a.get("cost_per_pr_usd").get("p90"))));
    f.put("cost_per_iteration_usd", Numbers.dollars(dec(a.get("cost_per_iteration_usd"))));
    BigDecimal perPr = dec(a.get("iterations_per_pr"));
    f.put("iterations_per_pr", perPr == null ? "-" : perPr.setScale(2, RoundingMode.HALF_EVEN).toPlainString());
    BigDecimal hit = dec(a.get("cache_hit_ratio"));
    f.put("cache_hit_ratio", hit == null ? "-" : Numbers.percent(hit.movePointRight(2)));
    f.put("cache_savings_usd", Numbers.dollars(dec(a.get("cache_savings_usd"))));
    f.put("merged_prs", a.get("merged_prs").isNull() ? "-" : Numbers.count(a.get("merged_prs").asLong()));
    f.put("cost_per_merged_pr_usd", Numbers.dollars(dec(a.get("cost_per_merged_pr_usd"))));
    return f;
  }

  static BigDecimal dec(JsonNode n) {
    return n == null || n.isNull() ? null : n.decimalValue();
  }

  /** A trend table's rows: key → the cost cells' text. */
  private Map<String, List<String>> trendRows(String table) {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (WebElement row : driver.findElements(By.cssSelector("table[data-table=" + table + "] tbody tr"))) {
      List<String> cells = new ArrayList<>();
      row.findElements(By.cssSelector("td[data-start]")).forEach(c -> cells.add(content(c)));
      rows.put(content(row.findElement(By.cssSelector("[data-key]"))), cells);
    }
    return rows;
  }

  @Test
  void agentsPageShowsTheEfficiencyApiFiguresWorstFirstAndEachAgentsTrend() throws Exception {
    open("/agents");
    JsonNode efficiency = server.api("/v1/analytics/efficiency?" + monthToDate());
    // every figure of every agent, and the order (worst first) is the API's
    Map<String, Map<String, String>> shown = agentRows();
    assertThat(shown).isEqualTo(expectedAgentRows(efficiency));
    assertThat(new ArrayList<>(shown.keySet())).hasSizeGreaterThan(3).contains(XSS_AGENT);
    assertThat(text("[data-figure=cost_usd]")).isEqualTo(Numbers.dollars(efficiency.get("totals").get("cost_usd").decimalValue()));
    assertThat(text("[data-figure=mean]"))
        .isEqualTo(Numbers.dollars(efficiency.get("totals").get("cost_per_pr_usd").get("mean").decimalValue()));

    // this month is short: one point per day, from the trends API by agent
    JsonNode trends = server.api("/v1/analytics/trends?" + monthToDate() + "&by=agent&period=day");
    Map<String, List<String>> expected = new LinkedHashMap<>();
    for (JsonNode s : trends.get("series")) {
      List<String> cells = new ArrayList<>();
      s.get("points").forEach(p -> cells.add(Numbers.dollars(p.get("cost_usd").decimalValue())));
      expected.put(s.get("key").asText(), cells);
    }
    Map<String, List<String>> table = trendRows("trends");
    assertThat(table).containsExactlyInAnyOrderEntriesOf(expected);
    // one sparkline per agent, one vertex per period (a single period draws a flat line of two)
    int periods = trends.get("series").get(0).get("points").size();
    List<WebElement> lines = driver.findElements(By.cssSelector("table[data-table=agents] svg.spark polyline"));
    assertThat(lines).hasSize(shown.size());
    assertThat(lines.get(0).getAttribute("points").split(" ")).hasSize(Math.max(2, periods));
    Browser.screenshot(driver, shot("agents"));
  }

  @Test
  void anAgentsPageShowsItsEfficiencyByModelTrendAndMostExpensivePrs() throws Exception {
    open("/agents");
    driver.findElement(By.linkText("rex")).click();
    waitForLoad();
    assertThat(driver.getCurrentUrl()).contains("/agents/rex");
    JsonNode efficiency = server.api("/v1/analytics/efficiency?" + monthToDate() + "&agent=rex");
    JsonNode rex = efficiency.get("agents").get(0);
    Map<String, String> expected = fields(rex);
    for (String figure : List.of("cost_usd", "prs", "mean", "median", "p90", "iterations_per_pr", "cost_per_iteration_usd",
        "cache_hit_ratio", "cache_savings_usd", "merged_prs")) {
      assertThat(text("[data-figure=" + figure + "]")).as(figure).isEqualTo(expected.get(figure));
    }
    assertThat(text("[data-figure=records]")).isEqualTo(Numbers.count(rex.get("records").asLong()));
    assertThat(text("[data-figure=max]")).isEqualTo(Numbers.dollars(rex.get("cost_per_pr_usd").get("max").decimalValue()));

    Map<String, String> models = new LinkedHashMap<>();
    efficiency.get("models").forEach(m -> models.put(m.get("model").asText(), Numbers.dollars(m.get("cost_usd").decimalValue())));
    assertThat(costs("models")).isEqualTo(models);

    assertThat(trendCosts()).isEqualTo(trendOf("/v1/analytics/trends?" + monthToDate() + "&agent=rex&period=day"));
    assertThat(driver.findElements(By.cssSelector("#trend-chart canvas"))).isNotEmpty();

    JsonNode prs = server.api("/v1/prs?" + DashboardFixture.monthToDate() + "&agent=rex&limit=10");
    Map<String, String> prRows = new LinkedHashMap<>();
    prs.get("prs").forEach(p -> prRows.put(p.get("repository").asText() + " #" + p.get("pr_number").asLong(),
        Numbers.dollars(p.get("cost_usd").decimalValue())));
    assertThat(costs("prs")).hasSize(10).isEqualTo(prRows);
    Browser.screenshot(driver, shot("agent"));

    // by week: the URL carries the choice, and reloading it shows the same weeks
    new Select(driver.findElement(By.name("period"))).selectByValue("week");
    driver.findElement(By.cssSelector("form[aria-label='Trend period'] button")).click();
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("period=week"));
    Map<String, String> weeks = trendOf("/v1/analytics/trends?" + monthToDate() + "&agent=rex&period=week");
    assertThat(trendCosts()).isEqualTo(weeks);
    driver.navigate().refresh();
    waitForLoad();
    assertThat(trendCosts()).isEqualTo(weeks);
    // the date-range form keeps the period, and the PR links keep the range
    assertThat(driver.findElement(By.cssSelector("form.scope input[name=period]")).getAttribute("value")).isEqualTo("week");
  }

  @Test
  void theRepositoryFilterNarrowsTheFiguresAndIsCarriedToEachAgent() throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String since = today.minusDays(20).toString();
    open("/agents?since=" + since + "&until=" + today + "&repo=acme%2Fapi&period=week");
    JsonNode efficiency = server.api("/v1/analytics/efficiency?since=" + since + "&until=" + today + "&repo=acme/api");
    assertThat(agentRows()).isEqualTo(expectedAgentRows(efficiency));
    String link = driver.findElement(By.linkText("cleo")).getAttribute("href");
    assertThat(link).contains("/agents/cleo?", "since=" + since, "repo=acme%2Fapi", "period=week");
    // the same view by its link, in a fresh load
    open(link.substring(server.base().length()));
    JsonNode cleo = server.api("/v1/analytics/efficiency?since=" + since + "&until=" + today + "&repo=acme/api&agent=cleo");
    assertThat(text("[data-figure=cost_usd]")).isEqualTo(Numbers.dollars(cleo.get("agents").get(0).get("cost_usd").decimalValue()));
    assertThat(trendCosts()).isEqualTo(trendOf("/v1/analytics/trends?since=" + since + "&until=" + today
        + "&repo=acme/api&agent=cleo&period=week"));
    // the downloads are this agent's records only
    assertThat(driver.findElement(By.linkText("CSV")).getAttribute("href")).contains("repo=acme%2Fapi", "&agent=cleo", "format=csv");
  }

  @Test
  void anAgentNameHoldingMarkupIsShownAsTextOnItsOwnPage() throws Exception {
    open("/agents");
    WebElement link = driver.findElement(By.linkText(XSS_AGENT));
    assertThat(link.getAttribute("href")).contains("/agents/-?agent=%3Cscript%3E");
    link.click();
    waitForLoad();
    assertThat(text("[data-figure=agent]")).isEqualTo(XSS_AGENT);
    assertThat(driver.findElements(By.cssSelector("main script"))).isEmpty();
    assertThat(noAlert()).isTrue();
    JsonNode efficiency = server.api("/v1/analytics/efficiency?" + monthToDate() + "&agent="
        + java.net.URLEncoder.encode(XSS_AGENT, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(text("[data-figure=cost_usd]")).isEqualTo(Numbers.dollars(efficiency.get("agents").get(0).get("cost_usd").decimalValue()));
    assertThat(costs("models")).containsKey("\"><svg onload=alert(2)>");
    // the agent in the query survives a change of date range
    driver.findElement(By.cssSelector("form.scope button[type=submit]")).click();
    waitForLoad();
    assertThat(text("[data-figure=agent]")).isEqualTo(XSS_AGENT);
  }

  @Test
  void emptyRangesSayWhatToDo() throws Exception {
    open("/agents?since=2001-01-01&until=2001-01-31");
    assertThat(text("#empty-state")).contains("No usage recorded in this range yet", "POST", "/v1/usage");
    open("/agents/nobody");
    assertThat(text("#empty-state")).contains("No usage by this agent in this range", "Widen the date range");
  }

  @Test
  void keyboardAloneReachesAnAgentsPageAndDarkModeFollowsTheSystem() throws Exception {
    open("/agents");
    WebElement first = driver.findElement(By.cssSelector("table[data-table=agents] tbody [data-key] a"));
    String target = first.getAttribute("href");
    driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
    for (int i = 0; i < 40 && !target.equals(driver.switchTo().activeElement().getAttribute("href")); i++) {
      driver.switchTo().activeElement().sendKeys(Keys.TAB);
    }
    assertThat(driver.switchTo().activeElement().getAttribute("href")).as("reached by Tab").isEqualTo(target);
    driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().equals(target));

    driver.executeCdpCommand("Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    try {
      open("/agents");
      assertThat(driver.executeScript("return getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(13, 17, 23)");
      Browser.screenshot(driver, shot("agents-dark"));
    } finally {
      driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }
  }

  @Test
  void aRecordPostedWhileTheAgentsPageIsOpenAppearsWithin2Seconds() throws Exception {
    open("/agents");
    String before = agentRows().get("morgan").get("cost_usd");
    driver.executeScript("document.body.dataset.marker = 'same page';");
    server.post(DashboardFixture.record("live-agents-" + System.nanoTime(), "5dlabs/cto", 2, "morgan", "code", 1, "claude-opus-4-1",
        1_500_000, 80_000, 0, Instant.now().minusSeconds(1)));
    JsonNode after = server.api("/v1/analytics/efficiency?" + monthToDate() + "&agent=morgan");
    String expected = Numbers.dollars(after.get("agents").get(0).get("cost_usd").decimalValue());
    assertThat(expected).isNotEqualTo(before);
    // the table is replaced while it is read: a stale row is read again on the next tick
    new WebDriverWait(driver, Duration.ofMillis(2_500)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> expected.equals(agentRows().get("morgan").get("cost_usd")));
    assertThat(driver.executeScript("return document.body.dataset.marker")).as("no reload").isEqualTo("same page");
  }

  @Test
  void phoneWidthShowsTheAgentsPagesWithoutHorizontalScroll() throws Exception {
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    try {
      for (String page : List.of("/agents", "/agents/rex")) {
        open(page);
        assertThat(driver.executeScript("return document.documentElement.scrollWidth > window.innerWidth + 1")).as(page).isEqualTo(false);
      }
      Browser.screenshot(driver, shot("agent-phone"));
    } finally {
      driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 1000));
    }
  }

  private boolean noAlert() {
    try {
      driver.switchTo().alert();
      return false;
    } catch (NoAlertPresentException e) {
      return true;
    }
  }

  private Map<String, String> costs(String table) {
    Map<String, String> rows = new LinkedHashMap<>();
    for (WebElement row : driver.findElements(By.cssSelector("table[data-table=" + table + "] tbody tr"))) {
      rows.put(content(row.findElement(By.cssSelector("[data-key]"))), content(row.findElement(By.cssSelector("[data-cost]"))));
    }
    return rows;
  }

  /** The agent page's trend table: period start → cost. */
  private Map<String, String> trendCosts() {
    return costs("trend");
  }

  private Map<String, String> trendOf(String api) throws Exception {
    JsonNode series = server.api(api).get("series");
    assertThat(series).hasSize(1);
    Map<String, String> points = new LinkedHashMap<>();
    series.get(0).get("points").forEach(p -> points.put(p.get("start").asText(), Numbers.dollars(p.get("cost_usd").decimalValue())));
    return points;
  }
}
