package dev.cto.costs.web.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Retakes docs/screenshots from a running {@code costs demo --serve}: the demo's realistic month,
 * not the browser tests' data (which holds markup in names on purpose, to test the escaping).
 * Whole pages at 1440 px, through the same full-page capture as the tests.
 *
 * <pre>
 * bin/cto-cli costs demo --serve=18099 --db=/tmp/demo-shots/demo.db &amp;
 * bench/run dev.cto.costs.web.ui.DemoScreenshots http://127.0.0.1:18099 docs/screenshots 2026-11-06 2026-12-06 5dlabs/cto/106 rex
 * </pre>
 */
public final class DemoScreenshots {

  private DemoScreenshots() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: DemoScreenshots BASE_URL OUT_DIR SINCE UNTIL OWNER/NAME/PR AGENT");
      System.exit(2);
    }
    String base = args[0];
    Path out = Path.of(args[1]);
    String range = "since=" + args[2] + "&until=" + args[3];
    Map<String, String> pages = new LinkedHashMap<>();
    pages.put("overview", "/?" + range);
    pages.put("prs", "/prs?" + range);
    pages.put("pr", "/prs/" + args[4] + "?" + range);
    pages.put("agents", "/agents?" + range);
    pages.put("agent", "/agents/" + args[5] + "?" + range);
    pages.put("models", "/models?" + range);
    pages.put("budgets", "/budgets");
    pages.put("alerts", "/alerts?" + range);
    Files.createDirectories(out);
    ChromeDriver driver = Browser.start();
    try {
      for (Map.Entry<String, String> page : pages.entrySet()) {
        shoot(driver, base + page.getValue(), page.getKey(), out);
      }
      driver.executeCdpCommand("Emulation.setEmulatedMedia",
          Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
      shoot(driver, base + pages.get("overview"), "overview-dark", out);
    } finally {
      driver.quit();
    }
  }

  private static void shoot(ChromeDriver driver, String url, String name, Path out) throws Exception {
    driver.get(url);
    Browser.panelsLoaded(driver);
    Thread.sleep(1_500); // the charts' entry animation
    Path shot = Browser.screenshot(driver, name);
    Files.copy(shot, out.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    System.out.println(name + ": " + url + " -> " + out.resolve(name + ".png") + " (" + Files.size(shot) / 1024 + " KB)");
  }
}
