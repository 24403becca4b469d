package dev.cto.costs.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.store.UsageFilter;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlitePrOutcomesTest extends PrOutcomesContract<JdbcStore> {

  @TempDir Path dir;

  @Override
  protected JdbcStore newEmptyStore() {
    return JdbcStore.openSqlite(dir.resolve("costs.db"));
  }

  @Override
  protected void refuseOutcomeInTheDatabase(long prNumber) throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("costs.db"))) {
      c.createStatement().execute("CREATE TRIGGER refuse_pr BEFORE INSERT ON pr_outcomes WHEN NEW.pr_number = "
          + prNumber + " BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END");
    }
  }

  /**
   * Efficiency asks, for every stored outcome, whether its PR has usage in the range: one seek in
   * the index each, never a read of the PR's rollup rows (at 10M records, 100 ms of the report).
   */
  @Test
  void whetherAPrHasUsageInARangeOfDaysIsOneIndexSeek() throws Exception {
    List<Object> params = new ArrayList<>();
    String sql = Outcomes.withUsageSql(
        UsageFilter.period(Instant.parse("2026-08-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z")), params);
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("costs.db"));
        var ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString("detail")).append('\n');
        }
      }
      assertThat(plan.toString())
          .contains("USING COVERING INDEX idx_daily_pr (repository=? AND pr_number=? AND usage_day>? AND usage_day<?)");
    }
  }
}
