package dev.cto.costs.app;

import dev.cto.costs.alerts.AlertDispatcher;
import dev.cto.costs.alerts.AlertSettings;
import dev.cto.costs.alerts.ConfiguredSinks;
import dev.cto.costs.alerts.DispatchOptions;
import dev.cto.costs.alerts.PrCommentPort;
import dev.cto.costs.alerts.PrCommentScheduler;
import dev.cto.costs.alerts.WebhookSink;
import dev.cto.costs.alerts.WebhookTarget;
import dev.cto.costs.collect.ThresholdMonitor;
import dev.cto.costs.pricing.CostConfig;
import dev.cto.costs.store.AlertOutbox;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The threshold alerts of {@code serve}: the outbox dispatcher with the sinks the (live) config
 * names, and the PR comment scheduler when a comment publisher is given. The retry delay is read
 * at start; webhooks, {@code post_to_pr} and {@code comment_min_interval} follow config reloads.
 */
final class ServeAlerts implements AutoCloseable {

  private final Supplier<CostConfig> config;
  private volatile CostConfig mappedConfig;
  private volatile AlertSettings mapped = AlertSettings.NONE;
  private final PrCommentScheduler comments;
  private final AlertDispatcher dispatcher;

  /** @param prComments the PR comment publisher, or null when PR comments are not available */
  ServeAlerts(AlertOutbox outbox, Supplier<CostConfig> config, Clock clock, PrCommentPort prComments) {
    this.config = config;
    CostConfig initial = config.get();
    comments = prComments == null ? null
        : new PrCommentScheduler(prComments, () -> settings().postToPr(), () -> settings().commentMinInterval(), clock, 10_000);
    DispatchOptions options = initial != null && initial.alerts != null && initial.alerts.retryDelay != null
        ? DispatchOptions.DEFAULTS.withFirstRetry(initial.alerts.retryDelay)
        : DispatchOptions.DEFAULTS;
    dispatcher = new AlertDispatcher(outbox,
        new ConfiguredSinks(this::settings, comments, WebhookSink.newClient(), System::getenv), clock, options);
  }

  /** The monitor's sink that wakes the dispatcher on a new crossing. */
  AlertDispatcher dispatcher() {
    return dispatcher;
  }

  /** Registers with the monitor and starts delivering (first, what earlier runs left undelivered). */
  ServeAlerts start(ThresholdMonitor monitor) {
    if (comments != null) {
      monitor.onUsage(this::onUsage);
      comments.start(Duration.ofSeconds(1));
    }
    dispatcher.start();
    return this;
  }

  private void onUsage(Collection<ThresholdMonitor.PrRef> prs) {
    comments.onUsage(prs);
  }

  AlertSettings settings() {
    CostConfig now = config.get();
    if (now != mappedConfig) {
      mapped = map(now);
      mappedConfig = now;
    }
    return mapped;
  }

  static AlertSettings map(CostConfig c) {
    if (c == null) {
      return AlertSettings.NONE;
    }
    List<WebhookTarget> hooks = c.alerts == null || c.alerts.webhooks == null ? List.of()
        : c.alerts.webhooks.stream()
            .map(w -> new WebhookTarget(w.name, w.url,
                "slack".equalsIgnoreCase(w.format) ? WebhookTarget.Format.SLACK : WebhookTarget.Format.JSON,
                w.headers, w.timeout))
            .toList();
    return new AlertSettings(hooks, c.postsToPr(), c.commentMinInterval());
  }

  @Override
  public void close() {
    dispatcher.close();
    if (comments != null) {
      comments.close();
    }
  }
}
