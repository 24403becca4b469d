/**
 * Threshold alerts beyond the log line: the sinks that announce a crossing (webhook, JSON or Slack;
 * PR comment through {@link dev.cto.costs.alerts.PrCommentPort}), the {@code AlertDispatcher} that
 * delivers each crossing once per sink through the store's durable outbox (retried with backoff,
 * one replica per delivery, off the ingest path), and the {@code PrCommentScheduler} that keeps a
 * PR's cost comment current while the PR receives usage. Depends on the domain, the collector's
 * threshold port and the store ports only.
 */
package dev.cto.costs.alerts;
