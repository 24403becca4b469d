package dev.cto.costs.cli;

import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.pricing.ConfigException;
import dev.cto.costs.pricing.CostConfig;
import dev.cto.costs.pricing.CostConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Work with the cost config file (every key: docs/config.md).",
    subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Validate a cost config file as serve would load it, without running anything.",
      footer = {"", "Exit code 0 and a summary when the file is valid; 1 and every problem, each with its line",
          "or key, when it is not.", "", "Examples:", "  cto-cli costs config check cost-config.yaml"})
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The cost config (JSON or YAML).")
    Path file;

    @Override
    public Integer call() {
      CostConfig config;
      CostSettings settings;
      try {
        config = CostConfigLoader.load(file);
        settings = CostConfigLoader.toSettings(config, file.toString());
      } catch (ConfigException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("cto-cli: " + file + ": " + e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems")
            + " (every key: docs/config.md)");
        e.problems().forEach(p -> err.println("  " + p));
        return 1;
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(file + ": valid");
      out.println("  thresholds: " + thresholds(settings.thresholds()) + (settings.enabled() ? "" : "; recording disabled"));
      out.println("  pricing: " + pricing(config, settings));
      List<String> sections = sections(config);
      if (!sections.isEmpty()) {
        out.println("  " + String.join("; ", sections));
      }
      return 0;
    }

    private static String thresholds(Thresholds t) {
      if (t.warning() == null && t.error() == null) {
        return "none";
      }
      return "warning " + (t.warning() == null ? "none" : t.warning()) + ", error " + (t.error() == null ? "none" : t.error()) + " per PR";
    }

    private static String pricing(CostConfig config, CostSettings settings) {
      int models = settings.catalog().entries().stream().map(p -> p.model().toLowerCase(Locale.ROOT)).distinct().toList().size();
      if (config.pricing == null) {
        return "the built-in catalog (" + models + " models)";
      }
      return config.pricing.size() + (config.pricing.size() == 1 ? " entry" : " entries")
          + (config.extendsDefaults() ? " over the built-in catalog" : ", replacing the built-in catalog")
          + " (" + models + " models priced)";
    }

    private static List<String> sections(CostConfig config) {
      List<String> parts = new ArrayList<>();
      if (config.alerts != null && config.alerts.webhooks != null) {
        parts.add("alerts: " + plural(config.alerts.webhooks.size(), "webhook"));
      }
      if (config.postsToPr() || config.github != null) {
        parts.add("PR comments: " + (config.postsToPr() ? "on" : "off"));
      }
      if (config.proxy != null && config.proxy.upstreams != null) {
        parts.add("proxy: " + plural(config.proxy.upstreams.size(), "upstream"));
      }
      if (config.attribution != null && config.attribution.rules != null) {
        parts.add("attribution: " + plural(config.attribution.rules.size(), "rule"));
      }
      return parts;
    }

    private static String plural(int n, String noun) {
      return n + " " + noun + (n == 1 ? "" : "s");
    }
  }
}
