package dev.cto.costs.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates the built-in catalog from a LiteLLM snapshot: today's Claude, OpenAI, Perplexity and
 * Gemini families, dated ids folded into their undated name as aliases (when priced the same),
 * plus the original short names ({@code claude-sonnet}, {@code claude-opus}, {@code gpt-4o}, {@code
 * sonar-pro}).
 *
 * <pre>java -cp target/cto-costs.jar dev.cto.costs.pricing.DefaultCatalogGenerator \
 *     data/litellm-model-prices-2026-07-24.json src/main/resources/dev/cto/costs/pricing/default-pricing.json</pre>
 */
public final class DefaultCatalogGenerator {

  static final Pattern FAMILIES =
      Pattern.compile(
          "claude-(3-7-sonnet|3-5-haiku|haiku-4|sonnet-4|opus-4|4-opus|4-sonnet|sonnet-5|opus-5|haiku-5)[0-9a-z.-]*"
              + "|gpt-4o(-mini)?(-\\d{4}-\\d{2}-\\d{2})?"
              + "|gpt-4\\.1(-mini|-nano)?(-\\d{4}-\\d{2}-\\d{2})?"
              + "|o3(-mini|-pro)?(-\\d{4}-\\d{2}-\\d{2})?|o4-mini(-\\d{4}-\\d{2}-\\d{2})?"
              + "|gpt-5(\\.\\d)?(-codex(-max|-mini)?|-mini|-nano|-pro|-chat-latest)?(-\\d{4}-\\d{2}-\\d{2})?"
              + "|gemini-(2\\.5|3|3\\.1|3\\.5)-(pro|flash|flash-lite)(-preview)?"
              + "|perplexity/sonar(-pro|-reasoning|-reasoning-pro|-deep-research)?");

  private static final Pattern DATED = Pattern.compile("(.+?)-(\\d{8}|\\d{4}-\\d{2}-\\d{2})");

  private DefaultCatalogGenerator() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: DefaultCatalogGenerator LITELLM_JSON OUTPUT_JSON");
      System.exit(2);
    }
    try (InputStream in = Files.newInputStream(Path.of(args[0]));
        OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
      CostConfigWriter.write(generate(in), CostConfigWriter.Format.JSON, out);
    }
  }

  public static CostConfig generate(InputStream litellm) throws IOException {
    List<PricingEntry> raw = LiteLlmImporter.convert(litellm, name -> FAMILIES.matcher(name).matches());
    Map<String, PricingEntry> byName = new LinkedHashMap<>();
    raw.stream()
        .map(e -> e.model().startsWith("perplexity/") ? renamed(e, e.model().substring("perplexity/".length())) : e)
        .sorted(Comparator.comparing(PricingEntry::model))
        .forEach(e -> byName.put(e.model(), e));
    Map<String, List<String>> aliases = new LinkedHashMap<>();
    Set<String> folded = new HashSet<>();
    for (PricingEntry e : byName.values()) {
      Matcher dated = DATED.matcher(e.model());
      if (dated.matches()) {
        PricingEntry base = byName.get(dated.group(1));
        if (base != null && samePrices(base, e)) {
          aliases.computeIfAbsent(base.model(), k -> new ArrayList<>()).add(e.model());
          folded.add(e.model());
        } else if (base == null) {
          aliases.computeIfAbsent(e.model(), k -> new ArrayList<>()).add(dated.group(1));
        }
      }
    }
    Set<String> taken = new HashSet<>(byName.keySet());
    List<PricingEntry> entries = new ArrayList<>();
    for (PricingEntry e : byName.values()) {
      if (folded.contains(e.model())) {
        continue;
      }
      List<String> names = new ArrayList<>();
      for (String alias : aliases.getOrDefault(e.model(), List.of())) {
        if (!alias.equals(e.model()) && (folded.contains(alias) || taken.add(alias))) {
          names.add(alias);
        }
      }
      entries.add(names.isEmpty() ? e : e.withAliases(names));
    }
    entries.addAll(seedShortNames(taken));
    entries.sort(Comparator.comparing((PricingEntry e) -> String.valueOf(e.provider())).thenComparing(PricingEntry::model));
    return CostConfig.withPricing(entries);
  }

  /** The original short names' table; names LiteLLM already prices (gpt-4o, sonar-pro) keep LiteLLM's entry. */
  private static List<PricingEntry> seedShortNames(Set<String> taken) {
    List<PricingEntry> seed = new ArrayList<>();
    seed.add(withCache(PricingEntry.simple("claude-sonnet", "anthropic", "3", "15"), "3.75", "6", "0.3"));
    seed.add(withCache(PricingEntry.simple("claude-opus", "anthropic", "15", "75"), "18.75", "30", "1.5"));
    seed.add(withCache(PricingEntry.simple("gpt-4o", "openai", "2.5", "10"), null, null, "1.25"));
    seed.add(PricingEntry.simple("sonar-pro", "perplexity", "3", "15"));
    return seed.stream().filter(e -> !taken.contains(e.model())).toList();
  }

  private static PricingEntry withCache(PricingEntry e, String write, String write1h, String read) {
    return new PricingEntry(e.model(), e.provider(), null, null, e.inputCostPerMillion(), e.outputCostPerMillion(),
        write == null ? null : new java.math.BigDecimal(write), write1h == null ? null : new java.math.BigDecimal(write1h),
        read == null ? null : new java.math.BigDecimal(read), null, null, null, null, null, null);
  }

  private static PricingEntry renamed(PricingEntry e, String model) {
    return new PricingEntry(model, e.provider(), e.aliases(), e.effectiveFrom(), e.inputCostPerMillion(),
        e.outputCostPerMillion(), e.cacheWriteCostPerMillion(), e.cacheWrite1hCostPerMillion(),
        e.cacheReadCostPerMillion(), e.longContextThresholdTokens(), e.longContextInputCostPerMillion(),
        e.longContextOutputCostPerMillion(), e.longContextCacheWriteCostPerMillion(),
        e.longContextCacheWrite1hCostPerMillion(), e.longContextCacheReadCostPerMillion());
  }

  private static boolean samePrices(PricingEntry a, PricingEntry b) {
    return Objects.equals(a.withAliases(null), renamed(b, a.model()).withAliases(null));
  }
}
