package dev.cto.costs.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.cto.costs.report.Numbers;
import dev.cto.costs.store.AlertDelivery;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code /budgets} and {@code /alerts} in headless Chromium against generated data, budgets and
 * three real webhooks on 127.0.0.1 (one answers 204, one 503 with a Retry-After of an hour, one
 * 404): every budget figure equals {@code GET /v1/budgets}, every alert and each sink's delivery
 * state equals {@code GET /v1/alerts}; names holding markup are shown as text; empty states say
 * what to configure; no console errors; screenshots in target/dashboard-screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BudgetsAlertsBrowserTest {

  /** Agent names are free text, and a budget's scope may name one: its alerts quote it. */
  static final String XSS_AGENT = "<img src=x onerror=alert(3)>";

  DashboardFixture server;
  HttpServer hooks;
  ChromeDriver driver;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    driver = Browser.start();
    hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hooks.createContext("/ok", x -> {
      x.getRequestBody().readAllBytes();
      x.sendResponseHeaders(204, -1);
      x.close();
    });
    hooks.createContext("/busy", x -> {
      x.getRequestBody().readAllBytes();
      x.getResponseHeaders().add("Retry-After", "3600");
      x.sendResponseHeaders(503, -1);
      x.close();
    });
    hooks.createContext("/gone", x -> {
      x.getRequestBody().readAllBytes();
      x.sendResponseHeaders(404, -1);
      x.close();
    });
    hooks.start();
    String url = "http://127.0.0.1:" + hooks.getAddress().getPort();
    // anomalies are looked for every 2 s, so they are announced (and their deliveries tried) while
    // the first test waits for the alerts to settle: the default first look, a minute after the
    // start, fell in the middle of a later test and its new deliveries never settled in time
    server = newServer(dir, DashboardFixture.THRESHOLDS + """
        alerts:
          retry_delay: 1h
          anomalies: {every: 2s}
          webhooks:
            - {name: ops, url: "%1$s/ok"}
            - {name: busy, url: "%1$s/busy"}
            - {name: gone, url: "%1$s/gone"}
        budgets:
          - {name: pr-cap, scope: {pr: "*"}, period: pr, limit_usd: 8, alert_at: [0.5, 1.0]}
          - {name: month-all, scope: {}, period: month, limit_usd: 5000, enforce: true}
          - {name: cto-daily, scope: {repository: 5dlabs/cto}, period: day, limit_usd: 1}
          - {name: agent-watch, scope: {agent: "%2$s"}, period: month, limit_usd: 1, alert_at: [0.5, 1.0]}
        """.formatted(url, XSS_AGENT));
    server.loadGeneratedData();
    // an agent name holding markup, over its budget: the budget's alerts quote it
    server.post(DashboardFixture.record("xss-alert-1", "acme/api", 77, XSS_AGENT, "code", 1, "claude-opus-4-1", 600_000, 40_000, 0,
        Instant.now().minusSeconds(30)));
  }

  /** The server under test: SQLite here, PostgreSQL in the subclass. */
  DashboardFixture newServer(Path dir, String config) throws Exception {
    return DashboardFixture.withConfig(dir, config);
  }

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
    if (hooks != null) {
      hooks.stop(0);
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
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> ((ChromeDriver) d).executeScript("return document.readyState").equals("complete"));
    Browser.panelsLoaded(driver);
  }

  private String text(String css) {
    return driver.findElement(By.cssSelector(css)).getText().trim();
  }

  private static java.math.BigDecimal dollars(String shown) {
    return new java.math.BigDecimal(shown.replace("$", "").replace(",", ""));
  }

  private static String usd(JsonNode n) {
    return n == null || n.isNull() ? "-" : Numbers.dollars(n.decimalValue());
  }

  /** A budget's figures as the page writes them, from the API's JSON; the projection apart (it moves with the clock). */
  private static Map<String, String> budgetFields(JsonNode b) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("limit_usd", usd(b.get("limit_usd")));
    f.put("spent_usd", usd(b.get("spent_usd")));
    f.put("reserved_usd", usd(b.get("reserved_usd")));
    f.put("remaining_usd", usd(b.get("remaining_usd")));
    f.put("status", b.get("status").asText().toUpperCase(java.util.Locale.ROOT));
    return f;
  }

  private Map<String, String> shownFields(WebElement row, List<String> names) {
    Map<String, String> f = new LinkedHashMap<>();
    for (String name : names) {
      f.put(name, row.findElement(By.cssSelector("[data-field=" + name + "]")).getText().trim());
    }
    return f;
  }

  @Test
  void budgetsPageShowsEveryBudgetAsTheApiDoesWithItsClosestPrs() throws Exception {
    // the budget refresher announces alert_at crossings every 5 s; the figures themselves are read per request
    JsonNode before = server.api("/v1/budgets");
    open("/budgets");
    JsonNode after = server.api("/v1/budgets");
    assertThat(budgetFields(after.get("budgets").get(0))).isEqualTo(budgetFields(before.get("budgets").get(0)));

    List<WebElement> rows = driver.findElements(By.cssSelector("table[data-table=budgets] tbody tr"));
    assertThat(rows).hasSize(4);
    List<String> names = List.of("limit_usd", "spent_usd", "reserved_usd", "remaining_usd", "status");
    for (int i = 0; i < rows.size(); i++) {
      JsonNode b = after.get("budgets").get(i);
      WebElement row = rows.get(i);
      assertThat(row.getAttribute("data-budget")).isEqualTo(b.get("name").asText());
      assertThat(shownFields(row, names)).as(b.get("name").asText()).isEqualTo(budgetFields(b));
      String projected = row.findElement(By.cssSelector("[data-field=projected_end_of_period_usd]")).getText().trim();
      // the projection moves with the clock: the page, read between the two API calls, shows a figure between theirs
      String first = usd(before.get("budgets").get(i).get("projected_end_of_period_usd"));
      String last = usd(b.get("projected_end_of_period_usd"));
      if (first.equals("-") || last.equals("-")) {
        assertThat(projected).isIn(first, last);
      } else {
        assertThat(dollars(projected)).as(projected).isBetween(dollars(first).min(dollars(last)), dollars(first).max(dollars(last)));
      }
      assertThat(row.findElement(By.cssSelector("[data-field=enforce]")).getText()).isEqualTo(b.get("enforce").asBoolean() ? "yes" : "no");
      assertThat(row.findElement(By.cssSelector("[data-field=period]")).getText()).startsWith(b.get("period").asText());
      // a gauge beside the status word: the meter's value is the spend, capped at the limit
      WebElement meter = row.findElement(By.cssSelector("meter"));
      double spent = b.get("spent_usd").asDouble();
      double limit = b.get("limit_usd").asDouble();
      assertThat(Double.parseDouble(meter.getAttribute("value"))).isCloseTo(Math.min(spent, limit), org.assertj.core.data.Offset.offset(1e-6));
      assertThat(meter.getAttribute("aria-label")).contains(b.get("status").asText());
    }
    assertThat(rows.get(0).findElement(By.cssSelector("[data-field=scope]")).getText()).isEqualTo("pr=*");
    assertThat(rows.get(1).findElement(By.cssSelector("[data-field=scope]")).getText()).isEqualTo("everything");
    assertThat(rows.get(3).findElement(By.cssSelector("[data-field=scope]")).getText()).isEqualTo("agent=" + XSS_AGENT);
    assertThat(driver.findElements(By.cssSelector("main img"))).isEmpty();
    // the generated PRs pass $8: the per-PR budget is exceeded, and says so in words
    assertThat(after.get("budgets").get(0).get("status").asText()).isEqualTo("exceeded");
    assertThat(rows.get(1).findElement(By.cssSelector("[data-field=projected_end_of_period_usd]")).getText()).startsWith("$");
    assertThat(rows.get(0).findElement(By.cssSelector("[data-field=projected_end_of_period_usd]")).getText()).isEqualTo("-");

    // the PRs closest to the per-PR limit, in the API's order, each linking to its page
    List<String> expected = new ArrayList<>();
    for (JsonNode p : after.get("budgets").get(0).get("prs")) {
      expected.add(Fmt.repo(p.get("repository").asText()) + " #" + p.get("pr_number").asLong() + " " + usd(p.get("spent_usd")) + " "
          + usd(p.get("remaining_usd")) + " " + p.get("status").asText().toUpperCase(java.util.Locale.ROOT));
    }
    List<String> shown = new ArrayList<>();
    for (WebElement row : driver.findElements(By.cssSelector("table[data-table=budget-prs][data-budget=pr-cap] tbody tr"))) {
      shown.add(row.findElement(By.cssSelector("[data-key]")).getText() + " " + text(row, "spent_usd") + " " + text(row, "remaining_usd")
          + " " + text(row, "status"));
    }
    assertThat(shown).hasSize(10).isEqualTo(expected);
    Browser.screenshot(driver, shot("budgets"));

    JsonNode top = after.get("budgets").get(0).get("prs").get(0);
    driver.findElement(By.cssSelector("table[data-table=budget-prs] tbody tr [data-key] a")).click();
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/prs/"));
    assertThat(text("[data-figure=total_cost_usd]")).isEqualTo(usd(top.get("spent_usd")));
  }

  private static String text(WebElement row, String field) {
    return row.findElement(By.cssSelector("[data-field=" + field + "]")).getText().trim();
  }

  /**
   * Waits until every delivery has been tried once: then the states hold still for the hour of
   * Retry-After. Each sink sends in order, about 300 deliveries here: up to a minute on 2 cores.
   */
  private JsonNode settledAlerts(String query) {
    // every delivery's commit moves the data version: a page left open would render itself again
    // each second meanwhile, competing with the deliveries for SQLite's one reader
    driver.get("about:blank");
    JsonNode[] last = new JsonNode[1];
    try {
      awaitSettled(query, last);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("alerts not settled: " + last[0], e);
    }
    return last[0];
  }

  private void awaitSettled(String query, JsonNode[] last) {
    // settled: the same alerts in two answers in a row (a budget refresh can still be announcing
    // per-PR alerts, one per PR past alert_at) and every delivery of them tried once
    java.util.Set<String> seen = new java.util.HashSet<>();
    Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
      JsonNode alerts = server.api("/v1/alerts" + query);
      last[0] = alerts;
      java.util.Set<String> keys = new java.util.HashSet<>();
      alerts.get("alerts").forEach(a -> keys.add(a.get("event").asText() + " " + a.get("subject").asText()));
      boolean same = keys.equals(seen);
      seen.clear();
      seen.addAll(keys);
      if (!same) {
        return false;
      }
      boolean budgetAlerts = false;
      for (JsonNode a : alerts.get("alerts")) {
        budgetAlerts |= a.get("event").asText().equals("budget_threshold");
        for (JsonNode d : a.get("deliveries")) {
          if (d.get("attempts").asInt() == 0) {
            return false;
          }
        }
      }
      return budgetAlerts && alerts.get("alerts").size() > 0;
    });
  }

  /** Each alert row as subject → (event label, text, sink → state), read from the page. */
  private Map<String, List<String>> alertRows() {
    return reread(this::readAlertRows);
  }

  /**
   * The page's rows equal the API's alerts asked at about the same time. The page is live: the
   * announcer may still add an anomaly, and the page follows it within 2 s, so one answer of the
   * API can be older than the page. Waits (10 s at most) for the two to agree; returns that answer.
   */
  private JsonNode pageShowsTheApisAlerts(String api) throws Exception {
    JsonNode[] last = {server.api(api)};
    try {
      new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> {
        try {
          last[0] = server.api(api);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        return alertRows().equals(expectedRows(last[0]));
      });
    } catch (org.openqa.selenium.TimeoutException e) {
      assertThat(alertRows()).isEqualTo(expectedRows(last[0])); // says what differs
    }
    return last[0];
  }

  /**
   * Reads again when a live swap replaced an element between finding and reading it: any commit to
   * the store (the dispatcher's retries, a replica's) moves the page's version, and the page swaps
   * in the same rows afresh.
   */
  private static <T> T reread(java.util.function.Supplier<T> read) {
    for (int attempt = 1; ; attempt++) {
      try {
        return read.get();
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  private Map<String, List<String>> readAlertRows() {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (WebElement row : driver.findElements(By.cssSelector("table[data-table=alerts] tbody tr"))) {
      List<String> cells = new ArrayList<>();
      cells.add(row.getAttribute("data-event"));
      cells.add(text(row, "text"));
      for (WebElement d : row.findElements(By.cssSelector("[data-sink]"))) {
        cells.add(d.getAttribute("data-sink") + "=" + d.getAttribute("data-status") + ":" + d.findElement(By.cssSelector(".status")).getText());
      }
      rows.put(row.getAttribute("data-event") + " " + row.getAttribute("data-subject"), cells);
    }
    return rows;
  }

  private static Map<String, List<String>> expectedRows(JsonNode alerts) {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (JsonNode a : alerts.get("alerts")) {
      List<String> cells = new ArrayList<>();
      cells.add(a.get("event").asText());
      cells.add(a.get("text").asText());
      for (JsonNode d : a.get("deliveries")) {
        String status = d.get("status").asText();
        int attempts = d.get("attempts").asInt();
        String state = switch (status) {
          case "delivered" -> "delivered" + (attempts > 1 ? " after " + attempts + " attempts" : "");
          case "failed" -> "failed after " + attempts + (attempts == 1 ? " attempt" : " attempts");
          default -> attempts == 0 ? "pending: not tried yet" : "pending: " + attempts + (attempts == 1 ? " attempt" : " attempts") + ", retrying";
        };
        cells.add(d.get("sink").asText() + "=" + status + ":" + state.toUpperCase(java.util.Locale.ROOT));
      }
      rows.put(a.get("event").asText() + " " + a.get("subject").asText(), cells);
    }
    return rows;
  }

  /**
   * The overview's forecast against the monthly budget over everything this fixture configures
   * (month-all, $5,000): budget, projection, interval and the day it would be passed equal {@code
   * GET /v1/analytics/forecast}, which reads the same budget.
   */
  @Test
  void overviewForecastStandsAgainstTheConfiguredMonthlyBudgetAsTheApiDoes() throws Exception {
    open("/");
    JsonNode forecast = server.api("/v1/analytics/forecast");
    assertThat(usd(forecast.get("budget_usd"))).isEqualTo("$5,000.00");
    String interval = Numbers.percent(forecast.get("confidence").decimalValue().movePointRight(2)) + " interval "
        + usd(forecast.get("low_usd")) + " to " + usd(forecast.get("high_usd"));
    JsonNode over = forecast.get("projected_over_budget_on");
    String against = over == null || over.isNull() ? "projected within budget" : "projected over budget on " + over.asText();
    reread(() -> {
      assertThat(text("[data-figure=budget_usd]")).isEqualTo(usd(forecast.get("budget_usd")));
      assertThat(text("[data-figure=spent_usd]")).isEqualTo(usd(forecast.get("spent_usd")));
      assertThat(text("[data-figure=projected_total_usd]")).isEqualTo(usd(forecast.get("projected_total_usd")));
      assertThat(text("#forecast")).contains(interval, against);
      return null;
    });
    Browser.screenshot(driver, shot("overview-budget"));
  }

  @Test
  void alertsPageListsCrossingsAndBudgetAlertsNewestFirstWithEachSinksState() throws Exception {
    // every alert of the month, so the delivery given up below is on the page whichever it is
    String range = DashboardFixture.monthToDate() + "&limit=500";
    settledAlerts("?" + range);
    // another replica gave up on one delivery to the 404 webhook: the page shows it failed
    String givenUp;
    try (JdbcStore replica = server.replica()) {
      Instant later = Instant.now().plus(Duration.ofHours(2));
      List<AlertDelivery> due = replica.claimDue(List.of("webhook:gone"), later, later.plusSeconds(120), 1);
      assertThat(due).hasSize(1);
      assertThat(replica.markFailed(due.get(0), "HTTP 404 from the webhook", null)).isTrue();
      givenUp = due.get(0).crossing() != null ? due.get(0).crossing().repository() + "#" + due.get(0).crossing().prNumber() + ":"
          + due.get(0).crossing().level().wireName() : due.get(0).announcement().subject();
    }
    open("/alerts?limit=500");
    JsonNode alerts = pageShowsTheApisAlerts("/v1/alerts?" + range);
    Map<String, List<String>> expected = expectedRows(alerts);
    assertThat(new ArrayList<>(expected.keySet())).anyMatch(k -> k.startsWith("cost_threshold_crossed"))
        .anyMatch(k -> k.startsWith("budget_threshold"));
    // newest first
    List<Instant> at = new ArrayList<>();
    alerts.get("alerts").forEach(a -> at.add(Instant.parse(a.get("at").asText())));
    assertThat(at).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    // the three states a sink can be in, with the last error where one was recorded
    reread(() -> {
      assertThat(driver.findElements(By.cssSelector("[data-sink='webhook:ops'][data-status=delivered]"))).isNotEmpty();
      List<WebElement> busy = driver.findElements(By.cssSelector("[data-sink='webhook:busy'][data-status=pending]"));
      assertThat(busy).isNotEmpty();
      assertThat(busy.get(0).getText().toLowerCase(java.util.Locale.ROOT)).contains("pending: 1 attempt, retrying", "last error:");
      WebElement failed = driver.findElement(By.cssSelector("[data-sink='webhook:gone'][data-status=failed]"));
      assertThat(failed.getText()).containsIgnoringCase("failed after").contains("last error: HTTP 404 from the webhook");
      assertThat(text("[data-figure=failed]")).isEqualTo("1");
      assertThat(text("[data-figure=shown]")).isEqualTo(String.valueOf(alerts.get("alerts").size()));
      return null;
    });
    assertThat(expected.keySet()).anyMatch(k -> k.endsWith(givenUp));
    // the newest eight: the whole page of every alert would be a screenshot many screens high
    open("/alerts?limit=8");
    Browser.screenshot(driver, shot("alerts"));
  }

  @Test
  void theRepositoryFilterNarrowsTheAlertsAndAMarkupNameIsShownAsText() throws Exception {
    // every alert of the month, not the first page only: a per-PR budget announces every PR past
    // its alert_at, so older alerts still being tried fall outside the default page and would
    // change between reading the page and reading the API
    settledAlerts("?" + DashboardFixture.monthToDate() + "&limit=500");
    open("/alerts?repo=acme%2Fapi");
    JsonNode alerts = pageShowsTheApisAlerts("/v1/alerts?" + DashboardFixture.monthToDate() + "&repo=acme/api");
    assertThat(alerts.get("alerts")).isNotEmpty().allSatisfy(a -> assertThat(a.get("repository").asText()).isEqualTo("acme/api"));
    assertThat(driver.findElements(By.cssSelector("table[data-table=alerts] [data-field=about] a")))
        .hasSize(alerts.get("alerts").size()).allMatch(a -> a.getText().startsWith("acme/api #"));
    // the JSON button is this view's
    assertThat(driver.findElement(By.linkText("Alerts JSON")).getAttribute("href")).contains("/v1/alerts?", "repo=acme%2Fapi");

    // the budget over one agent's spend: no repository, so only unfiltered; its text quotes the name as text.
    // Every alert of the month: the newest page can be all per-PR budget alerts, one per PR past alert_at
    open("/alerts?limit=500");
    WebElement watch = driver.findElements(By.cssSelector("table[data-table=alerts] tbody tr[data-event=budget_threshold]")).stream()
        .filter(r -> r.getAttribute("data-subject").startsWith("agent-watch")).findFirst().orElseThrow();
    assertThat(text(watch, "text")).contains(XSS_AGENT);
    assertThat(text(watch, "about")).isEqualTo("everything");
    assertThat(driver.findElements(By.cssSelector("main img, main script"))).isEmpty();
    assertThat(noAlert()).isTrue();
    // a PR's alert links to its page
    driver.findElement(By.cssSelector("tr[data-event=cost_threshold_crossed] [data-field=about] a")).click();
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/prs/"));
    assertThat(driver.findElements(By.cssSelector("[data-figure=total_cost_usd]"))).hasSize(1);
  }

  @Test
  void emptyRangesSayHowToConfigureAlertsAndTheNavigationReachesBoth() throws Exception {
    open("/alerts?since=2001-01-01&until=2001-01-31");
    assertThat(text("#empty-state")).contains("No alerts in this range", "webhooks", "docs/operators.md");
    driver.findElement(By.linkText("Budgets")).click();
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/budgets"));
    // the range travels in the links; on the budgets page it reads each budget as it stood at its end
    assertThat(driver.getCurrentUrl()).contains("since=2001-01-01");
    assertThat(driver.findElements(By.cssSelector("form.scope"))).hasSize(1);
    assertThat(driver.findElement(By.linkText("Budgets JSON")).getAttribute("href")).endsWith("/v1/budgets?until=2001-02-01");
    assertThat(text("h1")).contains("as they stood at the end of 2001-01-31");
    assertThat(text("#as-of")).contains("reservations belong to calls in flight now");
    JsonNode january = server.api("/v1/budgets?until=2001-02-01");
    JsonNode now = server.api("/v1/budgets");
    List<WebElement> rows = driver.findElements(By.cssSelector("table[data-table=budgets] tbody tr"));
    assertThat(rows).hasSize(january.get("budgets").size());
    for (int i = 0; i < rows.size(); i++) {
      JsonNode b = january.get("budgets").get(i);
      assertThat(text(rows.get(i), "spent_usd")).as(b.get("name").asText()).isEqualTo(usd(b.get("spent_usd")));
      assertThat(text(rows.get(i), "reserved_usd")).isEqualTo(usd(b.get("reserved_usd")));
      assertThat(b.get("reserved_usd").decimalValue()).isZero();
    }
    // month-all: nothing was spent in January 2001, and this month's spend is not shown for it
    assertThat(january.get("budgets").get(1).get("spent_usd").decimalValue()).isZero();
    assertThat(january.get("budgets").get(1).get("period_start").asText()).startsWith("2001-01-01");
    assertThat(now.get("budgets").get(1).get("spent_usd").decimalValue()).isPositive();
    driver.findElement(By.linkText("Alerts")).click();
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/alerts"));
    assertThat(text("#empty-state")).contains("No alerts in this range");
  }

  @Test
  void phoneWidthShowsBudgetsAndAlertsWithoutHorizontalScroll() throws Exception {
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    try {
      for (String page : List.of("/budgets", "/alerts")) {
        open(page);
        assertThat(driver.executeScript("return document.documentElement.scrollWidth > window.innerWidth + 1")).as(page).isEqualTo(false);
      }
      Browser.screenshot(driver, shot("alerts-phone"));
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
}
