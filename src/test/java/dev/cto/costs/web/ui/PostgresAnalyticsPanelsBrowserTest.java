package dev.cto.costs.web.ui;

import java.nio.file.Path;

/** {@link AnalyticsPanelsBrowserTest} against a server storing in PostgreSQL: the same pages, the same figures as its API. */
class PostgresAnalyticsPanelsBrowserTest extends AnalyticsPanelsBrowserTest {

  @Override
  DashboardFixture newServer(Path dir) throws Exception {
    return DashboardFixture.onPostgres(dir);
  }

  @Override
  String shot(String name) {
    return "postgres-" + name;
  }
}
