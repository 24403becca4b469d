package dev.cto.costs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cto-cli costs import}: back-fill and follow usage from the logs coding CLIs write. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Import usage from the session logs of Claude Code or Codex (incremental; safe to re-run).",
    subcommands = {ImportClaudeCodeCommand.class, ImportCodexCommand.class, CommandLine.HelpCommand.class})
final class ImportCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
