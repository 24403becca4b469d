package dev.cto.costs.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chargeback against a plain per-record oracle: exact, nothing dropped, overlaps charged to the first team. */
class ChargebackOracleTest {

  private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant UNTIL = Instant.parse("2026-12-01T00:00:00Z");
  private static final String[] REPOS = {"5dlabs/cto", "5dlabs/agents", "other/repo", ""};
  private static final String[] AGENTS = {"rex", "blaze", "cleo", "tess"};

  @TempDir Path dir;

  @Test
  void everyRecordIsChargedOnceAndTheRowsSumToTheMonthExactly() {
    Map<String, Team> teams = new LinkedHashMap<>();
    teams.put("platform", new Team("platform", Set.of("5dlabs/cto", "5dlabs/agents"), Set.of()));
    teams.put("research", new Team("research", Set.of("5dlabs/agents"), Set.of("cleo"))); // overlaps platform
    BudgetBook book = new BudgetBook(teams, List.of(), true, false);
    Random random = new Random(17);
    List<PricedUsage> records = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      String repo = REPOS[random.nextInt(REPOS.length)];
      String agent = AGENTS[random.nextInt(AGENTS.length)];
      // some just outside the month, which must not count
      Instant at = FROM.plusSeconds(random.nextInt(32 * 86_400) - 86_400);
      long nanos = random.nextInt(1_000_000_000) + (long) random.nextInt(3) * 7_000_000_001L;
      UsageRecord r = new UsageRecord("r" + i, new Attribution(repo.isEmpty() ? null : repo, (long) (i % 9 + 1), agent,
          "code", 1, null), "claude", "m", "anthropic", new TokenCounts(1, 1, 0, 0, 0), null, null, at, "test");
      records.add(new PricedUsage(r, "anthropic", Usd.ofNanos(nanos), true));
    }
    Map<String, Long> team = new LinkedHashMap<>();
    Map<String, Long> repository = new LinkedHashMap<>();
    Map<String, Long> agent = new LinkedHashMap<>();
    long total = 0;
    for (PricedUsage p : records) {
      Instant at = p.record().timestamp();
      if (at.isBefore(FROM) || !at.isBefore(UNTIL)) {
        continue;
      }
      String repo = p.record().attribution().repository();
      String a = p.record().attribution().agent();
      String t = "unallocated";
      if (repo != null && repo.startsWith("5dlabs/")) {
        t = "platform";
      } else if (a.equals("cleo")) {
        t = "research";
      }
      team.merge(t, p.cost().nanos(), Long::sum);
      repository.merge(repo == null ? "unallocated" : repo, p.cost().nanos(), Long::sum);
      agent.merge(a, p.cost().nanos(), Long::sum);
      total += p.cost().nanos();
    }

    try (JdbcStore store = JdbcStore.openSqlite(dir.resolve("costs.db"))) {
      store.insert(records);
      Chargeback chargeback = new Chargeback(store, () -> book);
      for (var expected : List.of(Map.entry(Chargeback.By.TEAM, team), Map.entry(Chargeback.By.REPOSITORY, repository),
          Map.entry(Chargeback.By.AGENT, agent))) {
        Allocation a = chargeback.allocate(FROM, UNTIL, expected.getKey());
        Map<String, BigDecimal> got = new LinkedHashMap<>();
        a.rows().forEach(r -> got.put(r.name(), r.costUsd()));
        Map<String, BigDecimal> want = new LinkedHashMap<>();
        expected.getValue().forEach((k, v) -> want.put(k, new BigDecimal(Usd.ofNanos(v).toPlainString())));
        assertThat(got).as("by %s", expected.getKey()).isEqualTo(want);
        assertThat(a.totalCostUsd()).isEqualByComparingTo(Usd.ofNanos(total).toBigDecimal());
        assertThat(a.rows().stream().map(Allocation.Row::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add))
            .isEqualByComparingTo(a.totalCostUsd());
        assertThat(a.month()).isEqualTo("2026-11");
      }
      Allocation byTeam = chargeback.allocate(FROM, UNTIL, Chargeback.By.TEAM);
      assertThat(byTeam.rows().get(byTeam.rows().size() - 1).name()).isEqualTo("unallocated");
      assertThat(byTeam.rows().get(0).costUsd()).isGreaterThanOrEqualTo(byTeam.rows().get(1).costUsd());
    }
  }

  @Test
  void anUnknownDimensionNamesTheParameter() {
    assertThatThrownBy(() -> Chargeback.By.parse("stage"))
        .hasMessage("by: must be team, repository or agent, was 'stage'");
  }
}
