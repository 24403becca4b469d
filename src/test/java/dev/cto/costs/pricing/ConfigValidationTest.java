package dev.cto.costs.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cto.costs.domain.CostCalculator;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.Usd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** One validated config: typos named with the closest key, errors located, reloads explained. */
class ConfigValidationTest {

  @TempDir Path dir;

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger reloaderLog = (Logger) LoggerFactory.getLogger(ConfigReloader.class);

  private Level levelBefore;

  @BeforeEach
  void captureLog() {
    log.start();
    levelBefore = reloaderLog.getLevel();
    reloaderLog.setLevel(Level.INFO);
    reloaderLog.addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    reloaderLog.detachAppender(log);
    reloaderLog.setLevel(levelBefore);
  }

  private static String refused(String content, String name) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> {
      CostConfig config = CostConfigLoader.parse(content.getBytes(StandardCharsets.UTF_8), name);
      CostConfigLoader.toSettings(config, name);
    });
    assertThat(e).as("%s should be refused", name).isNotNull();
    return e.getMessage();
  }

  @Test
  void everyMisspeltTopLevelKeyIsRefusedWithTheClosestValidKey() {
    String yaml = refused("""
        warning_treshold: 5
        pricng: []
        extend_default_pricing: true
        """, "c.yaml");

    assertThat(yaml).startsWith("c.yaml: ")
        .contains("line 1, column 1: unknown key 'warning_treshold' (did you mean 'warning_threshold'?)")
        .contains("line 2, column 1: unknown key 'pricng' (did you mean 'pricing'?)")
        .contains("line 3, column 1: unknown key 'extend_default_pricing' (did you mean 'extends_default_pricing'?)");
    assertThat(refused("{\"warningThreshold\": 5}", "c.json"))
        .contains("line 1, column 2: unknown key 'warningThreshold' (did you mean 'warning_threshold'?)");
    assertThat(refused("colour: blue", "c.yaml"))
        .contains("unknown key 'colour' (valid keys: alerts, attribution,").contains("see docs/config.md");
  }

  @Test
  void aMisspeltKeyInsideASectionIsRefusedWithTheClosestKeyOfThatSection() {
    String message = refused("""
        pricing:
          - model: m
            input_cost_per_million: 1
            output_cost_per_million: 2
            cache_reed_cost_per_million: 0.1
        alerts:
          webhoks: []
        github:
          coment_behavior: update
        proxy:
          upstream: {anthropic: "http://127.0.0.1:1"}
        """, "c.yaml");

    assertThat(message)
        .contains("line 5, column 5: unknown key 'pricing[0].cache_reed_cost_per_million' (did you mean 'pricing[0].cache_read_cost_per_million'?)")
        .contains("line 7, column 3: unknown key 'alerts.webhoks' (did you mean 'alerts.webhooks'?)")
        .contains("line 9, column 3: unknown key 'github.coment_behavior' (did you mean 'github.comment_behavior'?)")
        .contains("line 11, column 3: unknown key 'proxy.upstream' (did you mean 'proxy.upstreams'?)");
    assertThat(refused("proxy: {upstreams: {antropic: \"http://127.0.0.1:1\"}}", "c.yaml"))
        .contains("proxy.upstreams.antropic: unknown provider (did you mean 'anthropic'?)");
    assertThat(refused("attribution: {rules: [{match: {branch: x}, set: {agent: rex}}]}", "c.yaml"))
        .contains("attribution.rules[0]: unknown match field 'branch'");
  }

  @Test
  void syntaxAndTypeErrorsGiveLineAndColumnWithoutParserInternals() {
    String mapping = refused("warning_threshold: 5\ndefault_repository: 5dlabs/cto: x\n", "c.yaml");
    String tab = refused("pricing:\n  - model: x\n\tinput_cost_per_million: 1\n", "c.yaml");
    String json = refused("{\n  \"warning_threshold\": 5,\n}\n", "c.json");
    String type = refused("warning_threshold: abc\n", "c.yaml");

    assertThat(mapping).isEqualTo("c.yaml: line 2, column 31: not valid YAML: mapping values are not allowed here");
    assertThat(tab).startsWith("c.yaml: line 3, column 1: not valid YAML: ").contains("TAB");
    assertThat(json).startsWith("c.json: line 3, column 1: not valid JSON: ");
    assertThat(type).isEqualTo("c.yaml: line 1, column 20: warning_threshold: must be a number, was \"abc\"");
    for (String m : List.of(mapping, tab, json, type)) {
      assertThat(m).doesNotContain("in 'reader'", "Source:", "java.math", "JsonToken", "^", "\n");
    }
  }

  @Test
  void anEmptyFileMeansTheDefaults() throws Exception {
    for (String[] file : new String[][] {{"empty.yaml", ""}, {"comments.yaml", "# set thresholds here\n\n"}, {"empty.json", " \n"}}) {
      CostSettings s = CostConfigLoader.loadSettings(Files.writeString(dir.resolve(file[0]), file[1]));

      assertThat(s.enabled()).isTrue();
      assertThat(s.thresholds()).isEqualTo(Thresholds.NONE);
      assertThat(s.catalog()).as(file[0]).isSameAs(DefaultCatalog.load());
    }
  }

  @Test
  void aReloadWithATypoWarnsAndKeepsThePreviousConfig() throws Exception {
    Path file = Files.writeString(dir.resolve("cost-config.yaml"), "warning_threshold: 5.00\n");
    try (ConfigReloader reloader = new ConfigReloader(file, Duration.ofHours(1))) {
      Files.writeString(file, "warning_treshold: 7.50\n");
      reloader.poll();

      assertThat(reloader.get().thresholds().warning()).isEqualTo(Usd.of("5.00"));
      assertThat(reloader.config().warningThreshold).isEqualByComparingTo("5.00");
      assertThat(reloader.lastError()).contains("did you mean 'warning_threshold'?");
      assertThat(log.list).singleElement().satisfies(e -> {
        assertThat(e.getLevel()).isEqualTo(Level.WARN);
        assertThat(e.getFormattedMessage()).contains("keeping the previous one")
            .contains("line 1, column 1: unknown key 'warning_treshold' (did you mean 'warning_threshold'?)");
      });
    }
  }

  @Test
  void eachReloadLogsWhatChanged() throws Exception {
    Path file = Files.writeString(dir.resolve("cost-config.yaml"), """
        warning_threshold: 5.00
        alerts: {webhooks: [{url: "https://hooks.example.com/T0/secret-path"}]}
        pricing:
          - {model: a, input_cost_per_million: 1, output_cost_per_million: 2}
          - {model: b, input_cost_per_million: 1, output_cost_per_million: 2}
          - {model: c, input_cost_per_million: 1, output_cost_per_million: 2}
        """);
    try (ConfigReloader reloader = new ConfigReloader(file, Duration.ofHours(1))) {
      Files.writeString(file, """
          warning_threshold: 7.50
          alerts: {webhooks: [{url: "https://hooks.example.com/T0/other-secret"}]}
          pricing:
            - {model: a, input_cost_per_million: 1.5, output_cost_per_million: 2}
            - {model: b, input_cost_per_million: 1, output_cost_per_million: 3}
            - {model: c, input_cost_per_million: 1, output_cost_per_million: 2}
          """);
      reloader.poll();

      assertThat(log.list).singleElement().satisfies(e -> {
        assertThat(e.getLevel()).isEqualTo(Level.INFO);
        assertThat(e.getFormattedMessage()).startsWith(
            "config reloaded: warning_threshold 5.00 → 7.50; alerts.webhooks[0].url changed; pricing: 2 models changed (")
            .doesNotContain("secret");
      });
      Files.writeString(file, Files.readString(file) + "# a comment\n");
      reloader.poll();
      assertThat(log.list.get(1).getFormattedMessage()).startsWith("config reloaded: no setting changed");
    }
  }

  /** The example of docs/config.md: a price change that restates only input and output. */
  @Test
  void aPriceChangeTakesTheFieldsItOmitsFromThePreviousEntry() throws Exception {
    CostSettings s = CostConfigLoader.loadSettings(Files.writeString(dir.resolve("c.yaml"), """
        extends_default_pricing: true
        pricing:
          - model: claude-sonnet
            provider: anthropic
            aliases: [claude-3-7-sonnet-20250219]
            input_cost_per_million: 3.00
            output_cost_per_million: 15.00
            cache_write_cost_per_million: 3.75
            cache_write_1h_cost_per_million: 6.00
            cache_read_cost_per_million: 0.30
          - model: claude-sonnet
            effective_from: 2026-12-01
            input_cost_per_million: 2.50
            output_cost_per_million: 12.50
        """));
    ModelPrice after = s.catalog().priceFor("claude-3-7-sonnet-20250219", Instant.parse("2026-12-02T00:00:00Z")).orElseThrow();
    TokenCounts millionCacheReads = new TokenCounts(0, 0, 0, 0, 1_000_000);

    assertThat(CostCalculator.cost(after, millionCacheReads)).isEqualTo(Usd.of("0.30"));
    assertThat(after.rates().input()).isEqualByComparingTo("2.50");
    assertThat(after.rates().effectiveCacheWrite()).isEqualByComparingTo("3.75");
    assertThat(after.rates().effectiveCacheWrite1h()).isEqualByComparingTo("6.00");
    assertThat(after.provider()).isEqualTo("anthropic");
  }

  @Test
  void aDatedChangeOfABuiltInModelKeepsTheBuiltInPriceBeforeItAndItsCachePrices() throws Exception {
    ModelPrice builtIn = DefaultCatalog.load().priceFor("claude-sonnet-4-5", Instant.parse("2026-06-01T00:00:00Z")).orElseThrow();
    CostSettings s = CostConfigLoader.loadSettings(Files.writeString(dir.resolve("c.yaml"), """
        extends_default_pricing: true
        pricing:
          - {model: claude-sonnet-4-5, effective_from: 2027-01-01, input_cost_per_million: 2, output_cost_per_million: 10}
        """));

    ModelPrice before = s.catalog().priceFor("claude-sonnet-4-5", Instant.parse("2026-12-31T23:00:00Z")).orElseThrow();
    ModelPrice after = s.catalog().priceFor("claude-sonnet-4-5-20250929", Instant.parse("2027-01-01T00:00:00Z")).orElseThrow();
    assertThat(before.rates()).isEqualTo(builtIn.rates());
    assertThat(after.rates().input()).isEqualByComparingTo("2");
    assertThat(after.rates().effectiveCacheRead()).isEqualByComparingTo(builtIn.rates().effectiveCacheRead());
    assertThat(after.longContext()).isEqualTo(builtIn.longContext());
  }
}
