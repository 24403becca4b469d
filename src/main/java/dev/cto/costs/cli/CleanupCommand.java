package dev.cto.costs.cli;

import dev.cto.costs.app.CostsApp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "cleanup",
    mixinStandardHelpOptions = true,
    description = "Retention: delete usage records older than a given age.",
    footer = {
      "",
      "Examples:",
      "  cto-cli costs cleanup --older-than 90d",
      "  cto-cli costs cleanup --older-than 12w --dry-run"
    })
final class CleanupCommand implements Callable<Integer> {

  private static final Pattern AGE = Pattern.compile("(\\d+)([dwh])");

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;

  @Option(names = "--older-than", required = true, paramLabel = "AGE", description = "Age such as 90d, 12w or 48h.")
  String olderThan;

  @Option(names = "--dry-run", description = "Only count what would be deleted.")
  boolean dryRun;

  @Override
  public Integer call() {
    Instant cutoff = Clock.systemUTC().instant().minus(parseAge(olderThan));
    store.requireLocal("cleanup");
    try (CostsApp app = store.open()) {
      if (dryRun) {
        long n = app.queries().totals(dev.cto.costs.store.UsageFilter.period(null, cutoff)).records();
        spec.commandLine().getOut().println("would delete " + Output.count(n) + " records older than " + cutoff);
      } else {
        long n = app.existingStore().deleteOlderThan(cutoff);
        spec.commandLine().getOut().println("deleted " + Output.count(n) + " records older than " + cutoff);
      }
    }
    return 0;
  }

  static Duration parseAge(String value) {
    Matcher m = AGE.matcher(value.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw UserInputException.usage(
          "--older-than: '" + value + "' is not an age (use a positive number with d, w or h, e.g. 90d)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "d" -> Duration.ofDays(n);
      case "w" -> Duration.ofDays(7 * n);
      default -> Duration.ofHours(n);
    };
  }
}
