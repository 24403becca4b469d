package dev.cto.costs.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The PR comment keys: {@code comment_min_interval} and the {@code github} object, in JSON and YAML. */
class GithubConfigTest {

  private static CostConfig parse(String text, String name) {
    CostConfig config = CostConfigLoader.parse(text.getBytes(StandardCharsets.UTF_8), name);
    CostConfigLoader.toSettings(config, name);
    return config;
  }

  @Test
  void jsonAndYamlGiveTheSameGithubSettings() {
    CostConfig yaml = parse("""
        post_to_pr: true
        comment_min_interval: 30s
        github:
          api_url: https://ghe.example.com/api/v3
          comment_behavior: hide-and-new
          app_id: 12
          installation_id: 34
          private_key_path: /keys/app.pem
        """, "c.yaml");
    CostConfig json = parse("""
        {"post_to_pr": true, "comment_min_interval": "30s",
         "github": {"api_url": "https://ghe.example.com/api/v3", "comment_behavior": "hide-and-new",
                    "app_id": 12, "installation_id": 34, "private_key_path": "/keys/app.pem"}}
        """, "c.json");

    for (CostConfig c : new CostConfig[] {yaml, json}) {
      assertThat(c.postsToPr()).isTrue();
      assertThat(c.commentMinInterval()).isEqualTo(Duration.ofSeconds(30));
      assertThat(c.github.apiUrl).isEqualTo("https://ghe.example.com/api/v3");
      assertThat(c.github.commentBehavior).isEqualTo("hide-and-new");
      assertThat(c.github.appId).isEqualTo(12L);
      assertThat(c.github.installationId).isEqualTo(34L);
      assertThat(c.github.privateKeyPath).isEqualTo("/keys/app.pem");
    }
  }

  @Test
  void theIntervalDefaultsToFiveMinutesAndAcceptsCommonForms() {
    assertThat(parse("{}", "c.json").commentMinInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(parse("comment_min_interval: 2m", "c.yaml").commentMinInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(parse("comment_min_interval: 1h", "c.yaml").commentMinInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(parse("comment_min_interval: PT90S", "c.yaml").commentMinInterval()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void everyBadGithubValueIsNamed() {
    assertThatThrownBy(() -> parse("""
        comment_min_interval: soon
        github:
          api_url: ftp://x
          comment_behavior: replace
          app_id: 0
        """, "bad.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("comment_min_interval: must be a duration like \"30s\", \"5m\"")
        .hasMessageContaining("github.api_url: must be an http(s) URL")
        .hasMessageContaining("github.comment_behavior: must be one of update, new, hide-and-new, delete-and-new, was \"replace\"")
        .hasMessageContaining("github.app_id: must be >= 1")
        .hasMessageContaining("github.private_key_path: required with github.app_id");
  }

  @Test
  void aTokenInTheFileIsRefused() {
    assertThatThrownBy(() -> parse("github:\n  token: ghp_secret\n", "c.yaml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("line 2, column 3: unknown key 'github.token'");
  }
}
