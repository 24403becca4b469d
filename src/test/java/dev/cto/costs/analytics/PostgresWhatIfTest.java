package dev.cto.costs.analytics;

import dev.cto.costs.store.jdbc.JdbcStore;
import dev.cto.costs.store.jdbc.PostgresDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresWhatIfTest extends WhatIfOracleContract<JdbcStore> {

  @RegisterExtension static final PostgresDatabases postgres = new PostgresDatabases();

  @Override
  protected JdbcStore newEmptyStore() throws Exception {
    return postgres.openNewStore("whatif");
  }
}
