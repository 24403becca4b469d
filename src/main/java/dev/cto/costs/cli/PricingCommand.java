package dev.cto.costs.cli;

import dev.cto.costs.app.CostsApp;
import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.TokenRates;
import dev.cto.costs.pricing.CostConfig;
import dev.cto.costs.pricing.CostConfigWriter;
import dev.cto.costs.pricing.LiteLlmImporter;
import dev.cto.costs.pricing.PricingEntry;
import dev.cto.costs.report.Numbers;
import dev.cto.costs.store.Dimension;
import dev.cto.costs.store.GroupTotals;
import dev.cto.costs.store.UsageFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "pricing",
    mixinStandardHelpOptions = true,
    description = "Inspect and import model prices.",
    subcommands = {PricingCommand.ListPrices.class, PricingCommand.Check.class, PricingCommand.Import.class})
final class PricingCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "The prices in force (USD per million tokens): --config's, else the built-in catalog.",
      footer = {"", "Examples:", "  cto-cli costs pricing list --model 'claude|gpt-5'", "  cto-cli costs pricing list --json"})
  static final class ListPrices implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOptions store;

    @Option(names = "--model", paramLabel = "REGEX", description = "Only models (or aliases) matching this regular expression.")
    String model;

    @Option(names = "--json", description = "Print the entries in the cost config's JSON format.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      Pattern filter = pattern(model);
      try (CostsApp app = CostsApp.open(store.resolve())) {
        List<ModelPrice> prices = new ArrayList<>(app.settings().catalog().entries());
        prices.removeIf(p -> filter != null && !filter.matcher(p.model()).find()
            && p.aliases().stream().noneMatch(a -> filter.matcher(a).find()));
        prices.sort(Comparator.comparing((ModelPrice p) -> String.valueOf(p.provider())).thenComparing(ModelPrice::model));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
          out.println(dev.cto.costs.report.ReportRenderer.JSON.writeValueAsString(prices.stream().map(PricingCommand::summary).toList()));
          return 0;
        }
        out.printf("%-30s %-11s %9s %9s %9s %9s %9s  %s%n", "MODEL", "PROVIDER", "INPUT", "OUTPUT", "WRITE 5m", "WRITE 1h", "READ", "LONG CONTEXT");
        for (ModelPrice p : prices) {
          TokenRates r = p.rates();
          out.printf("%-30s %-11s %9s %9s %9s %9s %9s  %s%n", p.model(), p.provider() == null ? "-" : p.provider(),
              n(r.input()), n(r.output()), n(r.effectiveCacheWrite()), n(r.effectiveCacheWrite1h()), n(r.effectiveCacheRead()),
              p.longContext() == null ? "-" : "above " + Numbers.count(p.longContext().thresholdTokens()) + ": "
                  + n(p.longContext().rates().input()) + " / " + n(p.longContext().rates().output()));
          if (!p.aliases().isEmpty()) {
            out.println("    aliases: " + String.join(", ", p.aliases()));
          }
        }
        out.println(prices.size() + " models; USD per million tokens; "
            + (app.config() == null ? "built-in catalog" : "from " + app.options().configPath()));
      }
      return 0;
    }

    private static String n(BigDecimal v) {
      return v.stripTrailingZeros().toPlainString();
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Models seen in the stored data that have no price. Exit code 1 when there are any.",
      footer = {"", "Fix: add the model (or an alias) to the cost config, then run `cto-cli costs reprice`."})
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOptions store;

    @Override
    public Integer call() {
      store.requireLocal("pricing check");
      try (CostsApp app = store.open()) {
        PrintWriter out = spec.commandLine().getOut();
        List<GroupTotals> unpriced = app.queries().aggregate(UsageFilter.ALL.withPriced(false), Dimension.MODEL);
        List<GroupTotals> stale = new ArrayList<>();
        for (GroupTotals g : app.queries().aggregate(UsageFilter.ALL.withPriced(true), Dimension.MODEL)) {
          if (!app.settings().catalog().knows(g.string(0))) {
            stale.add(g);
          }
        }
        if (unpriced.isEmpty() && stale.isEmpty()) {
          out.println("every model in the data has a price");
          return 0;
        }
        for (GroupTotals g : unpriced) {
          boolean nowKnown = app.settings().catalog().knows(g.string(0));
          out.printf("%-40s %12s records  %15s input  %13s output  %s%n", g.string(0), Numbers.count(g.records()),
              Numbers.count(g.tokens().input()), Numbers.count(g.tokens().output()),
              nowKnown ? "has a price now: run `cto-cli costs reprice`" : "no price");
        }
        for (GroupTotals g : stale) {
          out.printf("%-40s %12s records  priced at ingest, but the current config has no price for it%n",
              g.string(0), Numbers.count(g.records()));
        }
        return unpriced.isEmpty() ? 0 : 1;
      }
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {"Convert a LiteLLM price map (model_prices_and_context_window.json) into our cost config format.",
          "The output extends the built-in catalog (extends_default_pricing: true): models it leaves out keep their prices."},
      footer = {"", "Examples:",
          "  cto-cli costs pricing import --litellm model_prices.json --models '^claude-' --output prices.yaml",
          "  cto-cli costs pricing import --litellm data/litellm-model-prices-2026-07-24.json --provider openai"})
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--litellm", required = true, paramLabel = "FILE", description = "LiteLLM price map (JSON).")
    Path litellm;

    @Option(names = "--models", paramLabel = "REGEX", description = "Only model names matching this regular expression.")
    String models;

    @Option(names = "--provider", paramLabel = "NAME", description = "Only this provider (anthropic, openai, google, perplexity, …).")
    String provider;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
        description = "Write here, atomically (default or -: stdout; links and devices are refused); .yaml/.yml writes YAML.")
    String output;

    @Option(names = "--yaml", description = "YAML instead of JSON (implied by an output file ending in .yaml/.yml).")
    boolean yaml;

    @Override
    public Integer call() throws IOException {
      Pattern filter = pattern(models);
      List<PricingEntry> entries;
      try (InputStream in = Files.newInputStream(litellm)) {
        entries = LiteLlmImporter.convert(in, name -> filter == null || filter.matcher(name).find());
      } catch (NoSuchFileException e) {
        throw UserInputException.data("cannot read " + litellm + ": no such file");
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw UserInputException.data(litellm + " is not valid JSON: " + e.getOriginalMessage());
      }
      if (provider != null) {
        entries = entries.stream().filter(e -> provider.equalsIgnoreCase(e.provider())).toList();
      }
      if (entries.isEmpty()) {
        throw UserInputException.data("no priced chat models in " + litellm + " match the filters");
      }
      boolean asYaml = yaml || output != null && output.matches("(?i).*\\.ya?ml");
      CostConfigWriter.Format format = asYaml ? CostConfigWriter.Format.YAML : CostConfigWriter.Format.JSON;
      CostConfig config = CostConfig.extendingDefaults(entries);
      if (FileOutput.isStdout(output)) {
        CostConfigWriter.write(config, format, System.out);
      } else {
        Path target = FileOutput.write(output, out -> CostConfigWriter.write(config, format, out));
        spec.commandLine().getErr().println("wrote " + entries.size() + " model prices to " + target);
      }
      return 0;
    }
  }

  private static Pattern pattern(String regex) {
    if (regex == null) {
      return null;
    }
    try {
      return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    } catch (PatternSyntaxException e) {
      throw UserInputException.usage("not a regular expression: " + e.getDescription() + " in '" + regex + "'");
    }
  }

  private static java.util.Map<String, Object> summary(ModelPrice p) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("model", p.model());
    m.put("provider", p.provider());
    m.put("aliases", p.aliases());
    m.put("effective_from", p.effectiveFrom());
    m.put("input_cost_per_million", p.rates().input());
    m.put("output_cost_per_million", p.rates().output());
    m.put("cache_write_cost_per_million", p.rates().effectiveCacheWrite());
    m.put("cache_write_1h_cost_per_million", p.rates().effectiveCacheWrite1h());
    m.put("cache_read_cost_per_million", p.rates().effectiveCacheRead());
    if (p.longContext() != null) {
      m.put("long_context_threshold_tokens", p.longContext().thresholdTokens());
      m.put("long_context_input_cost_per_million", p.longContext().rates().input());
      m.put("long_context_output_cost_per_million", p.longContext().rates().output());
    }
    return m;
  }

}
