package dev.cto.costs.app;

import dev.cto.costs.client.UsageSink;
import dev.cto.costs.collect.UsageCollector;
import dev.cto.costs.domain.UsageRecord;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java interceptor's sink for code running inside the collector's own process: records go to
 * the local collector's group-commit writer without waiting (the model call has returned already).
 * A refusal (queue full, store down) is counted and logged, never thrown into the caller.
 */
public final class InProcessUsageSink implements UsageSink {

  private static final Logger LOG = LoggerFactory.getLogger(InProcessUsageSink.class);

  private final UsageCollector collector;
  private final AtomicLong failed = new AtomicLong();

  public InProcessUsageSink(UsageCollector collector) {
    this.collector = collector;
  }

  @Override
  public void accept(UsageRecord record) {
    collector.submit(List.of(record)).whenComplete((result, error) -> {
      if (error != null) {
        failed.incrementAndGet();
        LOG.warn("usage record {} not stored: {}", record.id(), error.getMessage());
      }
    });
  }

  /** Records the collector could not commit. */
  public long failed() {
    return failed.get();
  }
}
