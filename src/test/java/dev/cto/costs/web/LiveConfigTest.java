package dev.cto.costs.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cost config changes while the service runs: new prices apply, a broken file is refused. */
class LiveConfigTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static String config(String price) {
    return "extends_default_pricing: true\nwarning_threshold: 1\npricing:\n  - model: house-model\n    input_cost_per_million: "
        + price + "\n    output_cost_per_million: 0\n";
  }

  private static BigDecimal cost(Http http, String id) throws Exception {
    String body = "{\"id\":\"" + id + "\",\"agent\":\"rex\",\"model\":\"house-model\",\"input_tokens\":1000000,\"output_tokens\":0,\"stage\":\"code\",\"pr_number\":1}";
    return JSON.readTree(http.post("/v1/usage", "application/json", body).body()).get("records").get(0).get("cost_usd").decimalValue();
  }

  @Test
  void aNewPriceAppliesWithoutRestartAndABrokenFileKeepsTheOldOne() throws Exception {
    Path file = Files.writeString(dir.resolve("cost-config.yaml"), config("2"));
    try (CollectorService service = CollectorService.start(new AppOptions(dir.resolve("c.db"), null, file),
        new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14))) {
      Http http = new Http(service.port(), null);
      assertThat(cost(http, "a")).isEqualByComparingTo("2");

      Files.writeString(file, config("3"));
      Awaitility.await().atMost(20, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
          .until(() -> cost(http, "probe-" + System.nanoTime()).compareTo(new BigDecimal("3")) == 0);

      Files.writeString(file, "pricing: [ {model: house-model, input_cost_per_million: -1, output_cost_per_million: 0} ]\n");
      Awaitility.await().atMost(20, TimeUnit.SECONDS)
          .until(() -> http.get("/metrics").body().contains("cost_config_reload_failures 1.0"));
      assertThat(cost(http, "after-broken")).isEqualByComparingTo("3");
      // the threshold from the file is in force too: $2 + $3 + … > $1 warning
      assertThat(JSON.readTree(http.get("/v1/prs/1").body()).get("threshold_status").asText()).isEqualTo("warning");
    }
  }
}
