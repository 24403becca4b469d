package dev.cto.costs.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.report.Numbers;
import java.math.BigDecimal;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The overview's anomalies panel and the PR page's what-if in headless Chromium: the figures equal
 * {@code GET /v1/analytics/anomalies} and {@code /v1/analytics/whatif}, an anomaly links to its PR,
 * the what-if answers in place (htmx) and its URL reloads the same answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsPanelsBrowserTest {

  static final String SPIKY_REPO = "acme/api";
  static final long SPIKY_PR = 910;
  static final String QUIET_REPO = "quiet/repo";

  DashboardFixture server;
  ChromeDriver driver;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    driver = Browser.start();
    server = newServer(dir);
    server.loadGeneratedData();
    // "spiker": ten ordinary PRs in the days before, then one ~100x as expensive today: a pr_cost anomaly
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Instant at = today.minusDays(12 - i).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600);
      lines.add(DashboardFixture.record("spiker-" + i, SPIKY_REPO, 900 + i, "spiker", "code", 1, "claude-sonnet-4-5",
          10_000 + 1_000L * i, 500 + 20L * i, 0, at));
    }
    lines.add(DashboardFixture.record("spiker-big", SPIKY_REPO, SPIKY_PR, "spiker", "code", 1, "claude-opus-4-1", 2_000_000, 100_000,
        0, Instant.now().minusSeconds(30)));
    lines.add(DashboardFixture.record("spiker-big-2", SPIKY_REPO, SPIKY_PR, "<b>bold</b>", "review", 1, "gpt-5", 50_000, 5_000,
        0, Instant.now().minusSeconds(20)));
    // "steady": twelve PRs of about the same cost, alone in its repository: nothing stands out there
    for (int i = 0; i < 12; i++) {
      Instant at = today.minusDays(12 - i).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(7200);
      lines.add(DashboardFixture.record("steady-" + i, QUIET_REPO, 500 + i, "steady", "code", 1, "claude-sonnet-4-5",
          20_000 + 100L * i, 1_000, 0, at));
    }
    server.post(String.join("\n", lines));
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
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> ((ChromeDriver) d).executeScript("return document.readyState").equals("complete"));
    Browser.panelsLoaded(driver);
  }

  private String text(String css) {
    return driver.findElement(By.cssSelector(css)).getText().trim();
  }

  /** One anomaly as the page shows it and as the API's JSON gives it: kind, PR, value, usual, score. */
  private record Row(String kind, String pr, String value, String usual, BigDecimal score) {}

  @Test
  void theOverviewShowsTheLast30DaysAnomaliesOfTheApiAndLinksEachToItsPr() throws Exception {
    open("/");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    JsonNode api = server.api("/v1/analytics/anomalies?since=" + today.minusDays(29) + "&until=" + today);
    List<Row> expected = new ArrayList<>();
    for (JsonNode a : api.get("anomalies")) {
      boolean iterations = a.get("kind").asText().equals("iteration_loop");
      String pr = a.get("pr_number").isNull() ? "-" : a.get("repository").asText() + " #" + a.get("pr_number").asLong();
      expected.add(new Row(a.get("kind").asText(), pr,
          iterations ? a.get("value").decimalValue().stripTrailingZeros().toPlainString() : Numbers.dollars(a.get("value").decimalValue()),
          iterations ? a.get("baseline").decimalValue().stripTrailingZeros().toPlainString()
              : Numbers.dollars(a.get("baseline").decimalValue()),
          a.get("score").decimalValue().stripTrailingZeros()));
    }
    // read in one script: a live refresh may swap the panel between two reads of its rows (the
    // store's change marker moves with every commit, the anomaly announcer's included)
    @SuppressWarnings("unchecked")
    List<List<String>> cells = (List<List<String>>) driver.executeScript(
        "return Array.from(document.querySelectorAll('table[data-table=anomalies] tbody tr')).map(tr => ["
            + "tr.getAttribute('data-kind'), tr.querySelector('[data-key]').innerText.trim(),"
            + "tr.querySelector('[data-field=value]').innerText.trim(), tr.querySelector('[data-field=baseline]').innerText.trim(),"
            + "tr.querySelector('[data-field=score]').innerText.trim()]);");
    List<Row> shown = new ArrayList<>();
    for (List<String> c : cells) {
      shown.add(new Row(c.get(0), c.get(1), c.get(2), c.get(3), new BigDecimal(c.get(4)).stripTrailingZeros()));
    }
    assertThat(shown).isEqualTo(expected);
    assertThat(shown).anySatisfy(r -> assertThat(r).extracting(Row::kind, Row::pr).containsExactly("pr_cost", SPIKY_REPO + " #" + SPIKY_PR));
    Browser.screenshot(driver, shot("overview-anomalies"));

    driver.findElement(By.linkText(SPIKY_REPO + " #" + SPIKY_PR)).click();
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/prs/acme/api/" + SPIKY_PR));
    JsonNode pr = server.api("/v1/prs/" + SPIKY_PR + "?repo=" + SPIKY_REPO);
    assertThat(text("[data-figure=total_cost_usd]")).isEqualTo(Numbers.dollars(pr.get("total_cost_usd").decimalValue()));
  }

  @Test
  void aQuietRepositorySaysNoAnomalyWasFoundAndTheJsonLinkKeepsTheFilter() throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    JsonNode api = server.api("/v1/analytics/anomalies?since=" + today.minusDays(29) + "&until=" + today + "&repo=" + QUIET_REPO);
    assertThat(api.get("anomalies")).as("precondition: no anomaly in " + QUIET_REPO).isEmpty();
    open("/?since=" + today.minusDays(12) + "&until=" + today + "&repo=quiet%2Frepo");
    assertThat(text("#anomalies")).contains("No cost anomaly in these 30 days");
    assertThat(driver.findElements(By.cssSelector("table[data-table=anomalies]"))).isEmpty();
    assertThat(driver.findElement(By.linkText("GET /v1/analytics/anomalies")).getAttribute("href"))
        .contains("since=" + today.minusDays(29), "until=" + today, "repo=quiet%2Frepo");
  }

  @Test
  void thePrPagePricesItsModelsAsAnotherInPlaceAndTheLinkReloadsTheAnswer() throws Exception {
    open("/prs/acme/api/" + SPIKY_PR);
    // the form offers the PR's models (the most expensive checked) and the catalog's
    List<WebElement> boxes = driver.findElements(By.cssSelector("form.whatif input[name=from]"));
    assertThat(boxes).extracting(b -> b.getAttribute("value")).containsExactlyInAnyOrder("claude-opus-4-1", "gpt-5");
    assertThat(driver.findElement(By.cssSelector("form.whatif input[value='claude-opus-4-1']")).isSelected()).isTrue();
    Select to = new Select(driver.findElement(By.name("to")));
    assertThat(to.getOptions()).extracting(WebElement::getText).contains("claude-sonnet-4-5", "claude-haiku-4-5");
    driver.executeScript("document.body.dataset.marker = 'no reload';");

    to.selectByValue("claude-sonnet-4-5");
    driver.findElement(By.cssSelector("form.whatif button[type=submit]")).click();
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("[data-figure=whatif_cost_usd]")).isEmpty());
    assertThat(driver.executeScript("return document.body.dataset.marker")).as("answered in place").isEqualTo("no reload");
    assertThat(driver.getCurrentUrl()).contains("from=claude-opus-4-1", "to=claude-sonnet-4-5");
    JsonNode api = server.api("/v1/analytics/whatif?pr=" + SPIKY_PR + "&repo=" + SPIKY_REPO + "&model=claude-opus-4-1=claude-sonnet-4-5");
    assertWhatIf(api);
    assertThat(new BigDecimal(api.get("difference_usd").asText())).isNegative();
    Browser.screenshot(driver, shot("pr-whatif"));

    // both models, then reload the pushed URL: the same answer without the form being sent again
    driver.findElement(By.cssSelector("form.whatif input[value='gpt-5']")).click();
    driver.findElement(By.cssSelector("form.whatif button[type=submit]")).click();
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("from=gpt-5"));
    JsonNode both = server.api("/v1/analytics/whatif?pr=" + SPIKY_PR + "&repo=" + SPIKY_REPO
        + "&model=claude-opus-4-1=claude-sonnet-4-5&model=gpt-5=claude-sonnet-4-5");
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> whatIfRows().size() == 2);
    assertWhatIf(both);
    driver.navigate().refresh();
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> ((ChromeDriver) d).executeScript("return document.readyState").equals("complete"));
    Browser.panelsLoaded(driver);
    assertWhatIf(both);
    // the agent holding markup is text on this page too
    assertThat(driver.findElements(By.cssSelector("table[data-table=agents] [data-key]"))).extracting(WebElement::getText)
        .contains("<b>bold</b>");
  }

  @Test
  void aWhatIfWithoutAModelToSwapSaysWhatToChoose() throws Exception {
    open("/prs/acme/api/" + SPIKY_PR + "?to=claude-sonnet-4-5");
    assertThat(text("#whatif-result")).contains("Choose at least one model of this PR");
    open("/prs/acme/api/" + SPIKY_PR + "?from=gpt-5&to=no-such-model");
    assertThat(text("#whatif-result")).contains("no-such-model", "is not in the pricing catalog");
  }

  private void assertWhatIf(JsonNode api) {
    assertThat(text("[data-figure=actual_cost_usd]")).isEqualTo(Numbers.dollars(api.get("actual_cost_usd").decimalValue()));
    assertThat(text("[data-figure=whatif_cost_usd]")).isEqualTo(Numbers.dollars(api.get("whatif_cost_usd").decimalValue()));
    BigDecimal difference = api.get("difference_usd").decimalValue();
    assertThat(text("[data-figure=difference_usd]")).isEqualTo((difference.signum() > 0 ? "+" : "") + Numbers.dollars(difference));
    Map<String, String> expected = new LinkedHashMap<>();
    api.get("by_model").forEach(m -> expected.put(m.get("from").asText(), Numbers.dollars(m.get("whatif_cost_usd").decimalValue())));
    assertThat(whatIfRows()).isEqualTo(expected);
  }

  private Map<String, String> whatIfRows() {
    Map<String, String> rows = new LinkedHashMap<>();
    for (WebElement tr : driver.findElements(By.cssSelector("table[data-table=whatif] tbody tr"))) {
      rows.put(tr.findElement(By.cssSelector("[data-key]")).getText().trim(), tr.findElement(By.cssSelector("[data-cost]")).getText().trim());
    }
    return rows;
  }
}
