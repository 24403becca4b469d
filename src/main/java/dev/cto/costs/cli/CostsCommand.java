package dev.cto.costs.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cto-cli costs}: the cost reporting commands. */
@Command(
    name = "costs",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Record, price and report the token usage of AI agents per PR, agent, stage and iteration.",
      "",
      "Data lives in SQLite (~/.cto/costs.db, or --db / COST_DB_PATH) or PostgreSQL",
      "(--db-url / COST_DB_URL). Prices come from the built-in catalog or --config / COST_CONFIG_PATH."
    },
    footer = {
      "",
      "Examples:",
      "  cto-cli costs demo                                  load a sample and print a report",
      "  cto-cli costs record --pr 123 --agent rex --model claude-sonnet-4-5 \\",
      "        --input-tokens 10000 --output-tokens 5000 --stage code",
      "  cto-cli costs ingest usage.ndjson                   NDJSON or JSON array; all or nothing",
      "  cto-cli costs show --pr 123 --detailed",
      "  cto-cli costs prs list --days 7 --sort cost --limit 10",
      "  cto-cli costs summary --month current --format markdown",
      "  cto-cli costs efficiency --since 2026-10-01        cost per PR, caching, outcomes by agent",
      "  cto-cli costs import claude-code                    usage from ~/.claude session logs",
      "  cto-cli costs comment --pr 123 --repo 5dlabs/cto    the cost comment on the PR (GITHUB_TOKEN)"
    })
final class CostsCommand implements Runnable {

  /**
   * The subcommands, in help order ({@code help} is added last). Registered by {@link Main}, not
   * by the annotation: picocli builds an annotated tree eagerly, and a run of one command then
   * needs only that one built (see {@link Main#commandLine(String[])}).
   */
  static final List<Class<?>> SUBCOMMANDS = List.of(
      DemoCommand.class,
      RecordCommand.class,
      IngestCommand.class,
      ShowCommand.class,
      AgentCommand.class,
      CompareCommand.class,
      PrsCommand.class,
      SummaryCommand.class,
      BudgetsCommand.class,
      AllocateCommand.class,
      TrendsCommand.class,
      ForecastCommand.class,
      AnomaliesCommand.class,
      WhatIfCommand.class,
      EfficiencyCommand.class,
      ExportCommand.class,
      PricingCommand.class,
      ConfigCommand.class,
      RepriceCommand.class,
      CleanupCommand.class,
      ServeCommand.class,
      ProxyCommand.class,
      ImportCommand.class,
      CommentCommand.class,
      McpCommand.class,
      CompletionCommand.class);

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
