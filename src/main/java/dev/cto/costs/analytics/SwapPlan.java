package dev.cto.costs.analytics;

import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.PricingCatalog;
import dev.cto.costs.pricing.KeySuggestion;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The swaps of one what-if resolved against one catalog snapshot (a config reload mid-request
 * changes nothing): each TO is a model the catalog knows, and each model name as stored in records
 * maps to the first swap whose FROM it fits, or to none.
 *
 * <p>A stored name fits FROM when, ignoring case, it is FROM, or both name the same catalog model
 * (through an alias or a {@code provider/} prefix, as the catalog resolves names), or FROM is a
 * glob matching the stored name, the name without its prefix, or any name of its catalog model.
 */
final class SwapPlan {

  private static final Instant ANY_DAY = Instant.EPOCH;

  private final List<ModelSwap> swaps;
  private final PricingCatalog catalog;
  private final List<String> targets = new ArrayList<>();
  private final Map<String, Set<String>> namesByModel = new HashMap<>();
  private final Map<String, Optional<Integer>> swapOfName = new HashMap<>();

  SwapPlan(List<ModelSwap> swaps, PricingCatalog catalog) {
    this.swaps = List.copyOf(swaps);
    this.catalog = catalog;
    for (ModelPrice price : catalog.entries()) {
      Set<String> names = namesByModel.computeIfAbsent(lower(price.model()), k -> new LinkedHashSet<>());
      names.add(lower(price.model()));
      price.aliases().forEach(alias -> names.add(lower(alias)));
    }
    for (ModelSwap swap : this.swaps) {
      Optional<ModelPrice> to = catalog.priceFor(swap.to(), ANY_DAY);
      if (to.isEmpty()) {
        throw new IllegalArgumentException("model: TO '" + swap.to() + "' (in " + swap.text() + ") is not in the pricing catalog"
            + nearNames(swap.to(), List.of()));
      }
      targets.add(to.get().model());
    }
  }

  List<ModelSwap> swaps() {
    return swaps;
  }

  /** The catalog's name of swap {@code i}'s TO. */
  String target(int i) {
    return targets.get(i);
  }

  /** TO's price in force on {@code day} (UTC): the oldest price also covers earlier days, so there always is one. */
  ModelPrice targetPrice(int i, LocalDate day) {
    return catalog.priceFor(swaps.get(i).to(), day.atStartOfDay(ZoneOffset.UTC).toInstant()).orElseThrow();
  }

  /** The first swap whose FROM fits this stored model name, if any. */
  Optional<Integer> swapOf(String storedModel) {
    return swapOfName.computeIfAbsent(storedModel, this::firstFit);
  }

  /** How reports name a stored model: its catalog name, else as stored. */
  String displayName(String storedModel) {
    return catalog.priceFor(storedModel, ANY_DAY).map(ModelPrice::model).orElse(storedModel);
  }

  /**
   * Refuses an exact FROM that neither the catalog nor any record in scope knows: a typo would
   * otherwise re-price nothing and report no change. A glob that fits nothing is shown as such.
   */
  void requireKnownFroms(Collection<String> storedModels) {
    for (ModelSwap swap : swaps) {
      if (swap.isGlob() || catalog.knows(swap.from())) {
        continue;
      }
      String wanted = lower(swap.from());
      if (storedModels.stream().noneMatch(m -> lower(m).equals(wanted) || lower(withoutPrefix(m)).equals(wanted))) {
        throw new IllegalArgumentException("model: FROM '" + swap.from() + "' (in " + swap.text()
            + ") is not in the pricing catalog and no record in scope uses it" + nearNames(swap.from(), storedModels));
      }
    }
  }

  private Optional<Integer> firstFit(String storedModel) {
    String stored = lower(storedModel);
    String bare = lower(withoutPrefix(storedModel));
    Optional<String> model = catalog.priceFor(storedModel, ANY_DAY).map(p -> lower(p.model()));
    for (int i = 0; i < swaps.size(); i++) {
      ModelSwap swap = swaps.get(i);
      if (fits(swap, stored, bare, model)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  private boolean fits(ModelSwap swap, String stored, String bare, Optional<String> model) {
    if (swap.isGlob()) {
      return swap.globMatches(stored) || swap.globMatches(bare)
          || model.map(m -> namesByModel.getOrDefault(m, Set.of()).stream().anyMatch(swap::globMatches)).orElse(false);
    }
    String from = lower(swap.from());
    if (from.equals(stored) || from.equals(bare)) {
      return true;
    }
    Optional<String> fromModel = catalog.priceFor(swap.from(), ANY_DAY).map(p -> lower(p.model()));
    return model.isPresent() && model.equals(fromModel);
  }

  private String nearNames(String name, Collection<String> storedModels) {
    Set<String> names = new LinkedHashSet<>();
    namesByModel.values().forEach(names::addAll);
    storedModels.forEach(m -> names.add(lower(m)));
    List<String> near = KeySuggestion.near(name, names, 3);
    return near.isEmpty() ? "; `cto-cli costs pricing list` shows the models" : " (did you mean " + String.join(", ", near) + "?)";
  }

  private static String withoutPrefix(String name) {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  private static String lower(String s) {
    return s.trim().toLowerCase(Locale.ROOT);
  }
}
