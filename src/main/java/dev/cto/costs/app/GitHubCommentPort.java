package dev.cto.costs.app;

import dev.cto.costs.alerts.PrCommentPort;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.github.GitHubClient;
import dev.cto.costs.github.PrCommentPublisher;
import dev.cto.costs.github.PrCommentRenderer;
import dev.cto.costs.pricing.CostConfig;
import dev.cto.costs.report.ReportService;
import dev.cto.costs.store.CostQueries;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code serve}'s PR comments: the alerts' port, answered by the GitHub publisher. The publisher
 * is made from the live config and kept while the config stays the same, so a GitHub App's
 * installation token is reused between comments and a reloaded {@code github} section applies to
 * the next comment. Credentials come from the environment, read when the config changes.
 */
final class GitHubCommentPort implements PrCommentPort {

  private final CostQueries queries;
  private final Supplier<CostSettings> settings;
  private final Supplier<CostConfig> config;
  private final Supplier<Map<String, String>> env;
  private final Clock clock;
  private CostConfig builtFor;
  private PrCommentPublisher publisher;

  GitHubCommentPort(CostQueries queries, Supplier<CostSettings> settings, Supplier<CostConfig> config,
      Supplier<Map<String, String>> env, Clock clock) {
    this.queries = queries;
    this.settings = settings;
    this.config = config;
    this.env = env;
    this.clock = clock;
  }

  /** Throws when GitHub refused or is unreachable (the dispatcher retries) or credentials are missing. */
  @Override
  public void publish(String repository, long pr, ThresholdCrossing crossing) {
    publisher().publish(repository, pr, crossing);
  }

  private synchronized PrCommentPublisher publisher() {
    CostConfig now = config.get();
    if (publisher == null || now != builtFor) {
      GitHubClient client = new GitHubClient(GitHubWiring.settings(now, env.get(), null));
      publisher = new PrCommentPublisher(new ReportService(queries, settings), client, new PrCommentRenderer(), clock);
      builtFor = now;
    }
    return publisher;
  }
}
