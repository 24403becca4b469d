package dev.cto.costs.cli;

import dev.cto.costs.report.Format;
import picocli.CommandLine.Option;

/** {@code --format table|json|csv|markdown} for report commands. */
final class FormatOption {

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format = Format.TABLE;
}
