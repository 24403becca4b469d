package dev.cto.costs.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.domain.Usd;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostConfigLoaderTest {

  @TempDir Path dir;

  static final String JSON = """
      {
        "enabled": true,
        "warning_threshold": 5.00,
        "error_threshold": 20.00,
        "post_to_pr": false,
        "default_repository": "5dlabs/cto",
        "proxy": {"upstreams": {"anthropic": "http://127.0.0.1:1"}},
        "pricing": [
          { "model": "claude-sonnet", "provider": "anthropic",
            "aliases": ["claude-3-7-sonnet-20250219"],
            "input_cost_per_million": 3.00, "output_cost_per_million": 15.00,
            "cache_write_cost_per_million": 3.75, "cache_read_cost_per_million": 0.30 },
          { "model": "claude-sonnet", "provider": "anthropic", "effective_from": "2026-06-01",
            "input_cost_per_million": 2.00, "output_cost_per_million": 10.00 }
        ]
      }
      """;

  static final String YAML = """
      enabled: true
      warning_threshold: 5.00
      error_threshold: 20.00
      post_to_pr: false
      default_repository: 5dlabs/cto
      proxy:
        upstreams:
          anthropic: http://127.0.0.1:1
      pricing:
        - model: claude-sonnet
          provider: anthropic
          aliases: [claude-3-7-sonnet-20250219]
          input_cost_per_million: 3.00
          output_cost_per_million: 15.00
          cache_write_cost_per_million: 3.75
          cache_read_cost_per_million: 0.30
        - model: claude-sonnet
          provider: anthropic
          effective_from: 2026-06-01
          input_cost_per_million: 2.00
          output_cost_per_million: 10.00
      """;

  private CostSettings settings(String name, String content) throws Exception {
    Path file = Files.writeString(dir.resolve(name), content);
    return CostConfigLoader.loadSettings(file);
  }

  @Test
  void jsonAndYamlDescribeTheSameSettings() throws Exception {
    CostSettings json = settings("cost-config.json", JSON);
    CostSettings yaml = settings("cost-config.yaml", YAML);

    assertThat(yaml.thresholds()).isEqualTo(json.thresholds());
    assertThat(yaml.defaultRepository()).isEqualTo("5dlabs/cto");
    assertThat(yaml.catalog().entries()).isEqualTo(json.catalog().entries());
    assertThat(json.thresholds().levelOf(Usd.of("5"))).isEqualTo(ThresholdLevel.WARNING);
  }

  @Test
  void decimalsAreExactAndPriceHistoryApplies() throws Exception {
    CostSettings s = settings("c.yml", YAML);
    ModelPrice before = s.catalog().priceFor("claude-3-7-sonnet-20250219", Instant.parse("2026-05-31T23:00:00Z")).orElseThrow();
    ModelPrice after = s.catalog().priceFor("claude-sonnet", Instant.parse("2026-06-01T00:00:00Z")).orElseThrow();

    assertThat(before.rates().cacheRead()).isEqualTo(new BigDecimal("0.30"));
    assertThat(after.rates().input()).isEqualByComparingTo("2");
  }

  @Test
  void theProxySectionIsTyped() {
    CostConfig config = CostConfigLoader.parse(JSON.getBytes(StandardCharsets.UTF_8), "c.json");

    assertThat(config.proxy.upstreams).containsEntry("anthropic", "http://127.0.0.1:1");
  }

  @Test
  void everySemanticProblemIsReportedAtOnceWithItsPath() {
    String bad = """
        {"warning_threshold": -1, "default_repository": "nope",
         "pricing": [ {"model": "a", "input_cost_per_million": -3, "output_cost_per_million": 1},
                      {"model": "", "output_cost_per_million": 1, "long_context_input_cost_per_million": 2} ]}
        """;

    assertThatThrownBy(() -> CostConfigLoader.toSettings(CostConfigLoader.parse(bad.getBytes(StandardCharsets.UTF_8), "bad.json"), "bad.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("bad.json: ")
        .hasMessageContaining("warning_threshold: must be >= 0, was -1")
        .hasMessageContaining("default_repository: must look like owner/name")
        .hasMessageContaining("pricing[0].input_cost_per_million: must be >= 0, was -3")
        .hasMessageContaining("pricing[1].model: is required")
        .hasMessageContaining("pricing[1].input_cost_per_million: is required")
        .hasMessageContaining("pricing[1].long_context_threshold_tokens: is required when long_context_* prices are given");
  }

  @Test
  void syntaxTypeAndTypoErrorsNameTheFileAndField() {
    assertThatThrownBy(() -> CostConfigLoader.parse("{\"pricing\": [".getBytes(StandardCharsets.UTF_8), "x.json"))
        .hasMessageStartingWith("x.json: line 1, column 14: not valid JSON");
    assertThatThrownBy(() -> CostConfigLoader.parse("{\"pricing\": [{\"model\": \"m\", \"input_cost_per_milion\": 1}]}".getBytes(StandardCharsets.UTF_8), "x.json"))
        .hasMessageContaining("unknown key 'pricing[0].input_cost_per_milion' (did you mean 'pricing[0].input_cost_per_million'?)");
    assertThatThrownBy(() -> CostConfigLoader.parse("{\"warning_threshold\": \"abc\"}".getBytes(StandardCharsets.UTF_8), "x.json"))
        .hasMessageContaining("warning_threshold");
    assertThatThrownBy(() -> CostConfigLoader.parse("pricing:\n  - model: a\n    model: b\n".getBytes(StandardCharsets.UTF_8), "x.yaml"))
        .hasMessageContaining("x.yaml: line 3, column").hasMessageContaining("Duplicate field 'model'");
    assertThatThrownBy(() -> CostConfigLoader.load(dir.resolve("missing.yaml"))).hasMessageContaining("missing.yaml: no such file");
  }

  @Test
  void withoutPricingTheBuiltInCatalogApplies() throws Exception {
    CostSettings s = settings("c.json", "{\"warning_threshold\": 1}");

    assertThat(s.catalog().knows("claude-sonnet-4-5-20250929")).isTrue();
    assertThat(s.catalog().knows("gpt-5.1-codex")).isTrue();
  }

  @Test
  void extendingTheDefaultsOverridesByNameAndAlias() throws Exception {
    CostSettings s = settings("c.json", """
        {"extends_default_pricing": true, "pricing": [
          {"model": "gpt-5", "provider": "openai", "input_cost_per_million": 1, "output_cost_per_million": 2},
          {"model": "my-sonnet", "aliases": ["claude-sonnet-4-5-20250929"], "input_cost_per_million": 9, "output_cost_per_million": 9},
          {"model": "in-house-llm", "input_cost_per_million": 0.1, "output_cost_per_million": 0.2}]}
        """);
    Instant now = Instant.parse("2026-09-01T00:00:00Z");

    assertThat(s.catalog().priceFor("gpt-5", now).orElseThrow().rates().input()).isEqualByComparingTo("1");
    // the built-in gpt-5's dated id follows the user's new gpt-5 price, it is not left unpriced
    assertThat(s.catalog().priceFor("gpt-5-2025-08-07", now).orElseThrow().rates().input()).isEqualByComparingTo("1");
    assertThat(s.catalog().priceFor("claude-sonnet-4-5-20250929", now).orElseThrow().model()).isEqualTo("my-sonnet");
    assertThat(s.catalog().priceFor("claude-sonnet-4-5", now).orElseThrow().rates().input()).isEqualByComparingTo("3"); // default kept
    assertThat(s.catalog().knows("in-house-llm")).isTrue();
    assertThat(s.catalog().knows("claude-opus-4-5")).isTrue();
  }
}
