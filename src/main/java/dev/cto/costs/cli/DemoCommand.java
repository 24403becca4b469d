package dev.cto.costs.cli;

import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.app.CostsApp;
import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.report.Format;
import dev.cto.costs.report.PrReport;
import dev.cto.costs.store.Dimension;
import dev.cto.costs.store.GroupTotals;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.web.ServerOptions;
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
    description = {
      "Load a realistic month of agent usage into a fresh SQLite database and print reports;",
      "with --serve, then serve the dashboard and the API on 127.0.0.1 until Ctrl-C."
    },
    footer = {
      "",
      "The data goes through the real collector (validation, pricing, group commit) into its own",
      "database file, never into ~/.cto/costs.db. Beside it, a demo cost config (cost-config.yaml):",
      "thresholds warning $2.50 and error $3.50 per PR, a $60 monthly budget over everything and a",
      "$3.50 cap per PR, so the dashboard's forecast and budgets have something to compare with.",
      "A cost-config.yaml of your own already in that directory is kept, never overwritten.",
      "",
      "Examples:",
      "  cto-cli costs demo --serve                    then open http://127.0.0.1:8080/",
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

  @Option(names = "--serve", arity = "0..1", fallbackValue = "8080", paramLabel = "PORT",
      description = "Then serve the dashboard and API on 127.0.0.1:PORT (default 8080; a busy 8080 falls back to a free port; 0: any free port).")
  Integer servePort;

  /** The demo's cost config: the demo thresholds, and budgets for the dashboard to compare with. */
  static final String DEMO_CONFIG = """
      # written by `cto-cli costs demo`: the demo's thresholds and budgets (docs/config.md)
      extends_default_pricing: true
      warning_threshold: 2.50
      error_threshold: 3.50
      budgets:
        - {name: demo-month, scope: {}, period: month, limit_usd: 60, alert_at: [0.5, 0.8, 1.0]}
        - {name: demo-pr-cap, scope: {pr: "*"}, period: pr, limit_usd: 3.50, alert_at: [1.0]}
      """;

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
    Path config = file.toAbsolutePath().resolveSibling("cost-config.yaml");
    // a cost config the user already keeps beside the file is theirs: the demo never overwrites it
    if (Files.exists(config) && !Files.readString(config).equals(DEMO_CONFIG)) {
      out.println("Kept the existing " + config + " (the demo writes its own only where none exists).");
    } else {
      Files.writeString(config, DEMO_CONFIG);
    }
    if (servePort == null) {
      out.println("  bin/cto-cli costs serve" + " --db " + file + " --config " + config + "   # the dashboard");
      return 0;
    }
    return serve(out, file, config);
  }

  /** Serves the demo's file with its config on loopback, in the foreground, like {@code costs serve}. */
  private int serve(PrintWriter out, Path file, Path config) throws InterruptedException {
    if (servePort < 0 || servePort > 65_535) {
      throw UserInputException.usage("--serve: the port must be between 0 and 65535, was " + servePort);
    }
    AppOptions app = new AppOptions(file, null, config);
    CollectorService service;
    try {
      service = CollectorService.start(app, ServerOptions.loopback(servePort));
    } catch (RuntimeException busy) {
      if (servePort != 8080 || !isAddressInUse(busy)) {
        throw busy;
      }
      out.println("Port 8080 is busy: serving on a free port instead (choose one with --serve PORT).");
      service = CollectorService.start(app, ServerOptions.loopback(0));
    }
    Foreground foreground = Foreground.closeOnExit(service);
    out.println();
    out.println("Dashboard: http://127.0.0.1:" + service.port() + "/   (API and MCP on the same port; Ctrl-C to stop)");
    out.flush();
    foreground.awaitTermination();
    return 0;
  }

  private static boolean isAddressInUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }
}
