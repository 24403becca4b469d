package dev.cto.costs.pricing;

import dev.cto.costs.domain.LongContextTier;
import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.PricingCatalog;
import dev.cto.costs.domain.TokenRates;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Config entries → catalog. Without {@code pricing} the built-in catalog applies; with {@code
 * extends_default_pricing} the user's entries are laid over it: a user entry replaces the default
 * entry of the same model, and a user alias takes that name away from a default entry. A model the
 * user gives only dated entries keeps its built-in price before the first of them, and that
 * first entry takes the fields it omits from the built-in one ({@link PriceHistory}).
 */
final class CatalogBuilder {

  private CatalogBuilder() {}

  static PricingCatalog build(CostConfig config, List<String> problems) {
    if (config.pricing == null) {
      return DefaultCatalog.load();
    }
    Map<String, LocalDate> changesOnly = config.extendsDefaults() ? datedOnly(config.pricing) : Map.of();
    Map<String, PricingEntry> builtInBefore = builtInBefore(changesOnly);
    List<PricingEntry> entries = PriceHistory.inherit(config.pricing, builtInBefore);
    List<ModelPrice> user = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      ModelPrice price = toPrice(entries.get(i), "pricing[" + i + "]", problems);
      if (price != null) {
        user.add(price);
      }
    }
    if (!problems.isEmpty()) {
      return null;
    }
    if (!config.extendsDefaults()) {
      return new PricingCatalog(user);
    }
    Set<String> userModels = new HashSet<>();
    Set<String> claimed = new HashSet<>();
    for (ModelPrice p : user) {
      userModels.add(key(p.model()));
      claimed.add(key(p.model()));
      p.aliases().forEach(a -> claimed.add(key(a)));
    }
    List<ModelPrice> merged = new ArrayList<>();
    Map<String, List<String>> inherited = new HashMap<>();
    for (ModelPrice d : DefaultCatalog.load().entries()) {
      List<String> freeAliases = d.aliases().stream().filter(a -> !claimed.contains(key(a))).toList();
      LocalDate userFirst = changesOnly.get(key(d.model()));
      if (userFirst != null && builtInBefore.containsKey(key(d.model()))) {
        // the user only dated changes of a built-in model: its built-in prices stay in force before them
        if (d.effectiveFrom() == null || d.effectiveFrom().isBefore(userFirst)) {
          merged.add(new ModelPrice(d.model(), d.provider(), freeAliases, d.effectiveFrom(), d.rates(), d.longContext()));
        }
      } else if (userModels.contains(key(d.model()))) {
        // the user re-prices a built-in model: its other names (dated ids) follow the new price
        inherited.computeIfAbsent(key(d.model()), k -> new ArrayList<>()).addAll(freeAliases);
      } else if (!claimed.contains(key(d.model()))) {
        merged.add(new ModelPrice(d.model(), d.provider(), freeAliases, d.effectiveFrom(), d.rates(), d.longContext()));
      }
    }
    for (ModelPrice p : user) {
      List<String> extra = inherited.remove(key(p.model()));
      if (extra == null || extra.isEmpty()) {
        merged.add(p);
      } else {
        List<String> aliases = new ArrayList<>(p.aliases());
        extra.stream().filter(a -> !aliases.contains(a)).forEach(aliases::add);
        merged.add(new ModelPrice(p.model(), p.provider(), aliases, p.effectiveFrom(), p.rates(), p.longContext()));
      }
    }
    return new PricingCatalog(merged);
  }

  /** The user's models whose every entry has an {@code effective_from}, with the earliest date. */
  private static Map<String, LocalDate> datedOnly(List<PricingEntry> entries) {
    Map<String, LocalDate> first = new HashMap<>();
    Set<String> undated = new HashSet<>();
    for (PricingEntry e : entries) {
      if (e == null || e.model() == null || e.model().isBlank()) {
        continue;
      }
      if (e.effectiveFrom() == null) {
        undated.add(key(e.model()));
      } else {
        first.merge(key(e.model()), e.effectiveFrom(), (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    first.keySet().removeAll(undated);
    return first;
  }

  /** Per model, the built-in entry in force just before the user's first dated change of it. */
  private static Map<String, PricingEntry> builtInBefore(Map<String, LocalDate> changesOnly) {
    if (changesOnly.isEmpty()) {
      return Map.of();
    }
    Map<String, PricingEntry> before = new HashMap<>();
    for (PricingEntry d : DefaultCatalog.config().pricing) {
      LocalDate userFirst = changesOnly.get(key(d.model()));
      if (userFirst == null || d.effectiveFrom() != null && !d.effectiveFrom().isBefore(userFirst)) {
        continue;
      }
      PricingEntry known = before.get(key(d.model()));
      if (known == null || d.effectiveFrom() != null
          && (known.effectiveFrom() == null || d.effectiveFrom().isAfter(known.effectiveFrom()))) {
        before.put(key(d.model()), d);
      }
    }
    return before;
  }

  static ModelPrice toPrice(PricingEntry e, String path, List<String> problems) {
    int before = problems.size();
    if (e == null) {
      problems.add(path + ": must be an object");
      return null;
    }
    if (e.model() == null || e.model().isBlank()) {
      problems.add(path + ".model: is required");
    }
    require(e.inputCostPerMillion(), path + ".input_cost_per_million", problems);
    require(e.outputCostPerMillion(), path + ".output_cost_per_million", problems);
    nonNegative(e.cacheWriteCostPerMillion(), path + ".cache_write_cost_per_million", problems);
    nonNegative(e.cacheWrite1hCostPerMillion(), path + ".cache_write_1h_cost_per_million", problems);
    nonNegative(e.cacheReadCostPerMillion(), path + ".cache_read_cost_per_million", problems);
    LongContextTier tier = tier(e, path, problems);
    if (e.aliases() != null && e.aliases().stream().anyMatch(a -> a == null || a.isBlank())) {
      problems.add(path + ".aliases: must not contain empty names");
    }
    if (problems.size() > before) {
      return null;
    }
    TokenRates rates = new TokenRates(e.inputCostPerMillion(), e.outputCostPerMillion(),
        e.cacheWriteCostPerMillion(), e.cacheWrite1hCostPerMillion(), e.cacheReadCostPerMillion());
    return new ModelPrice(e.model().trim(), e.provider(), e.aliases(), e.effectiveFrom(), rates, tier);
  }

  private static LongContextTier tier(PricingEntry e, String path, List<String> problems) {
    boolean anyTierPrice = e.longContextInputCostPerMillion() != null || e.longContextOutputCostPerMillion() != null
        || e.longContextCacheWriteCostPerMillion() != null || e.longContextCacheWrite1hCostPerMillion() != null
        || e.longContextCacheReadCostPerMillion() != null;
    if (e.longContextThresholdTokens() == null) {
      if (anyTierPrice) {
        problems.add(path + ".long_context_threshold_tokens: is required when long_context_* prices are given");
      }
      return null;
    }
    if (e.longContextThresholdTokens() < 1) {
      problems.add(path + ".long_context_threshold_tokens: must be >= 1, was " + e.longContextThresholdTokens());
    }
    require(e.longContextInputCostPerMillion(), path + ".long_context_input_cost_per_million", problems);
    require(e.longContextOutputCostPerMillion(), path + ".long_context_output_cost_per_million", problems);
    nonNegative(e.longContextCacheWriteCostPerMillion(), path + ".long_context_cache_write_cost_per_million", problems);
    nonNegative(e.longContextCacheWrite1hCostPerMillion(), path + ".long_context_cache_write_1h_cost_per_million", problems);
    nonNegative(e.longContextCacheReadCostPerMillion(), path + ".long_context_cache_read_cost_per_million", problems);
    if (e.longContextThresholdTokens() < 1 || e.longContextInputCostPerMillion() == null
        || e.longContextOutputCostPerMillion() == null) {
      return null;
    }
    return new LongContextTier(e.longContextThresholdTokens(),
        new TokenRates(e.longContextInputCostPerMillion(), e.longContextOutputCostPerMillion(),
            e.longContextCacheWriteCostPerMillion(), e.longContextCacheWrite1hCostPerMillion(),
            e.longContextCacheReadCostPerMillion()));
  }

  private static void require(BigDecimal price, String field, List<String> problems) {
    if (price == null) {
      problems.add(field + ": is required");
    } else {
      nonNegative(price, field, problems);
    }
  }

  private static void nonNegative(BigDecimal price, String field, List<String> problems) {
    if (price != null && price.signum() < 0) {
      problems.add(field + ": must be >= 0, was " + price.toPlainString());
    }
  }

  private static String key(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }
}
