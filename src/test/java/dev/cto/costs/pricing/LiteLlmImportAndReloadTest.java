package dev.cto.costs.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cto.costs.domain.CostSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiteLlmImportAndReloadTest {

  @TempDir Path dir;

  @Test
  void convertsPerTokenPricesExactlyAndSkipsNonChatModels() throws Exception {
    String litellm = """
        {"sample_spec": {"input_cost_per_token": 0},
         "acme-chat": {"litellm_provider": "vertex_ai-language-models", "mode": "chat",
            "input_cost_per_token": 1.25e-06, "output_cost_per_token": 1e-05,
            "cache_read_input_token_cost": 1.25e-07,
            "input_cost_per_token_above_200k_tokens": 2.5e-06, "output_cost_per_token_above_200k_tokens": 1.5e-05},
         "acme-embed": {"mode": "embedding", "input_cost_per_token": 1e-07, "output_cost_per_token": 0},
         "acme-image": {"mode": "image_generation", "output_cost_per_image": 0.04}}
        """;

    List<PricingEntry> entries = LiteLlmImporter.convert(new ByteArrayInputStream(litellm.getBytes(StandardCharsets.UTF_8)), n -> true);

    assertThat(entries).singleElement().satisfies(e -> {
      assertThat(e.model()).isEqualTo("acme-chat");
      assertThat(e.provider()).isEqualTo("google");
      assertThat(e.inputCostPerMillion().toPlainString()).isEqualTo("1.25");
      assertThat(e.cacheReadCostPerMillion().toPlainString()).isEqualTo("0.125");
      assertThat(e.longContextThresholdTokens()).isEqualTo(200_000);
      assertThat(e.longContextOutputCostPerMillion().toPlainString()).isEqualTo("15");
    });
  }

  @Test
  void anImportWritesAConfigTheLoaderReadsBackIdentically() throws Exception {
    List<PricingEntry> entries;
    try (var in = Files.newInputStream(DefaultCatalogTest.SNAPSHOT)) {
      entries = LiteLlmImporter.convert(in, n -> n.startsWith("claude-") || n.startsWith("gpt-5"));
    }
    for (CostConfigWriter.Format format : CostConfigWriter.Format.values()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      CostConfigWriter.write(CostConfig.withPricing(entries), format, out);
      String name = "prices." + format.name().toLowerCase();
      CostConfig back = CostConfigLoader.parse(out.toByteArray(), name);
      assertThat(back.pricing).as(name).isEqualTo(entries);
      assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("E-");
      CostConfigLoader.toSettings(back, name); // and it is a valid config
    }
  }

  @Test
  void theReloaderSwapsOnChangeKeepsTheOldConfigOnABrokenFileAndFollowsAConfigMapSymlinkSwap() throws Exception {
    // a ConfigMap mount: cost-config.json -> ..data/cost-config.json, ..data -> ..v1
    Path v1 = Files.createDirectories(dir.resolve("..v1"));
    Files.writeString(v1.resolve("cost-config.json"), "{\"warning_threshold\": 1}");
    Files.createSymbolicLink(dir.resolve("..data"), dir.resolve("..v1").getFileName());
    Path config = Files.createSymbolicLink(dir.resolve("cost-config.json"), Path.of("..data/cost-config.json"));

    try (ConfigReloader reloader = new ConfigReloader(config, Duration.ofMillis(50))) {
      assertThat(reloader.get().thresholds().warning().toPlainString()).isEqualTo("1");

      // broken new version: the old settings stay, the reason is kept and counted
      Files.writeString(v1.resolve("cost-config.json"), "{\"warning_threshold\": ");
      await().atMost(Duration.ofSeconds(5)).until(() -> reloader.lastError() != null);
      assertThat(reloader.get().thresholds().warning().toPlainString()).isEqualTo("1");
      assertThat(reloader.lastError()).contains("not valid JSON");
      assertThat(reloader.reloadFailures()).isEqualTo(1);

      // Kubernetes' atomic update: a new directory, then the ..data symlink is renamed over
      Path v2 = Files.createDirectories(dir.resolve("..v2"));
      Files.writeString(v2.resolve("cost-config.json"), "{\"warning_threshold\": 2.5}");
      Path tmpLink = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
      Files.move(tmpLink, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      List<CostSettings> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
      reloader.onReload(seen::add);
      await().atMost(Duration.ofSeconds(5)).until(() -> reloader.get().thresholds().warning().toPlainString().equals("2.5"));
      assertThat(reloader.lastError()).isNull();
      await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
      assertThat(reloader.get().catalog().priceFor("claude-sonnet", Instant.now())).isPresent();
    }
  }
}
