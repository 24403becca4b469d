package dev.cto.costs.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Debian Chromium driven through Debian's chromedriver (Selenium Manager cannot download
 * one here). Locally without the packages the tests are skipped with a message; under CI they fail.
 */
final class Browser {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");

  private Browser() {}

  static ChromeDriver start() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    String missing = "the browser tests need Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver):"
        + " apt-get install chromium chromium-driver (.ci/run installs them)";
    if (System.getenv("CI") != null) {
      assertThat(present).as(missing).isTrue();
    }
    Assumptions.assumeTrue(present, missing);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,1000",
        "--no-first-run", "--disable-extensions");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }

  /** Console messages at SEVERE since the last call (errors, CSP violations, failed loads). */
  static List<String> consoleErrors(ChromeDriver driver) {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
  }

  /** Waits (30 s at most: the machine may be loaded) until the panels a page loads after itself (htmx) are in. */
  static void panelsLoaded(ChromeDriver driver) {
    new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(30))
        .until(d -> d.findElements(org.openqa.selenium.By.cssSelector("[data-lazy] .loading")).isEmpty());
  }

  /**
   * The whole page, not only the window: the viewport is stretched (CDP device metrics, at the
   * window's width: 1440 px, or a phone's) to the document's height, the charts follow the resize,
   * and the window is given back afterwards.
   */
  static Path screenshot(ChromeDriver driver, String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name + ".png");
    long window = ((Number) driver.executeScript("return window.innerHeight")).longValue();
    byte[] png = fullPage(driver);
    int height = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)).getHeight();
    if (documentHeight(driver) > window) {
      assertThat(height).as("a screenshot holds the whole page, not only the window").isGreaterThan((int) window);
    }
    Files.write(file, png);
    return file;
  }

  private static long documentHeight(ChromeDriver driver) {
    return Math.min(((Number) driver.executeScript("const d = document.documentElement, b = document.body;"
        + " return Math.max(d.scrollHeight, b ? b.scrollHeight : 0);")).longValue(), 16_000);
  }

  private static byte[] fullPage(ChromeDriver driver) throws InterruptedException {
    long width = ((Number) driver.executeScript("return window.innerWidth")).longValue();
    long height = documentHeight(driver);
    try {
      // a taller viewport can change the layout (charts redraw after a resize): measure again until it holds
      for (int i = 0; i < 4; i++) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
            Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        Thread.sleep(400);
        long now = documentHeight(driver);
        if (now == height) {
          break;
        }
        height = now;
      }
      return ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    } finally {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }
}
