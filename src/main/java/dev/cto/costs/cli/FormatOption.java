package dev.cto.costs.cli;

import dev.cto.costs.report.Format;
import picocli.CommandLine.Option;

/** {@code --format table|json|csv|markdown} for report commands, and {@code --json} for short (as in ccusage). */
final class FormatOption {

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: table).")
  Format format;

  @Option(names = "--json", description = "Short for --format json.")
  boolean json;

  Format format() {
    if (json && format != null && format != Format.JSON) {
      throw UserInputException.usage("--json and --format " + format + " contradict each other: give one");
    }
    return json ? Format.JSON : format == null ? Format.TABLE : format;
  }
}
