package dev.cto.costs.cli;

import static dev.cto.costs.cli.CliRun.cliAsLaunched;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What users of ccusage expect (issue 14, build item 5): --json, summary --until/--days, prs list, completion. */
class CliConveniencesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private String db;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @BeforeEach
  void record() {
    db = dir.resolve("costs.db").toString();
    // PR 1: expensive, 10 days ago; PR 2: cheap, 1 day ago, by cleo; PR 3 in another repository
    record("o/r", 1, "rex", 1_000_000, now.minus(10, ChronoUnit.DAYS));
    record("o/r", 2, "cleo", 1_000, now.minus(1, ChronoUnit.DAYS));
    record("o/other", 3, "rex", 10_000, now.minus(2, ChronoUnit.DAYS));
  }

  private void record(String repo, long pr, String agent, long input, Instant at) {
    CliRun r = cliAsLaunched("costs", "record", "--db", db, "--pr", Long.toString(pr), "--repo", repo, "--agent", agent,
        "--model", "claude-sonnet-4-5", "--input-tokens", Long.toString(input), "--output-tokens", "10", "--stage", "code",
        "--timestamp", at.toString());
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @Test
  void jsonIsShortForFormatJsonOnEveryReportCommand() throws Exception {
    for (List<String> command : List.of(List.of("show", "--pr", "1", "--repo", "o/r"), List.of("agent", "--name", "rex"),
        List.of("compare", "--prs", "1,2", "--repo", "o/r"), List.of("summary", "--days", "30"), List.of("prs", "list"))) {
      List<String> args = new ArrayList<>(List.of("costs"));
      args.addAll(command);
      args.addAll(List.of("--db", db, "--json"));
      CliRun r = cliAsLaunched(args.toArray(String[]::new));
      assertThat(r.exit()).as(command + ": " + r.err()).isZero();
      assertThat(JSON.readTree(r.out()).isObject()).as(command.toString()).isTrue();
    }
    CliRun both = cliAsLaunched("costs", "show", "--pr", "1", "--repo", "o/r", "--db", db, "--json", "--format", "csv");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("--json and --format csv");
  }

  @Test
  void summaryTakesUntilAndDays() throws Exception {
    JsonNode lastWeek = JSON.readTree(cliAsLaunched("costs", "summary", "--db", db, "--days", "7", "--json").out());
    JsonNode window = JSON.readTree(cliAsLaunched("costs", "summary", "--db", db, "--since", now.minus(11, ChronoUnit.DAYS).toString(),
        "--until", now.minus(5, ChronoUnit.DAYS).toString(), "--json").out());
    CliRun monthUntil = cliAsLaunched("costs", "summary", "--db", db, "--month", "current", "--until", "2026-01-01");

    assertThat(lastWeek.get("prs").asLong()).isEqualTo(2);
    assertThat(window.get("prs").asLong()).isEqualTo(1);
    assertThat(window.get("top_prs").get(0).get("pr_number").asLong()).isEqualTo(1);
    assertThat(monthUntil.exit()).isEqualTo(2);
  }

  @Test
  void prsListFiltersSortsAndLimits() throws Exception {
    JsonNode byCost = JSON.readTree(cliAsLaunched("costs", "prs", "list", "--db", db, "--json").out());
    JsonNode byDate = JSON.readTree(cliAsLaunched("costs", "prs", "list", "--db", db, "--sort", "date", "--limit", "2", "--json").out());
    JsonNode repo = JSON.readTree(cliAsLaunched("costs", "prs", "list", "--db", db, "--repo", "o/r", "--agent", "cleo", "--json").out());
    JsonNode recent = JSON.readTree(cliAsLaunched("costs", "prs", "list", "--db", db, "--days", "5", "--json").out());

    assertThat(numbers(byCost)).containsExactly(1L, 3L, 2L);
    assertThat(byCost.get("total").asLong()).isEqualTo(3);
    assertThat(numbers(byDate)).containsExactly(2L, 3L);
    assertThat(byDate.get("total").asLong()).isEqualTo(3);
    assertThat(numbers(repo)).containsExactly(2L);
    assertThat(numbers(recent)).containsExactly(3L, 2L);

    CliRun table = cliAsLaunched("costs", "prs", "list", "--db", db);
    CliRun csv = cliAsLaunched("costs", "prs", "list", "--db", db, "--format", "csv");
    CliRun markdown = cliAsLaunched("costs", "prs", "list", "--db", db, "--format", "markdown");
    assertThat(table.out()).contains("Pull requests by cost").contains("o/other");
    assertThat(csv.out()).startsWith("section,repository,pr,iterations,calls,input,output,last_activity,cost,budget");
    assertThat(markdown.out()).contains("| Repository | PR |");
    CliRun none = cliAsLaunched("costs", "prs", "list", "--db", db, "--agent", "nobody");
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).contains("no PRs with cost data match");
  }

  @Test
  void completionScriptsKnowEveryCommand() {
    CliRun bash = cliAsLaunched("costs", "completion", "bash");
    CliRun zsh = cliAsLaunched("costs", "completion", "zsh");
    CliRun other = cliAsLaunched("costs", "completion", "fish");

    assertThat(bash.exit()).as(bash.err()).isZero();
    assertThat(bash.out()).contains("complete -F _complete_cto-cli").contains("prs").contains("list").contains("completion")
        .contains("--json");
    assertThat(zsh.out()).contains("bashcompinit");
    assertThat(other.exit()).isEqualTo(2);
  }

  private static List<Long> numbers(JsonNode listing) {
    List<Long> out = new ArrayList<>();
    listing.get("prs").forEach(p -> out.add(p.get("pr_number").asLong()));
    return out;
  }
}
