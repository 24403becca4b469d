package dev.cto.costs.cli;

import dev.cto.costs.capture.logs.LogImporter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "codex",
    mixinStandardHelpOptions = true,
    description = {
      "Import Codex rollout logs (sessions/**/rollout-*.jsonl): one record per turn's token_count event.",
      "Codex counts cached tokens inside input: they are stored as cache reads, the rest as input."
    },
    footer = {
      "",
      "Only what was appended since the last run is read; re-emitted events count once.",
      "Sessions no rule matches are charged to agent 'codex' with no PR.",
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
      "  cto-cli costs import codex                             ~/.codex (or CODEX_HOME)",
      "  cto-cli costs import codex /mnt/agent-2/.codex --pr 123 --agent blaze",
      "  cto-cli costs import codex --summary        then the spend by day and model",
      "  cto-cli costs import codex --dry-run",
      "  cto-cli costs import codex --watch --server http://collector:8080   keep tailing (Ctrl-C stops)"
    })
final class ImportCodexCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ImportOptions options;

  @Parameters(paramLabel = "DIR", arity = "0..1", description = "Codex home (default: CODEX_HOME, else ~/.codex).")
  Path dir;

  @Override
  public Integer call() {
    Path home = dir;
    if (home == null) {
      String env = System.getenv("CODEX_HOME");
      home = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".codex");
    }
    return LogImportRun.run(spec, options, LogImporter.codex(), List.of(home));
  }
}
