package dev.cto.costs.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cto-cli costs import}: back-fill and follow usage from the logs coding CLIs write. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Import usage from the session logs of Claude Code or Codex (incremental; safe to re-run).")
final class ImportCommand implements Runnable {

  /** The subcommands ({@code help} is added last), registered by {@link Main} as {@link CostsCommand#SUBCOMMANDS}. */
  static final List<Class<?>> SUBCOMMANDS = List.of(ImportClaudeCodeCommand.class, ImportCodexCommand.class);

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
