package dev.cto.costs.analytics;

import dev.cto.costs.store.jdbc.JdbcStore;
import dev.cto.costs.store.jdbc.PostgresDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresTrendsOracleTest extends TrendsOracleContract<JdbcStore> {

  @RegisterExtension static final PostgresDatabases postgres = new PostgresDatabases();

  /** A fresh database per test, migrated by the store itself as in production. */
  @Override
  protected JdbcStore newEmptyStore() throws Exception {
    return postgres.openNewStore("trends");
  }
}
