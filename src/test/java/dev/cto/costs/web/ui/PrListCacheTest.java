package dev.cto.costs.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PR list's pages are kept per data version (docs/benchmarks.md): a kept page must never
 * outlive what it shows, neither a new record nor a config reload that moves a PR's status.
 */
class PrListCacheTest {

  private static final String PR_900 = "href=\"/prs/acme/cache/900";
  private static final String PR_901 = "href=\"/prs/acme/cache/901";

  @Test
  void aKeptPageGivesWayToANewRecordAndToNewThresholds(@TempDir Path dir) throws Exception {
    try (DashboardFixture server = DashboardFixture.withConfig(dir, DashboardFixture.THRESHOLDS)) {
      Instant at = Instant.now().minusSeconds(60);
      // claude-sonnet-4-5 at $3 / $15 per million: 1,000 in + 200,000 out is about $3.003, between the $2 and $5 thresholds
      server.post(DashboardFixture.record("cache-1", "acme/cache", 900, "rex", "code", 1, "claude-sonnet-4-5", 1_000, 200_000, 0, at));

      assertThat(page(server, "/prs?repo=acme/cache&status=warning")).contains(PR_900);
      assertThat(page(server, "/prs?repo=acme/cache&status=error")).doesNotContain(PR_900);
      assertThat(page(server, "/prs?repo=acme/cache")).contains(PR_900).doesNotContain(PR_901);

      server.post(DashboardFixture.record("cache-2", "acme/cache", 901, "cleo", "code", 1, "claude-sonnet-4-5", 1_000, 10, 0, at));
      assertThat(page(server, "/prs?repo=acme/cache")).as("the same page right after a new record").contains(PR_900, PR_901);

      // thresholds raised to $4 / $10: PR 900 is now ok, although no record was stored; raising them
      // crosses no threshold either, so nothing is written that would move the data version
      Files.writeString(dir.resolve("costs.yaml"), "warning_threshold: 4.00\nerror_threshold: 10.00\n");
      Awaitility.await().atMost(20, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS)
          .until(() -> server.api("/v1/prs?repo=acme/cache&status=ok&limit=0").toString().contains("\"pr_number\":900"));
      assertThat(page(server, "/prs?repo=acme/cache&status=warning")).as("the warning page asked before the reload").doesNotContain(PR_900);
      assertThat(page(server, "/prs?repo=acme/cache&status=ok")).contains(PR_900);
    }
  }

  private static String page(DashboardFixture server, String path) throws Exception {
    var response = server.get(path, null);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }
}
