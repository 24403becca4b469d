package dev.cto.costs.cli;

import static dev.cto.costs.cli.CliRun.cliAsLaunched;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14, defect 5: compare, ingest, demo and import, in-process. */
class SmallDefectsTest {

  @TempDir Path dir;

  private String db() {
    return dir.resolve("costs.db").toString();
  }

  private void record(long pr) {
    CliRun r = cliAsLaunched("costs", "record", "--db", db(), "--pr", Long.toString(pr), "--repo", "o/r", "--agent", "rex",
        "--model", "claude-sonnet-4-5", "--input-tokens", "1000", "--output-tokens", "100", "--stage", "code");
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @Test
  void compareReportsTheFoundPrsAndNamesTheMissingOne() {
    record(120);
    record(122);

    CliRun table = cliAsLaunched("costs", "compare", "--db", db(), "--prs", "120,121,122", "--repo", "o/r");
    CliRun json = cliAsLaunched("costs", "compare", "--db", db(), "--prs", "120,121,122", "--repo", "o/r", "--format", "json");
    CliRun none = cliAsLaunched("costs", "compare", "--db", db(), "--prs", "7,8", "--repo", "o/r");

    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.err()).contains("no cost data for PR 121");
    assertThat(table.out()).contains("120").contains("122").contains("no cost data for PR #121");
    assertThat(json.out()).contains("\"missing_prs\" : [ 121 ]").contains("\"pr_number\" : 122");
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).contains("no cost data for any of PRs 7, 8");
  }

  @Test
  void ingestReportsEveryBadLineWithItsNumberAndStoresNothing() throws Exception {
    String good = "{\"id\":\"ok-1\",\"agent\":\"rex\",\"model\":\"claude-sonnet-4-5\",\"input_tokens\":1,\"output_tokens\":1,"
        + "\"stage\":\"code\",\"pr_number\":1,\"repository\":\"o/r\"}";
    Path file = Files.writeString(dir.resolve("usage.ndjson"), String.join("\n",
        "not json", good, "{\"id\":\"cut-off\",", good.replace("ok-1", "ok-2").replace("\"input_tokens\":1", "\"input_tokens\":-5"),
        good.replace("ok-1", "ok-3")) + "\n");

    CliRun r = cliAsLaunched("costs", "ingest", "--db", db(), file.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("line 1: malformed JSON").contains("line 3: malformed JSON").contains("line 4: input_tokens")
        .doesNotContain("line 2").doesNotContain("line 5");
    assertThat(r.err()).contains("3 invalid records").contains("nothing stored");
    assertThat(cliAsLaunched("costs", "show", "--db", db(), "--pr", "1", "--repo", "o/r").exit()).isEqualTo(1);
  }

  @Test
  void eachDemoRunHasItsOwnDatabaseAndItsHintsNameIt() {
    CliRun first = cliAsLaunched("costs", "demo", "--prs", "2");
    CliRun second = cliAsLaunched("costs", "demo", "--prs", "2");

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(second.exit()).as(second.err()).isZero();
    Path one = database(first.out());
    Path two = database(second.out());
    assertThat(one).isNotEqualTo(two).exists();
    assertThat(two).exists();
    assertThat(one.toString()).doesNotEndWith("/cto-costs-demo.db");
    assertThat(first.out()).contains("costs show --pr").contains("--db " + one);
  }

  @Test
  void theDemoNeverOverwritesACostConfigTheUserKeepsBesideTheFile() throws Exception {
    Path mine = Files.writeString(dir.resolve("cost-config.yaml"), "warning_threshold: 7\n");
    Path fresh = dir.resolve("fresh");
    Files.createDirectories(fresh);

    CliRun kept = cliAsLaunched("costs", "demo", "--prs", "2", "--db", dir.resolve("demo.db").toString());
    CliRun written = cliAsLaunched("costs", "demo", "--prs", "2", "--db", fresh.resolve("demo.db").toString());

    assertThat(kept.exit()).as(kept.err()).isZero();
    assertThat(Files.readString(mine)).isEqualTo("warning_threshold: 7\n");
    assertThat(kept.out()).contains("Kept the existing " + mine.toAbsolutePath());
    assertThat(written.exit()).as(written.err()).isZero();
    assertThat(Files.readString(fresh.resolve("cost-config.yaml"))).contains("warning_threshold: 2.50");
  }

  @Test
  void importWithAPrButNoRepositoryIsRefusedUnlessTheConfigHasADefault() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("codex"));

    CliRun refused = cliAsLaunched("costs", "import", "codex", logs.toString(), "--db", db(), "--pr", "5");
    Path config = Files.writeString(dir.resolve("cost-config.yaml"), "default_repository: acme/app\n");
    CliRun withDefault = cliAsLaunched("costs", "import", "codex", logs.toString(), "--db", db(), "--pr", "5", "--config", config.toString());

    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("--pr 5 needs --repo OWNER/NAME").contains("default_repository");
    assertThat(withDefault.exit()).as(withDefault.err()).isZero();
  }

  private static Path database(String demoOutput) {
    Matcher m = Pattern.compile("database (\\S+)\\)").matcher(demoOutput);
    assertThat(m.find()).as(demoOutput).isTrue();
    return Path.of(m.group(1));
  }
}
