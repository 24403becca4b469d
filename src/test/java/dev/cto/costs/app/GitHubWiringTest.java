package dev.cto.costs.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.github.CommentBehavior;
import dev.cto.costs.github.GitHubSettings;
import dev.cto.costs.pricing.CostConfig;
import dev.cto.costs.pricing.CostConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GitHub settings from config and environment: which source wins. */
class GitHubWiringTest {

  private static final CostConfig CONFIG = CostConfigLoader.parse("""
      github:
        api_url: https://ghe.example.com/api/v3/
        comment_behavior: delete-and-new
        app_id: 5
        private_key_path: /keys/app.pem
      """.getBytes(StandardCharsets.UTF_8), "c.yaml");

  @Test
  void theConfigAppliesWhenTheEnvironmentSaysNothing() {
    GitHubSettings s = GitHubWiring.settings(CONFIG, Map.of(), null);

    assertThat(s.apiUrl()).isEqualTo("https://ghe.example.com/api/v3");
    assertThat(s.behavior()).isEqualTo(CommentBehavior.DELETE_AND_NEW);
    assertThat(s.token()).isNull();
    assertThat(s.app()).isEqualTo(new GitHubSettings.App(5, null, Path.of("/keys/app.pem")));
  }

  @Test
  void environmentAndFlagWin() {
    GitHubSettings s = GitHubWiring.settings(CONFIG,
        Map.of("GITHUB_API_URL", "http://127.0.0.1:9", "GITHUB_TOKEN", "ghp_x"), CommentBehavior.NEW);

    assertThat(s.apiUrl()).isEqualTo("http://127.0.0.1:9");
    assertThat(s.behavior()).isEqualTo(CommentBehavior.NEW);
    assertThat(s.token()).isEqualTo("ghp_x");
    assertThat(s.app()).as("a token wins over App credentials").isNull();
    assertThat(s.toString()).doesNotContain("ghp_x");
  }

  @Test
  void withoutConfigTheDefaultsApply() {
    GitHubSettings s = GitHubWiring.settings(null, Map.of(), null);

    assertThat(s.apiUrl()).isEqualTo("https://api.github.com");
    assertThat(s.behavior()).isEqualTo(CommentBehavior.UPDATE);
    assertThat(s.hasCredentials()).isFalse();
  }
}
