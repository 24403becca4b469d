package dev.cto.costs.web.ui;

import java.nio.file.Path;

/** {@link BudgetsAlertsBrowserTest} against a server storing in PostgreSQL: the same pages, the same figures as its API. */
class PostgresBudgetsAlertsBrowserTest extends BudgetsAlertsBrowserTest {

  @Override
  DashboardFixture newServer(Path dir, String config) throws Exception {
    return DashboardFixture.onPostgres(dir, config);
  }

  @Override
  String shot(String name) {
    return "postgres-" + name;
  }
}
