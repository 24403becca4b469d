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
      "",
      "Examples:",
      "  cto-cli costs import codex                             ~/.codex (or CODEX_HOME)",
      "  cto-cli costs import codex /mnt/agent-2/.codex --pr 123 --agent blaze",
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
