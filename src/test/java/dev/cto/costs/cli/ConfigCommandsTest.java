package dev.cto.costs.cli;

import static dev.cto.costs.cli.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.pricing.CostConfig;
import dev.cto.costs.pricing.CostConfigLoader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code config check}, {@code pricing import} and {@code reprice} in-process, on a temporary SQLite file. */
class ConfigCommandsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;



  @Test
  void configCheckSummarisesAValidFileAndNamesEveryProblemOfABadOne() throws Exception {
    Path good = Files.writeString(tmp.resolve("good.yaml"), """
        warning_threshold: 5
        error_threshold: 20
        extends_default_pricing: true
        pricing:
          - {model: in-house, input_cost_per_million: 1, output_cost_per_million: 2}
        alerts: {webhooks: [{url: "https://hooks.example.com/x"}]}
        """);
    Path bad = Files.writeString(tmp.resolve("bad.yaml"), "warning_treshold: 5\nerror_threshold: -1\n");

    CliRun ok = cli("costs", "config", "check", good.toString());
    CliRun refused = cli("costs", "config", "check", bad.toString());

    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).startsWith(good + ": valid\n")
        .contains("thresholds: warning $5, error $20 per PR")
        .contains("pricing: 1 entry over the built-in catalog")
        .contains("alerts: 1 webhook");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err()).startsWith("cto-cli: " + bad + ": 1 problem (every key: docs/config.md)\n")
        .contains("line 1, column 1: unknown key 'warning_treshold' (did you mean 'warning_threshold'?)");
    CliRun semantic = cli("costs", "config", "check", Files.writeString(tmp.resolve("neg.yaml"), "error_threshold: -1\n").toString());
    assertThat(semantic.exit()).isEqualTo(1);
    assertThat(semantic.err()).contains("error_threshold: must be >= 0, was -1");
    assertThat(cli("costs", "config", "check", tmp.resolve("missing.yaml").toString()).err()).contains("missing.yaml").contains("no such file");
  }

  @Test
  void aPricingImportExtendsTheBuiltInCatalogAndReadsBackIdentically() throws Exception {
    Path out = tmp.resolve("prices.yaml");
    CliRun imported = cli("costs", "pricing", "import", "--litellm",
        Path.of("data/litellm-model-prices-2026-07-24.json").toAbsolutePath().toString(), "--models", "^gpt-5\\.1", "--output", out.toString());

    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(Files.readString(out)).contains("\nextends_default_pricing: true\n");
    CostConfig back = CostConfigLoader.load(out);
    CostSettings settings = CostConfigLoader.toSettings(back, out.toString());
    assertThat(settings.catalog().knows("gpt-5.1-codex")).isTrue();
    assertThat(settings.catalog().knows("claude-sonnet-4-5")).as("a built-in model the import left out").isTrue();
    java.io.ByteArrayOutputStream again = new java.io.ByteArrayOutputStream();
    dev.cto.costs.pricing.CostConfigWriter.write(back, dev.cto.costs.pricing.CostConfigWriter.Format.YAML, again);
    assertThat(again.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(Files.readString(out));
  }

  @Test
  void repriceShowsWhatItWouldChangeAndNeedsForceToUnpricePricedRecords() throws Exception {
    String db = tmp.resolve("costs.db").toString();
    Path usage = Files.writeString(tmp.resolve("usage.ndjson"), """
        {"id":"a","repository":"5dlabs/cto","pr_number":1,"agent":"rex","model":"claude-sonnet-4-5","input_tokens":1000000,"output_tokens":0,"stage":"code","timestamp":"2026-03-01T10:00:00Z"}
        {"id":"b","repository":"5dlabs/cto","pr_number":1,"agent":"rex","model":"claude-sonnet-4-5","input_tokens":1000000,"output_tokens":0,"stage":"code","timestamp":"2026-03-01T10:00:00Z"}
        {"id":"c","repository":"5dlabs/cto","pr_number":1,"agent":"rex","model":"gpt-5.1","input_tokens":1000000,"output_tokens":0,"stage":"code","timestamp":"2026-03-01T10:00:00Z"}
        """);
    assertThat(cli("costs", "ingest", "--db", db, usage.toString()).exit()).isZero();
    BigDecimal before = total(db);
    // a price file without extends_default_pricing: only gpt-5.1 keeps a price
    Path prices = Files.writeString(tmp.resolve("prices.yaml"), """
        pricing:
          - {model: gpt-5.1, input_cost_per_million: 2, output_cost_per_million: 10}
        """);

    CliRun dryRun = cli("costs", "reprice", "--all", "--dry-run", "--db", db, "--config", prices.toString());
    CliRun refused = cli("costs", "reprice", "--all", "--db", db, "--config", prices.toString());

    assertThat(dryRun.exit()).as(dryRun.err()).isZero();
    assertThat(dryRun.out()).contains("examined 3 records: 3 would be changed, 0 would be newly priced")
        .contains("would lose their price (no price in the config):\n  claude-sonnet-4-5: 2 records");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out()).contains("claude-sonnet-4-5: 2 records");
    assertThat(refused.err()).contains("2 priced records would lose their price").contains("--force");
    assertThat(total(db)).isEqualByComparingTo(before);
    assertThat(unpriced(db)).isZero();

    CliRun forced = cli("costs", "reprice", "--all", "--force", "--db", db, "--config", prices.toString());
    assertThat(forced.exit()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("examined 3 records: 3 changed").contains("now without a price");
    assertThat(unpriced(db)).isEqualTo(2);
    assertThat(total(db)).isEqualByComparingTo("2"); // gpt-5.1 at the file's $2
  }

  private JsonNode pr(String db) throws Exception {
    CliRun show = cli("costs", "show", "--db", db, "--pr", "1", "--repo", "5dlabs/cto", "--format", "json");
    assertThat(show.exit()).as(show.err()).isZero();
    return JSON.readTree(show.out());
  }

  private BigDecimal total(String db) throws Exception {
    return pr(db).get("total_cost_usd").decimalValue();
  }

  private long unpriced(String db) throws Exception {
    return pr(db).path("unpriced_records").asLong();
  }
}
