package dev.cto.costs.store.jdbc;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import java.time.Instant;

/** Test records with explicit costs (the store stores what it is given; pricing is not its job). */
final class Records {

  private Records() {}

  static PricedUsage usage(
      String id, String repo, Long pr, String agent, String stage, int iteration, String model,
      long input, long output, long costNanos, String at) {
    return usage(id, repo, pr, agent, stage, iteration, model, new TokenCounts(input, output, 0, 0, 0), costNanos, at);
  }

  static PricedUsage usage(
      String id, String repo, Long pr, String agent, String stage, int iteration, String model,
      TokenCounts tokens, long costNanos, String at) {
    UsageRecord r =
        new UsageRecord(
            id, new Attribution(repo, pr, agent, stage, iteration, "task-" + pr), "claude", model,
            "anthropic", tokens, "sess-1", "req-" + id, Instant.parse(at), "test");
    return new PricedUsage(r, "anthropic", Usd.ofNanos(costNanos), true);
  }

  /** The same record under another provider request id ({@code null}: none known). */
  static PricedUsage withRequestId(PricedUsage p, String requestId) {
    UsageRecord r = p.record();
    return new PricedUsage(new UsageRecord(r.id(), r.attribution(), r.cli(), r.model(), r.provider(), r.tokens(),
        r.sessionId(), requestId, r.timestamp(), r.source()), p.provider(), p.cost(), p.priced());
  }

  static PricedUsage unpriced(String id, String repo, Long pr, String agent, String model, long input, String at) {
    UsageRecord r =
        new UsageRecord(
            id, new Attribution(repo, pr, agent, "code", 1, null), null, model, null,
            TokenCounts.of(input, 10), null, null, Instant.parse(at), "test");
    return new PricedUsage(r, null, Usd.ZERO, false);
  }
}
