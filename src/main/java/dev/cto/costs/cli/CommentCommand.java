package dev.cto.costs.cli;

import dev.cto.costs.app.CostsApp;
import dev.cto.costs.github.CommentBehavior;
import dev.cto.costs.github.PrCommentPublisher;
import dev.cto.costs.github.PublishResult;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "comment",
    mixinStandardHelpOptions = true,
    description = {
      "Post or update the cost report comment on a GitHub pull request.",
      "",
      "One comment per PR, found again by a hidden marker and edited in place.",
      "Nothing is written when it already shows the same numbers; a comment that",
      "shows a newer report than this run read is left alone."
    },
    footer = {
      "",
      "Credentials come from the environment, never from files:",
      "  GITHUB_TOKEN    a token that may write PR comments: fine-grained",
      "                  'Pull requests: write' and 'Issues: write'; in GitHub",
      "                  Actions `permissions: pull-requests: write`",
      "  GitHub App      github.app_id + github.private_key_path (+ optional",
      "                  github.installation_id) in the config, same permissions",
      "  GITHUB_API_URL  API base URL (Enterprise: https://HOST/api/v3); else",
      "                  github.api_url; else https://api.github.com",
      "",
      "Repository: --repo, else default_repository, else GITHUB_REPOSITORY.",
      "",
      "Exit codes:",
      "  0  created, updated, unchanged, replaced, or skipped as stale",
      "  1  GitHub refused or failed (the message names the permission,",
      "     repository or PR to fix), or no cost data for the PR",
      "  2  bad usage, or no GitHub credentials",
      "",
      "Examples:",
      "  cto-cli costs comment --pr 123 --repo 5dlabs/cto --dry-run",
      "  GITHUB_TOKEN=... cto-cli costs comment --pr 123 --repo 5dlabs/cto",
      "  cto-cli costs comment --pr 123 --repo 5dlabs/cto --behavior hide-and-new"
    })
final class CommentCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;

  @Option(names = "--pr", required = true, paramLabel = "N", description = "Pull request number.")
  long pr;

  @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "Repository of the PR.")
  String repo;

  @Option(names = "--behavior", paramLabel = "MODE", converter = BehaviorConverter.class,
      description = "update (edit in place, default), new (a new comment each time), hide-and-new (collapse the old "
          + "one as outdated), delete-and-new. Default: github.comment_behavior from the config.")
  CommentBehavior behavior;

  @Option(names = "--dry-run", description = "Print the comment body; do not talk to GitHub.")
  boolean dryRun;

  static final class BehaviorConverter implements picocli.CommandLine.ITypeConverter<CommentBehavior> {
    @Override
    public CommentBehavior convert(String value) {
      try {
        return CommentBehavior.parse(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Override
  public Integer call() {
    if (pr < 1) {
      throw UserInputException.usage("--pr must be >= 1, was " + pr);
    }
    store.requireLocal("comment");
    Map<String, String> env = System.getenv();
    try (CostsApp app = store.open()) {
      String repository = repository(app, env);
      PrCommentPublisher publisher;
      try {
        publisher = app.prCommentPublisher(env, behavior, dryRun);
      } catch (dev.cto.costs.github.GitHubException e) {
        if (e.status() == -1 && e.getMessage().startsWith("no GitHub credentials")) {
          throw UserInputException.usage(e.getMessage() + " (or use --dry-run)");
        }
        throw e;
      }
      if (dryRun) {
        spec.commandLine().getOut().print(publisher.preview(repository, pr));
        spec.commandLine().getOut().flush();
        return 0;
      }
      PublishResult result = publisher.publish(repository, pr, null);
      spec.commandLine().getOut().println(describe(result, repository));
      spec.commandLine().getOut().flush();
    }
    return 0;
  }

  private String repository(CostsApp app, Map<String, String> env) {
    String r = repo;
    if (r == null && app.settings().defaultRepository() != null) {
      r = app.settings().defaultRepository();
    }
    if (r == null && env.get("GITHUB_REPOSITORY") != null && !env.get("GITHUB_REPOSITORY").isBlank()) {
      r = env.get("GITHUB_REPOSITORY").trim();
    }
    if (r == null) {
      throw UserInputException.usage("which repository? pass --repo owner/name (or set default_repository in the config)");
    }
    if (!r.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
      throw UserInputException.usage("--repo must look like owner/name, was \"" + r + "\"");
    }
    return r;
  }

  private String describe(PublishResult result, String repository) {
    String where = result.commentUrl() == null ? repository + " PR #" + pr : result.commentUrl();
    String line = switch (result.outcome()) {
      case CREATED -> "created the cost comment: " + where;
      case UPDATED -> "updated the cost comment: " + where;
      case UNCHANGED -> "unchanged (the comment already shows this report): " + where;
      case SKIPPED_STALE -> "skipped: the comment shows a newer report than this run read: " + where;
      case REPLACED -> "replaced the cost comment: " + where;
    };
    return result.errorAlertUrl() == null ? line : line + "\nposted the error-threshold alert: " + result.errorAlertUrl();
  }
}
