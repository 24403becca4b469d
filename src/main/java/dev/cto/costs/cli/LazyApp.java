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
      if (bulkFirstLoad) {
        app.preferBulkFirstLoad();
      }
    }
    return app;
  }

  /**
   * The app of a one-off import: a database that does not exist yet is bulk-loaded, unless
   * {@code CTO_BULK_LOAD=0} (then records go in as every other write does).
   */
  static LazyApp forImport(AppOptions options) {
    LazyApp lazy = new LazyApp(options);
    lazy.bulkFirstLoad = !"0".equals(System.getenv("CTO_BULK_LOAD"));
    return lazy;
  }

  private boolean bulkFirstLoad;

  /** Puts a bulk first load in place (nothing when none was made); before the import state is saved. */
  synchronized void finishFirstLoad() {
    if (app != null) {
      app.finishFirstLoad();
    }
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
