package dev.cto.costs.store.jdbc;


import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresAlertOutboxTest extends AlertOutboxContract<JdbcStore> {

  @RegisterExtension static final PostgresDatabases postgres = new PostgresDatabases();

  @Override
  protected JdbcStore anotherStoreOnTheSameDatabase() {
    return JdbcStore.open(store.location());
  }

  @Override
  protected JdbcStore newEmptyStore() throws Exception {
    return postgres.openNewStore("outbox");
  }
}
