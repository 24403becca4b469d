package dev.cto.costs.cli;

import dev.cto.costs.analytics.AnalyticsScope;
import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * The flags every analytics command shares ({@code --since --until --repo --agent}); with
 * {@link FormatOption} they make the common interface of {@code efficiency}, {@code trends},
 * {@code anomalies} and the period form of {@code whatif}.
 */
final class AnalyticsOptions {

  @Option(names = "--since", paramLabel = "DATE",
      description = "First day, YYYY-MM-DD (UTC, inclusive); default: 90 days up to --until.")
  String since;

  @Option(names = "--until", paramLabel = "DATE", description = "Last day, YYYY-MM-DD (UTC, inclusive); default: today.")
  String until;

  @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "Only this repository.")
  String repository;

  @Option(names = "--agent", paramLabel = "NAME", description = "Only this agent.")
  String agent;

  AnalyticsScope scope(Clock clock) {
    try {
      return AnalyticsScope.parse(since, until, repository, agent, clock);
    } catch (IllegalArgumentException e) {
      throw UserInputException.usage("--" + e.getMessage());
    }
  }

  /** The same scope as HTTP query parameters, for {@code --server}: {@code ?since=…&until=…}. */
  String query(AnalyticsScope scope) {
    StringBuilder q = new StringBuilder("since=").append(scope.from()).append("&until=").append(scope.to());
    if (scope.repository() != null) {
      q.append("&repo=").append(java.net.URLEncoder.encode(scope.repository(), java.nio.charset.StandardCharsets.UTF_8));
    }
    if (scope.agent() != null) {
      q.append("&agent=").append(java.net.URLEncoder.encode(scope.agent(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return q.toString();
  }
}
