package dev.cto.costs.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cto.costs.budget.Budget;
import dev.cto.costs.budget.BudgetBook;
import dev.cto.costs.budget.BudgetPeriod;
import dev.cto.costs.budget.BudgetSubject;
import dev.cto.costs.domain.Usd;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The teams and budgets sections: read into a budget book, every mistake named by its key, reloaded live. */
class BudgetConfigTest {

  @TempDir Path dir;

  private static final String VALID = """
      error_threshold: 20
      teams:
        platform: { repositories: ["5dlabs/cto", "5dlabs/agents"], agents: [] }
        research: { agents: ["cleo"] }
      budgets:
        - name: pr-cap
          scope: { pr: "*" }
          period: pr
          limit_usd: 25.00
          alert_at: [0.5, 0.8, 1.0]
          enforce: true
        - name: platform-monthly
          scope: { team: platform, model: "claude-*" }
          period: month
          limit_usd: 1000
        - name: everything-daily
          scope: {}
          period: day
          limit_usd: 50
      budgets_fail_open: false
      enforce_error_threshold: true
      """;

  private static BudgetBook book(String yaml) {
    CostConfig config = CostConfigLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "costs.yaml");
    CostConfigLoader.toSettings(config, "costs.yaml");
    return BudgetBooks.of(config);
  }

  private static String refused(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> book(yaml));
    assertThat(e).as("should be refused:%n%s", yaml).isNotNull();
    return e.getMessage();
  }

  @Test
  void aValidConfigBecomesTheBookItDescribes() {
    BudgetBook book = book(VALID);

    assertThat(book.teams()).containsOnlyKeys("platform", "research");
    assertThat(book.teams().get("platform").repositories()).isEqualTo(Set.of("5dlabs/cto", "5dlabs/agents"));
    assertThat(book.failOpen()).isFalse();
    assertThat(book.enforceErrorThreshold()).isTrue();
    Budget cap = book.budgets().get(0);
    assertThat(cap.name()).isEqualTo("pr-cap");
    assertThat(cap.scope().eachPr()).isTrue();
    assertThat(cap.period()).isEqualTo(BudgetPeriod.PR);
    assertThat(cap.limit()).isEqualTo(Usd.of("25"));
    assertThat(cap.alertAt()).containsExactly(new BigDecimal("0.5"), new BigDecimal("0.8"), new BigDecimal("1.0"));
    assertThat(cap.enforce()).isTrue();
    Budget platform = book.budgets().get(1);
    assertThat(platform.enforce()).isFalse();
    assertThat(platform.scope().asConfig()).containsExactly(
        java.util.Map.entry("team", "platform"), java.util.Map.entry("model", "claude-*"));
    assertThat(platform.scope().matches(new BudgetSubject("5dlabs/agents", 3L, "rex", "Claude-Opus-4-5"))).isTrue();
    assertThat(platform.scope().matches(new BudgetSubject("5dlabs/agents", 3L, "rex", "gpt-5"))).isFalse();
    assertThat(platform.scope().matches(new BudgetSubject("other/repo", 3L, "rex", "claude-opus-4-5"))).isFalse();
    assertThat(cap.scope().matches(new BudgetSubject("5dlabs/cto", null, "rex", "m"))).isFalse();
    assertThat(book.budgets().get(2).scope().asConfig()).isEmpty();
  }

  @Test
  void noBudgetsSectionIsAnEmptyBookThatFailsOpen() {
    BudgetBook book = book("warning_threshold: 5\n");

    assertThat(book.budgets()).isEmpty();
    assertThat(book.teams()).isEmpty();
    assertThat(book.failOpen()).isTrue();
    assertThat(book.enforceErrorThreshold()).isFalse();
  }

  @Test
  void everyMistakeIsNamedByItsKeyInOneRun() {
    String message = refused("""
        teams:
          platform: { repositories: ["not a repo"] }
        budgets:
          - name: a
            scope: { team: platfrom }
            period: month
            limit_usd: -1
          - name: a
            scope: { pr: "42" }
            period: fortnight
            limit_usd: 0
            alert_at: [0.8, 0.5]
          - name: c
            scope: { repository: "5dlabs/cto" }
            period: pr
            limit_usd: 5
            alert_at: [0.5, 1.5]
          - name: d
            period: day
            limit_usd: 5
          - name: e
            scope: {}
            period: day
            limit_usd: 5
          - name: e
            scope: {}
            period: week
            limit_usd: 5
        """);

    assertThat(message)
        .contains("teams.platform.repositories[0]: must look like owner/name, was \"not a repo\"")
        .contains("budgets[0].scope.team: no team \"platfrom\" in teams (did you mean 'platform'?)")
        .contains("budgets[0].limit_usd: must be more than 0, was -1")
        .contains("budgets[1].scope.pr: only \"*\"")
        .contains("budgets[1].period: must be pr, day, week or month, was \"fortnight\"")
        .contains("budgets[1].limit_usd: must be more than 0, was 0")
        .contains("budgets[1].alert_at: must be ascending")
        .contains("budgets[2].period: pr (a PR's whole life) needs the scope {pr: \"*\"}")
        .contains("budgets[2].alert_at[1]: a fraction of the limit, more than 0 and at most 1, was 1.5")
        .contains("budgets[3].scope: missing (give {} to cover everything)")
        .contains("budgets[5].name: \"e\" is already the name of an earlier budget");
  }

  @Test
  void anUnknownKeyInABudgetOrTeamGetsTheClosestValidKey() {
    assertThat(refused("""
        budgets:
          - name: a
            scope: { repositry: "5dlabs/cto", repo: x }
            period: day
            limit_usdd: 5
        teams:
          platform: { repository: ["5dlabs/cto"] }
        """))
        .contains("unknown key 'budgets[0].scope.repositry' (did you mean 'budgets[0].scope.repository'?)")
        .contains("unknown key 'budgets[0].scope.repo' (valid keys: agent, model, pr, repository, team; see docs/config.md)")
        .contains("unknown key 'budgets[0].limit_usdd' (did you mean 'budgets[0].limit_usd'?)")
        .contains("unknown key 'teams.platform.repository' (did you mean 'teams.platform.repositories'?)");
    assertThat(refused("budget: []\n")).contains("unknown key 'budget' (did you mean 'budgets'?)");
  }

  @Test
  void aScopedTeamNeedsATeamsSectionAndEnforcingTheErrorThresholdNeedsOne() {
    assertThat(refused("budgets: [{name: a, scope: {team: x}, period: day, limit_usd: 1}]\n"))
        .contains("budgets[0].scope.team: no team \"x\" in teams (the config has no teams section)");
    assertThat(refused("enforce_error_threshold: true\n"))
        .contains("enforce_error_threshold: true needs an error_threshold to enforce");
  }

  @Test
  void aRaisedLimitIsInForceAfterAReloadAndABrokenOneKeepsThePrevious() throws Exception {
    Path file = dir.resolve("costs.yaml");
    Files.writeString(file, "budgets: [{name: daily, scope: {}, period: day, limit_usd: 10}]\n");
    try (ConfigReloader reloader = new ConfigReloader(file, Duration.ofHours(1))) {
      assertThat(BudgetBooks.of(reloader.config()).budgets().get(0).limit()).isEqualTo(Usd.of("10"));

      Files.writeString(file, "budgets: [{name: daily, scope: {}, period: day, limit_usd: 20}]\n");
      reloader.poll();
      assertThat(BudgetBooks.of(reloader.config()).budgets().get(0).limit()).isEqualTo(Usd.of("20"));

      Files.writeString(file, "budgets: [{name: daily, scope: {}, period: day, limit_usd: -5}]\n");
      reloader.poll();
      assertThat(BudgetBooks.of(reloader.config()).budgets().get(0).limit()).isEqualTo(Usd.of("20"));
      assertThat(reloader.lastError()).contains("budgets[0].limit_usd: must be more than 0, was -5");
    }
  }

  @Test
  void teamsKeepTheirConfigOrderForTheChargeback() {
    BudgetBook book = book("""
        teams:
          zeta: { repositories: ["5dlabs/cto"] }
          alpha: { agents: ["rex"] }
        """);

    assertThat(List.copyOf(book.teams().keySet())).containsExactly("zeta", "alpha");
    assertThat(book.teamOf("5dlabs/cto", "rex").name()).isEqualTo("zeta");
    assertThat(book.teamOf("other/repo", "rex").name()).isEqualTo("alpha");
    assertThat(book.teamOf("other/repo", "cleo")).isNull();
  }
}
