/**
 * What became of the PRs with usage, kept in the store's {@code pr_outcomes}: {@link
 * dev.cto.costs.outcomes.OutcomeSync} reads them from an {@link dev.cto.costs.outcomes.OutcomeSource}
 * (GitHub's REST API, see {@code github.PullRequestReader}) for {@code costs prs sync}, and {@link
 * dev.cto.costs.outcomes.PullRequestJson} reads GitHub's pull request object as webhooks deliver it.
 * Depends on the domain and the store ports only; the adapters depend on it.
 */
package dev.cto.costs.outcomes;
