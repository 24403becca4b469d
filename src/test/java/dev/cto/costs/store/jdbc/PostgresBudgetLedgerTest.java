package dev.cto.costs.store.jdbc;


import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresBudgetLedgerTest extends BudgetLedgerContract<JdbcStore> {

  @RegisterExtension static final PostgresDatabases postgres = new PostgresDatabases();

  @Override
  protected JdbcStore newEmptyStore() throws Exception {
    return postgres.openNewStore("budgets");
  }
}
