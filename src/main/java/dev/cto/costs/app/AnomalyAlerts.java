package dev.cto.costs.app;

import dev.cto.costs.alerts.AlertDispatcher;
import dev.cto.costs.analytics.AnomalyAnnouncer;
import dev.cto.costs.domain.Announcement;
import dev.cto.costs.metrics.CostMetrics;
import dev.cto.costs.pricing.AlertsConfig;
import dev.cto.costs.pricing.CostConfig;
import dev.cto.costs.report.Escape;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve}'s anomaly alerts: every {@code alerts.anomalies.every} it looks for anomalies in the
 * last {@code lookback_days} and announces the new ones once, through the log (logger
 * {@code cost-anomaly}), the {@code cost_anomalies} metric and the alert sinks (webhooks, Slack),
 * which the outbox reaches. The settings follow config reloads; the look runs on a thread of its
 * own, so a slow report never delays the metric refreshes.
 */
final class AnomalyAlerts implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("cost-anomaly");
  /** The first look after start comes soon, whatever the interval: anomalies of the downtime are news. */
  private static final Duration FIRST_LOOK_AT_MOST = Duration.ofMinutes(1);

  private final AnomalyAnnouncer announcer;
  private final Supplier<CostConfig> config;
  private final CostMetrics metrics;
  private final AlertDispatcher dispatcher;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "anomaly-alerts");
    t.setDaemon(true);
    return t;
  });

  AnomalyAlerts(AnomalyAnnouncer announcer, Supplier<CostConfig> config, CostMetrics metrics, AlertDispatcher dispatcher) {
    this.announcer = announcer;
    this.config = config;
    this.metrics = metrics;
    this.dispatcher = dispatcher;
  }

  AnomalyAlerts start() {
    Duration every = settings().everyOrDefault();
    schedule(every.compareTo(FIRST_LOOK_AT_MOST) < 0 ? every : FIRST_LOOK_AT_MOST);
    return this;
  }

  private AlertsConfig.Anomalies settings() {
    CostConfig c = config.get();
    return c == null || c.alerts == null || c.alerts.anomalies == null ? new AlertsConfig.Anomalies() : c.alerts.anomalies;
  }

  private void schedule(Duration delay) {
    try {
      thread.schedule(this::look, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // shutting down
    }
  }

  private void look() {
    AlertsConfig.Anomalies now = settings();
    try {
      if (now.isEnabled()) {
        List<Announcement> fresh = announcer.announceNew(now.lookbackDaysOrDefault());
        for (Announcement a : fresh) {
          LOG.warn("{}", Escape.terminal(a.text()));
          metrics.anomalyAnnounced(a.subject().substring(0, a.subject().indexOf(':')));
        }
        if (!fresh.isEmpty()) {
          dispatcher.onNewAlerts(); // to the sinks now, not at the dispatcher's next poll
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot look for cost anomalies, will try again in {}: {}", now.everyOrDefault(), e.getMessage());
    } finally {
      schedule(now.everyOrDefault());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
