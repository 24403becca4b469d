package dev.cto.costs.cli;

import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CostsApp;
import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.report.Format;
import dev.cto.costs.report.PrReport;
import dev.cto.costs.store.Dimension;
import dev.cto.costs.store.GroupTotals;
import dev.cto.costs.store.UsageFilter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Load a realistic month of agent usage into a fresh SQLite database and print reports.",
    footer = {
      "",
      "The data goes through the real collector (validation, pricing, group commit) into its own",
      "database file, never into ~/.cto/costs.db. Demo thresholds: warning $2.50, error $3.50 per PR.",
      "",
      "Examples:",
      "  cto-cli costs demo",
      "  cto-cli costs demo --db /tmp/demo.db --prs 40"
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--db", paramLabel = "PATH", description = "Demo database file, replaced (default: a new <tmp>/cto-costs-demo-*/demo.db per run).")
  Path db;

  @Option(names = "--prs", paramLabel = "N", defaultValue = "16", description = "How many PRs to simulate (default ${DEFAULT-VALUE}).")
  int prs;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (prs < 1 || prs > 10_000) {
      throw UserInputException.usage("--prs must be between 1 and 10000, was " + prs);
    }
    // a fresh directory of its own (mode 0700) per run: a fixed name in the shared temp directory
    // was another user's run's file to overwrite, or theirs to overwrite ours
    Path file = db != null ? db : Files.createTempDirectory("cto-costs-demo-").resolve("demo.db");
    for (String suffix : List.of("", "-wal", "-shm")) {
      Files.deleteIfExists(Path.of(file + suffix));
    }
    PrintWriter out = spec.commandLine().getOut();
    Instant now = Clock.systemUTC().instant();
    byte[] ndjson = DemoData.ndjson(now, prs, seed);
    Thresholds demoThresholds = new Thresholds(Usd.of("2.50"), Usd.of("3.50"));
    try (CostsApp app = CostsApp.open(new AppOptions(file, null, null), demoThresholds)) {
      long started = System.nanoTime();
      Ingest.run(spec, app, ndjson, "demo", false, false);
      app.flushAlerts();
      out.printf("  (%d ms, database %s)%n%n", (System.nanoTime() - started) / 1_000_000, file);

      List<GroupTotals> top = app.queries().aggregate(UsageFilter.ALL, List.of(Dimension.REPOSITORY, Dimension.PR), 1);
      GroupTotals all = app.queries().totals(UsageFilter.ALL);
      Instant firstDay = all.firstAt().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
      Output.render(spec, app.reports().summary(firstDay, null), Format.TABLE);
      out.println();
      GroupTotals first = top.get(0);
      PrReport report = app.reports().prReport(first.string(0), first.pr(1), true);
      Output.render(spec, report, Format.TABLE);
      out.println();
      out.println("Explore the same data:");
      String dbArg = " --db " + file;
      out.println("  bin/cto-cli costs show --pr " + first.pr(1) + " --repo " + first.string(0) + dbArg + " --format markdown");
      out.println("  bin/cto-cli costs agent --name rex --days 30" + dbArg);
      out.println("  bin/cto-cli costs compare --prs 100,101,102 --repo 5dlabs/cto" + dbArg);
      out.println("  bin/cto-cli costs pricing check" + dbArg);
    }
    return 0;
  }
}
