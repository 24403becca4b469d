package dev.cto.costs.pricing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The config's {@code github} object: where and how PR cost comments are posted. Tokens are never
 * configured here; they come from the environment ({@code GITHUB_TOKEN}) so they stay off disk.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"api_url", "comment_behavior", "app_id", "installation_id", "private_key_path"})
public final class GithubConfig {

  /** The values {@code comment_behavior} accepts. */
  public static final java.util.List<String> BEHAVIORS = java.util.List.of("update", "new", "hide-and-new", "delete-and-new");

  public String apiUrl;
  public String commentBehavior;
  public Long appId;
  public Long installationId;
  public String privateKeyPath;

  void check(java.util.List<String> problems) {
    if (apiUrl != null && !apiUrl.matches("https?://\\S+")) {
      problems.add("github.api_url: must be an http(s) URL, was \"" + apiUrl + "\"");
    }
    if (commentBehavior != null && !BEHAVIORS.contains(commentBehavior)) {
      problems.add("github.comment_behavior: must be one of " + String.join(", ", BEHAVIORS) + ", was \"" + commentBehavior + "\"");
    }
    if (appId != null && appId < 1) {
      problems.add("github.app_id: must be >= 1, was " + appId);
    }
    if (installationId != null && installationId < 1) {
      problems.add("github.installation_id: must be >= 1, was " + installationId);
    }
    if (appId != null && (privateKeyPath == null || privateKeyPath.isBlank())) {
      problems.add("github.private_key_path: required with github.app_id (the App's private key, a PEM file)");
    }
    if (privateKeyPath != null && appId == null) {
      problems.add("github.app_id: required with github.private_key_path");
    }
  }
}
