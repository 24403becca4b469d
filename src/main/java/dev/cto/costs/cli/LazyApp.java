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
  /** Set by {@link #close()}: a background open that starts after it must not open a store nobody will close. */
  private boolean closed;

  LazyApp(AppOptions options) {
    this.options = options;
  }

  synchronized CostsApp get() {
    if (closed) {
      throw new IllegalStateException("the import's store is already closed");
    }
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

  /**
   * Opens the app, store and collector on a background thread now, instead of on the first
   * record: for a first import, which will write, creating the schema then overlaps reading the
   * logs instead of holding up the first batch. A failure here is left for the first record to
   * meet again, and report.
   */
  Thread openInBackground() {
    Thread opener = new Thread(() -> {
      try {
        get().collector();
      } catch (RuntimeException e) {
        // get() on the first record tries again and fails with the same, reported error; or the
        // import ended (nothing to read, or refused) before this thread ran, and close() won
      }
    }, "store-open");
    opener.setDaemon(true);
    opener.start();
    return opener;
  }

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
    closed = true;
    if (app != null) {
      app.close();
    }
  }
}
