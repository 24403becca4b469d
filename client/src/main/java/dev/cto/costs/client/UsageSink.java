package dev.cto.costs.client;

import dev.cto.costs.domain.UsageRecord;

/**
 * Where captured usage goes: to a collector over HTTP ({@link RemoteUsageSink}) or, in the
 * collector's own process, straight to its {@code UsageCollector} (wired by the composition root).
 *
 * <p>Called on the thread that made the model call, so an implementation should hand the record off
 * and return quickly. It may throw; {@link CostInterceptor} counts that and never lets it reach the
 * caller.
 */
@FunctionalInterface
public interface UsageSink {

  void accept(UsageRecord record);
}
