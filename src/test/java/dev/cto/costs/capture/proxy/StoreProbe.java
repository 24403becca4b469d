package dev.cto.costs.capture.proxy;

import static org.awaitility.Awaitility.await;

import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the service's SQLite store from the side, through the same {@code CostQueries} the reports
 * use: the proxy writes its records shortly after each response, so tests wait for them, boundedly.
 */
final class StoreProbe implements AutoCloseable {

  static final Duration RECORD_TIMEOUT = Duration.ofSeconds(15);

  private final JdbcStore store;

  StoreProbe(Path sqliteFile) {
    store = JdbcStore.openSqlite(sqliteFile);
  }

  List<PricedUsage> records() {
    List<PricedUsage> all = new ArrayList<>();
    store.forEachRecord(UsageFilter.ALL, all::add);
    return all;
  }

  PricedUsage awaitRecord(String id) {
    return await("the record " + id + " in the store").atMost(RECORD_TIMEOUT).pollInterval(Duration.ofMillis(100))
        .until(() -> records().stream().filter(r -> r.id().equals(id)).findFirst().orElse(null), r -> r != null);
  }

  @Override
  public void close() {
    store.close();
  }
}
