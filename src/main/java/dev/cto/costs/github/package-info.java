/**
 * The PR cost comment on GitHub: {@link dev.cto.costs.github.PrCommentRenderer} turns a {@link
 * dev.cto.costs.report.PrReport} into Markdown with a hidden marker and metadata, {@link
 * dev.cto.costs.github.PrCommentPublisher} keeps one such comment per PR (found again by the
 * marker, updated in place, never overwritten by an older run), and {@link
 * dev.cto.costs.github.GitHubClient} talks to the REST API (through {@code org.kohsuke:github-api})
 * and GraphQL, with token or GitHub App auth and rate limits honoured.
 */
package dev.cto.costs.github;
