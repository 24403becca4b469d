package dev.cto.costs.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Times are shown in the browser's time zone with UTC on hover: Chromium runs in Asia/Kolkata
 * (UTC+5:30, so neither the hour nor the minute matches UTC) and US English, and every time on the
 * PR page and the alerts page must read as java.time puts the record's (or alert's) instant in
 * that zone, with the UTC time as the element's title.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimeZoneBrowserTest {

  static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
  /** What Chromium's Intl.DateTimeFormat (dateStyle and timeStyle medium) writes in en-US. */
  static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("MMM d, y, h:mm:ss a", Locale.US).withZone(ZONE);
  static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  DashboardFixture server;
  ChromeDriver driver;
  /** The PR's two records: an expensive one (its error threshold alert) and an older cheap one. */
  Instant late;
  Instant early;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    driver = Browser.start();
    driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", ZONE.getId()));
    driver.executeCdpCommand("Emulation.setLocaleOverride", Map.of("locale", "en-US"));
    server = new DashboardFixture(dir, null);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    late = now.minus(Duration.ofMinutes(97)).plusSeconds(7);
    early = now.minus(Duration.ofMinutes(281)).plusSeconds(41);
    server.post(DashboardFixture.record("tz-1", "5dlabs/tz", 7, "rex", "plan", 1, "claude-sonnet-4-5", 40_000, 2_000, 0, early)
        + "\n" + DashboardFixture.record("tz-2", "5dlabs/tz", 7, "rex", "code", 1, "claude-opus-4-1", 900_000, 30_000, 0, late));
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

  private void open(String path) {
    driver.get(server.base() + path);
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> ((ChromeDriver) d).executeScript("return document.readyState").equals("complete"));
    Browser.panelsLoaded(driver);
    // ICU may name the zone by its older alias (Asia/Calcutta): compare the offset
    assertThat(((Number) driver.executeScript("return new Date().getTimezoneOffset()")).intValue())
        .as("the browser runs in the emulated zone").isEqualTo(-ZONE.getRules().getOffset(Instant.now()).getTotalSeconds() / 60);
  }

  /** Chromium's ICU puts a narrow no-break space before AM/PM; java.time a plain one. */
  private static String spaces(String text) {
    return text.replace('\u202f', ' ').replace('\u00a0', ' ').trim();
  }

  private static void shownIn(WebElement time, Instant at) {
    assertThat(Instant.parse(time.getAttribute("datetime"))).isEqualTo(at);
    assertThat(spaces(time.getText())).as("the time in the browser's zone").isEqualTo(LOCAL.format(at));
    assertThat(time.getAttribute("title")).as("UTC on hover").isEqualTo(UTC.format(at) + " UTC");
  }

  @Test
  void prTimelineAndActiveTimesAreInTheBrowsersZoneWithUtcOnHover() {
    open("/prs/5dlabs/tz/7");
    List<WebElement> rows = driver.findElements(By.cssSelector("table[data-table=calls] tbody tr"));
    assertThat(rows).hasSize(2);
    List<Instant> seen = new ArrayList<>();
    for (WebElement row : rows) {
      WebElement time = row.findElement(By.cssSelector("td time"));
      Instant at = Instant.parse(time.getAttribute("datetime"));
      seen.add(at);
      shownIn(time, at.equals(late) ? late : early);
    }
    assertThat(seen).containsExactlyInAnyOrder(early, late);
    // the "Active" card: first to last record
    List<WebElement> active = driver.findElements(By.xpath("//span[@class='label' and text()='Active']/following-sibling::span//time"));
    assertThat(active).hasSize(2);
    shownIn(active.get(0), early);
    shownIn(active.get(1), late);
  }

  @Test
  void lastActivityOnThePrListAndTheAgentsPageIsInTheBrowsersZoneWithUtcOnHover() {
    // a range that holds both records whatever the day (the list's default is this month to date)
    String range = "?since=" + early.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1) + "&until="
        + late.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1);
    open("/prs" + range);
    WebElement pr = driver.findElement(By.xpath("//table[@data-table='prs']//tr[.//a[contains(@href, '/prs/5dlabs/tz/7')]]"));
    shownIn(pr.findElement(By.tagName("time")), late);
    open("/agents/rex" + range);
    WebElement row = driver.findElement(By.xpath("//tr[.//a[contains(@href, '/prs/5dlabs/tz/7')]][.//time]"));
    shownIn(row.findElement(By.tagName("time")), late);
  }

  @Test
  void alertTimesAreInTheBrowsersZoneWithUtcOnHover() throws Exception {
    // the expensive record takes the PR past its $5 error threshold: an alert, raised at the server's now
    JsonNode[] alerts = new JsonNode[1];
    new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
      try {
        alerts[0] = server.api("/v1/alerts");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return alerts[0].get("alerts").size() > 0;
    });
    open("/alerts");
    int checked = 0;
    for (JsonNode a : alerts[0].get("alerts")) {
      Instant at = Instant.parse(a.get("at").asText());
      WebElement row = driver.findElement(By.cssSelector("table[data-table=alerts] tbody tr[data-event='" + a.get("event").asText()
          + "'][data-subject='" + a.get("subject").asText() + "']"));
      shownIn(row.findElement(By.cssSelector("td time")), at);
      checked++;
    }
    assertThat(checked).isPositive();
  }
}
