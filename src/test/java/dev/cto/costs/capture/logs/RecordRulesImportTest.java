package dev.cto.costs.capture.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.UsageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A line whose record the rules refuse (a repository or agent an attribution rule made out of a
 * branch or folder name, a model with an ESC) is a bad line, counted and listed with the field;
 * the file's other lines are imported. Before, such records were stored as-is (SQLite) or failed
 * the import's whole batch (PostgreSQL).
 */
class RecordRulesImportTest {

  @TempDir Path home;

  private static String line(String id, String branch, String folder, String model) {
    return ClaudeLines.assistant(id, 10)
        .replace("\"gitBranch\":\"task-42\"", "\"gitBranch\":\"" + branch + "\"")
        .replace("\"cwd\":\"/home/dev/code/service-01\"", "\"cwd\":\"/home/dev/code/" + folder + "\"")
        .replace("claude-sonnet-4-5-20250929", model);
  }

  @Test
  void aLineTheRecordRulesRefuseIsCountedBadAndTheOthersImported() throws Exception {
    Path log = home.resolve("projects/-home-dev-code-rex/s-1.jsonl");
    Files.createDirectories(log.getParent());
    Files.writeString(log, line("msg_ok", "5dlabs/cto", "rex", "claude-sonnet-4-5")
        + line("msg_repo", "not-a-repo", "rex", "claude-sonnet-4-5")
        + line("msg_agent", "5dlabs/cto", "a".repeat(101), "claude-sonnet-4-5")
        + line("msg_esc", "5dlabs/cto", "rex", "claude\\u001b[2J")
        + line("msg_ok_2", "5dlabs/cto", "tess", "claude-sonnet-4-5"));
    // the branch is the repository and the folder the agent: what a team's rule might say
    AttributionRule rule = new AttributionRule(
        Map.of("gitBranch", Pattern.compile("^(?<repo>.*)$"), "cwd", Pattern.compile("/code/(?<agent>.*)$")),
        Map.of("repository", "${repo}", "agent", "${agent}"));
    Recorded sink = new Recorded(null);

    ImportSummary summary = LogImporter.claudeCode().run(List.of(home.resolve("projects")), ImportState.inMemory(),
        new Attributor(AttributionFields.NONE, List.of(rule)), sink);

    assertThat(sink.records).extracting(UsageRecord::id).containsExactlyInAnyOrder("msg_ok", "msg_ok_2");
    assertThat(sink.records).extracting(r -> r.attribution().agent()).containsExactlyInAnyOrder("rex", "tess");
    assertThat(summary.skipped()).isEqualTo(3);
    assertThat(summary.firstSkipped()).hasSize(3);
    assertThat(summary.firstSkipped().get(0)).endsWith(":2: repository: must look like owner/name, was \"not-a-repo\"");
    assertThat(summary.firstSkipped().get(1)).endsWith(":3: agent: must be at most 100 characters, was 101");
    assertThat(summary.firstSkipped().get(2)).endsWith(":4: model: must not contain control characters, found U+001B at character 7");
  }
}
