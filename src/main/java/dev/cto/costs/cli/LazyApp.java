package dev.cto.costs.cli;

import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CostsApp;

/**
 * The object graph of a command that may have nothing to do: opened on first use. An import
 * re-run over unchanged logs then never reads the price catalog or the database, which is most
 * of what it would otherwise cost.
 */
final class LazyApp implements AutoCloseable {

  private final AppOptions options;
  private CostsApp app;

  LazyApp(AppOptions options) {
    this.options = options;
  }

  synchronized CostsApp get() {
    if (app == null) {
      app = CostsApp.open(options);
    }
    return app;
  }

  /** Waits for the alerts of what was written; nothing to wait for when nothing was opened. */
  synchronized void flushAlerts() {
    if (app != null) {
      app.flushAlerts();
    }
  }

  @Override
  public synchronized void close() {
    if (app != null) {
      app.close();
    }
  }
}
