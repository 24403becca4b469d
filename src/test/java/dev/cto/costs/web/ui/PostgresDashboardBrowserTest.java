package dev.cto.costs.web.ui;

import java.nio.file.Path;

/**
 * {@link DashboardBrowserTest} against a server storing in PostgreSQL: the overview, the PR list
 * and detail, models, downloads, live update and deep links show the same figures as its API.
 */
class PostgresDashboardBrowserTest extends DashboardBrowserTest {

  @Override
  DashboardFixture newServer(Path dir) throws Exception {
    return DashboardFixture.onPostgres(dir);
  }

  @Override
  String shot(String name) {
    return "postgres-" + name;
  }
}
