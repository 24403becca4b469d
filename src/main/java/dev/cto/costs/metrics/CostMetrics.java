package dev.cto.costs.metrics;

import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.TokenCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/** The service's meters, registered once; callers report events, gauges read suppliers. */
public final class CostMetrics {

  /** One {@code total_cost_usd} series: a PR's spend by agent and stage. */
  public record PrSpend(String repository, String pr, String agent, String stage, double usd) {}

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MultiGauge prSpend;

  public CostMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    prSpend = MultiGauge.builder("total_cost_usd")
        .description("Total cost in USD of PRs with usage in the metrics window, by agent and stage")
        .register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    return registry.scrape();
  }

  /**
   * Time from a request's receipt to the commit of its records, once per (agent, stage) in the
   * request.
   */
  public void recorded(String agent, String stage, Duration elapsed) {
    Timer.builder("cost_recording_duration")
        .description("Time to record cost data, from receipt to durable commit")
        .tags("agent", agent, "stage", stage)
        .publishPercentileHistogram()
        .register(registry)
        .record(elapsed);
  }

  public void tokens(String agent, String model, TokenCounts t) {
    count("input", agent, model, t.input());
    count("output", agent, model, t.output());
    count("cache_write", agent, model, t.cacheCreation());
    count("cache_read", agent, model, t.cacheRead());
  }

  private void count(String type, String agent, String model, long n) {
    if (n > 0) {
      Counter.builder("token_usage").description("Total tokens used")
          .tags("agent", agent, "model", model, "type", type).register(registry).increment(n);
    }
  }

  public void thresholdCrossed(ThresholdCrossing crossing) {
    Counter.builder("cost_threshold_violations").description("Number of cost threshold violations")
        .tags("type", crossing.level().wireName()).register(registry).increment();
  }

  /** Records accepted, duplicate, or rejected (with the reason: invalid, unauthorized, …). */
  public void records(String outcome, long n) {
    Counter.builder("cost_collector_records").description("Usage records received by outcome")
        .tags("outcome", outcome).register(registry).increment(n);
  }

  public void unpriced(String model, long n) {
    Counter.builder("cost_unpriced_records").description("Records stored without a price, by model")
        .tags("model", model).register(registry).increment(n);
  }

  public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
    Gauge.builder(name, source, value).description(description).register(registry);
  }

  /** Replaces the {@code total_cost_usd} series (old PRs leave the window and disappear). */
  public void prSpend(Supplier<List<PrSpend>> spend) {
    prSpend.register(spend.get().stream()
        .map(s -> MultiGauge.Row.of(Tags.of("repository", s.repository(), "pr", s.pr(), "agent", s.agent(), "stage", s.stage()), s.usd()))
        .toList(), true);
  }
}
