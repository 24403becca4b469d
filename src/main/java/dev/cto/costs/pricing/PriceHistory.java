package dev.cto.costs.pricing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A price change is written as the fields that change: a later entry of a model ({@code
 * effective_from}) takes every field it omits from the model's previous entry. Without this, a
 * change that restates only the input and output prices would bill cache reads at the input price
 * (the fallback for a model that never had a cache price), ten times the real cache price.
 */
final class PriceHistory {

  private PriceHistory() {}

  /**
   * The entries, in their order, each completed from the entry before it in its model's history.
   *
   * @param before per model key, an entry in force before the model's first entry here (the
   *     built-in price a dated user entry changes), or none
   */
  static List<PricingEntry> inherit(List<PricingEntry> entries, Map<String, PricingEntry> before) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i) != null && entries.get(i).model() != null) {
        order.add(i);
      }
    }
    order.sort(Comparator.comparing((Integer i) -> key(entries.get(i).model()))
        .thenComparing(i -> entries.get(i).effectiveFrom(), Comparator.nullsFirst(Comparator.<LocalDate>naturalOrder())));
    List<PricingEntry> result = new ArrayList<>(entries);
    Map<String, PricingEntry> previous = new HashMap<>(before);
    for (int i : order) {
      PricingEntry entry = entries.get(i);
      PricingEntry prior = previous.get(key(entry.model()));
      PricingEntry complete = prior == null ? entry : completed(entry, prior);
      result.set(i, complete);
      previous.put(key(entry.model()), complete);
    }
    return result;
  }

  static String key(String model) {
    return model.trim().toLowerCase(Locale.ROOT);
  }

  /** Aliases are not copied: every name of a model already stands for its whole history. */
  private static PricingEntry completed(PricingEntry e, PricingEntry p) {
    return new PricingEntry(e.model(), or(e.provider(), p.provider()), e.aliases(), e.effectiveFrom(),
        or(e.inputCostPerMillion(), p.inputCostPerMillion()),
        or(e.outputCostPerMillion(), p.outputCostPerMillion()),
        or(e.cacheWriteCostPerMillion(), p.cacheWriteCostPerMillion()),
        or(e.cacheWrite1hCostPerMillion(), p.cacheWrite1hCostPerMillion()),
        or(e.cacheReadCostPerMillion(), p.cacheReadCostPerMillion()),
        or(e.longContextThresholdTokens(), p.longContextThresholdTokens()),
        or(e.longContextInputCostPerMillion(), p.longContextInputCostPerMillion()),
        or(e.longContextOutputCostPerMillion(), p.longContextOutputCostPerMillion()),
        or(e.longContextCacheWriteCostPerMillion(), p.longContextCacheWriteCostPerMillion()),
        or(e.longContextCacheWrite1hCostPerMillion(), p.longContextCacheWrite1hCostPerMillion()),
        or(e.longContextCacheReadCostPerMillion(), p.longContextCacheReadCostPerMillion()));
  }

  private static <T> T or(T value, T inherited) {
    return value != null ? value : inherited;
  }
}
