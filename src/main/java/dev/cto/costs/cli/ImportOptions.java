package dev.cto.costs.cli;

import dev.cto.costs.capture.logs.AttributionFields;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What both {@code import claude-code} and {@code import codex} take. */
final class ImportOptions {

  @Mixin StoreOptions store;

  @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "Repository to charge (overrides the attribution rules).")
  String repository;

  @Option(names = "--pr", paramLabel = "N", description = "Pull request to charge (overrides the rules).")
  Long pr;

  @Option(names = "--agent", description = "Agent to charge (overrides the rules; default: the CLI's name).")
  String agent;

  @Option(names = "--stage", description = "Stage (overrides the rules; default: unknown).")
  String stage;

  @Option(names = "--iteration", paramLabel = "N", description = "Iteration (overrides the rules; default: 1).")
  Integer iteration;

  @Option(
      names = "--settle",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "Claude Code: leave a file's last response for the next run while the file changed in the last"
          + " SECONDS (its content blocks may still be streaming in, with partial counts); 0: import all now."
          + " Default: ${DEFAULT-VALUE}.")
  long settleSeconds;

  @Option(
      names = "--max-line-mb",
      paramLabel = "MB",
      defaultValue = "64",
      description = "Longest log line read, in MiB; a longer line is skipped unread and counted as a bad line."
          + " Default: ${DEFAULT-VALUE}.")
  int maxLineMb;

  @Option(names = "--dry-run", description = "Read and count, store nothing, remember nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Print the summary as JSON (with --watch: one line per pass).")
  boolean json;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar and no summary; bad lines and errors still on stderr.")
  boolean quiet;

  @Option(
      names = "--summary",
      description = "Then print the spend summary of everything stored, as `costs summary --since` its first day"
          + " would (totals, by agent, model, stage and day, top PRs): on stdout, with the import's own lines on"
          + " stderr. With --json: the summary as JSON. One command where ccusage users expect one.")
  boolean summary;

  @Option(
      names = "--watch",
      description = "Keep importing until stopped (Ctrl-C, SIGTERM): new files, appended lines, rewritten files;"
          + " one line per pass that found something. With --server: a sidecar feeding the collector.")
  boolean watch;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      defaultValue = "2",
      description = "With --watch: seconds between passes (decimals allowed). Default: ${DEFAULT-VALUE}.")
  double intervalSeconds;

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description = "Where to remember what was read (default: next to the SQLite database, <db>.import-state.json;"
          + " ~/.cto/import-state.json with --db-url or --server).")
  Path state;

  java.time.Duration interval() {
    if (!(intervalSeconds > 0) || intervalSeconds > 86_400) {
      throw UserInputException.usage("--interval must be more than 0 and at most 86400 seconds, was " + intervalSeconds);
    }
    if (watch && dryRun) {
      throw UserInputException.usage("--watch and --dry-run cannot be combined: a dry run remembers nothing,"
          + " so every pass would count everything again");
    }
    if (summary && (watch || dryRun)) {
      throw UserInputException.usage("--summary cannot be combined with " + (watch ? "--watch: a watch does not end"
          : "--dry-run: a dry run stores nothing") + "; run `cto-cli costs summary` for what is stored");
    }
    return java.time.Duration.ofMillis(Math.max(1, Math.round(intervalSeconds * 1000)));
  }

  int maxLineBytes() {
    if (maxLineMb < 1 || maxLineMb > 2047) {
      throw UserInputException.usage("--max-line-mb must be 1 to 2047, was " + maxLineMb);
    }
    return maxLineMb << 20;
  }

  AttributionFields flags() {
    if (pr != null && pr < 1) {
      throw UserInputException.usage("--pr must be >= 1, was " + pr);
    }
    if (iteration != null && iteration < 1) {
      throw UserInputException.usage("--iteration must be >= 1, was " + iteration);
    }
    return new AttributionFields(repository, pr, agent, stage, iteration);
  }
}
