package dev.cto.costs.app;

import dev.cto.costs.github.CommentBehavior;
import dev.cto.costs.github.GitHubSettings;
import dev.cto.costs.pricing.CostConfig;
import dev.cto.costs.pricing.GithubConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * GitHub settings from the config's {@code github} object and the environment: the token only
 * from {@code GITHUB_TOKEN} (never from a file), the API URL from {@code GITHUB_API_URL} (as
 * GitHub Actions sets it) before {@code github.api_url}. A token wins over App credentials.
 */
final class GitHubWiring {

  private GitHubWiring() {}

  static GitHubSettings settings(CostConfig config, Map<String, String> env, CommentBehavior behaviorOverride) {
    GithubConfig gh = config == null || config.github == null ? new GithubConfig() : config.github;
    String apiUrl = nonBlank(env.get("GITHUB_API_URL")) ? env.get("GITHUB_API_URL").trim() : gh.apiUrl;
    CommentBehavior behavior = behaviorOverride != null ? behaviorOverride
        : gh.commentBehavior == null ? CommentBehavior.UPDATE : CommentBehavior.parse(gh.commentBehavior);
    String token = env.get("GITHUB_TOKEN");
    GitHubSettings.App app = gh.appId == null ? null
        : new GitHubSettings.App(gh.appId, gh.installationId, Path.of(gh.privateKeyPath));
    return new GitHubSettings(apiUrl, behavior, nonBlank(token) ? token : null, nonBlank(token) ? null : app, null, null);
  }

  private static boolean nonBlank(String s) {
    return s != null && !s.isBlank();
  }
}
