package dev.cto.costs.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.report.Numbers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The overview's live refresh right after a write may get the previous figures (marked
 * {@code X-Costs-Stale}) while the new ones are computed: here the server waits 0 ms for them, so
 * the refresh is answered stale, and the page must still show the new record within 2 s by asking
 * again, while a navigation gets the new figures at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaleRefreshBrowserTest {

  DashboardFixture server;
  ChromeDriver driver;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    System.setProperty(Dashboard.LIVE_WAIT_PROPERTY, "0");
    driver = Browser.start();
    server = new DashboardFixture(dir, null);
    server.loadGeneratedData();
  }

  @AfterAll
  void stop() {
    System.clearProperty(Dashboard.LIVE_WAIT_PROPERTY);
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  private String total() {
    return driver.findElement(By.cssSelector("[data-figure=total_cost_usd]")).getText().trim();
  }

  private String apiTotal() throws Exception {
    return Numbers.dollars(server.api("/v1/summary?" + DashboardFixture.monthToDate()).get("total_cost_usd").decimalValue());
  }

  @Test
  void aStaleLiveRefreshIsFollowedByTheNewFiguresWithinTwoSeconds() throws Exception {
    driver.get(server.base() + "/");
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> ((ChromeDriver) d).executeScript("return document.readyState").equals("complete"));
    Browser.panelsLoaded(driver);
    String before = total();
    assertThat(before).isEqualTo(apiTotal());
    // count the refreshes the server answered with the previous figures
    driver.executeScript("window.staleAnswers = 0; const f = window.fetch;"
        + " window.fetch = async (...a) => { const r = await f(...a); if (r.headers.get('X-Costs-Stale') === '1') window.staleAnswers++; return r; };");
    server.post(DashboardFixture.record("stale-1", "5dlabs/cto", 5, "rex", "code", 1, "claude-opus-4-1", 400_000, 20_000, 0,
        Instant.now().minusSeconds(2)));
    long stored = System.nanoTime();
    String expected = apiTotal();
    assertThat(expected).isNotEqualTo(before);
    long left = 2_500 - (System.nanoTime() - stored) / 1_000_000;
    new WebDriverWait(driver, Duration.ofMillis(Math.max(left, 100))).ignoring(StaleElementReferenceException.class)
        .until(d -> total().equals(expected));
    assertThat(((Number) driver.executeScript("return window.staleAnswers")).intValue())
        .as("the first refresh after the write was answered with the previous figures").isPositive();
    // a navigation never takes the previous figures
    server.post(DashboardFixture.record("stale-2", "5dlabs/cto", 5, "rex", "code", 1, "claude-opus-4-1", 300_000, 10_000, 0,
        Instant.now().minusSeconds(1)));
    String next = apiTotal();
    assertThat(next).isNotEqualTo(expected);
    driver.get(server.base() + "/");
    assertThat(total()).isEqualTo(next);
  }
}
