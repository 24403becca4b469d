package dev.cto.costs.cli;

import dev.cto.costs.capture.logs.LogImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "claude-code",
    mixinStandardHelpOptions = true,
    description = {
      "Import Claude Code session logs (projects/**/*.jsonl, subagent sidechains included).",
      "One record per API response: the copies Claude Code writes per content block, partial",
      "streaming counts and sidechain replays count once (by message.id + requestId, largest total)."
    },
    footer = {
      "",
      "Only what was appended since the last run is read. Bad lines are skipped and listed.",
      "Sessions no rule matches are charged to agent 'claude-code' with no PR.",
      "A logs folder that is a link is followed; links inside it are not.",
      "Lines longer than --max-line-mb are skipped unread and counted as bad lines.",
      "",
      "Exit codes:",
      "  0  imported; files or folders that could not be read are listed on stderr,",
      "     left out, and tried again on the next run (or the next --watch pass)",
      "  1  an error: the store, the state file, a missing logs folder",
      "  2  bad usage",
      "  3  logs were found but none could be read (e.g. permissions)",
      "",
      "Examples:",
      "  cto-cli costs import claude-code                       ~/.claude (or CLAUDE_CONFIG_DIR)",
      "  cto-cli costs import claude-code /mnt/agent-1/.claude --pr 123 --agent rex --stage code",
      "  cto-cli costs import claude-code --summary  then the spend by day and model",
      "  cto-cli costs import claude-code --dry-run --json",
      "  cto-cli costs import claude-code --server http://collector:8080",
      "  cto-cli costs import codex --watch --server http://collector:8080   keep tailing (Ctrl-C stops)"
    })
final class ImportClaudeCodeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ImportOptions options;

  @Parameters(
      paramLabel = "DIR",
      arity = "0..*",
      description = "Claude config folders (default: CLAUDE_CONFIG_DIR, comma-separated, else ~/.claude and ~/.config/claude).")
  List<Path> dirs;

  @Override
  public Integer call() {
    return LogImportRun.run(spec, options, LogImporter.claudeCode(), dirs != null && !dirs.isEmpty() ? dirs : defaults());
  }

  private static List<Path> defaults() {
    String env = System.getenv("CLAUDE_CONFIG_DIR");
    List<Path> out = new ArrayList<>();
    if (env != null && !env.isBlank()) {
      for (String dir : env.split(",")) {
        out.add(Path.of(dir.trim()));
      }
      return out;
    }
    Path home = Path.of(System.getProperty("user.home"));
    for (Path dir : List.of(home.resolve(".claude"), home.resolve(".config/claude"))) {
      if (Files.isDirectory(dir)) {
        out.add(dir);
      }
    }
    return out;
  }
}
