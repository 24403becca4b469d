package dev.cto.costs.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable set of model prices, looked up by model name or alias (case-insensitive), with
 * price history: of the entries for one model, the one with the latest {@code effective_from} on
 * or before the record's UTC day applies; the oldest entry also covers everything before it.
 *
 * <p>Lookup never guesses: a name that matches no model or alias, even after dropping a {@code
 * provider/} prefix, has no price, and its records are stored unpriced rather than mispriced.
 */
public final class PricingCatalog {

  private static final Comparator<ModelPrice> BY_EFFECTIVE_FROM =
      Comparator.comparing(
          ModelPrice::effectiveFrom, Comparator.nullsFirst(Comparator.naturalOrder()));

  private final List<ModelPrice> entries;
  private final Map<String, List<ModelPrice>> byName;
  /**
   * Lookups by the name as written in records (case and prefixes as sent): every ingested record
   * looks up its model, and the same few names come back thousands of times a second. Bounded so
   * that endless distinct unknown names cannot grow it.
   */
  private final Map<String, List<ModelPrice>> resolved = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int RESOLVED_LIMIT = 4_096;

  public PricingCatalog(List<ModelPrice> entries) {
    this.entries = List.copyOf(entries);
    // a name (model or alias) stands for its model's whole price history, whichever dated entry
    // happened to list it
    Map<String, List<ModelPrice>> historyByModel = new HashMap<>();
    for (ModelPrice price : this.entries) {
      historyByModel.computeIfAbsent(key(price.model()), k -> new ArrayList<>()).add(price);
    }
    Map<String, String> modelOfName = new HashMap<>();
    for (ModelPrice price : this.entries) {
      String canonical = key(price.model());
      for (String name : namesOf(price)) {
        String previous = modelOfName.putIfAbsent(name, canonical);
        if (previous != null && !previous.equals(canonical)) {
          throw new IllegalArgumentException(
              "model name '" + name + "' is claimed by both '" + previous + "' and '" + canonical + "'");
        }
      }
    }
    Map<String, List<ModelPrice>> index = new HashMap<>();
    modelOfName.forEach((name, model) -> index.put(name, sortedUnique(model, historyByModel.get(model))));
    this.byName = Map.copyOf(index);
  }

  public static PricingCatalog empty() {
    return new PricingCatalog(List.of());
  }

  public List<ModelPrice> entries() {
    return entries;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The price in force for {@code model} at {@code at}, if the catalog knows the model. */
  public Optional<ModelPrice> priceFor(String model, Instant at) {
    List<ModelPrice> history = historyOf(model);
    if (history.isEmpty()) {
      return Optional.empty();
    }
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    ModelPrice inForce = history.get(0);
    for (ModelPrice candidate : history) {
      if (candidate.effectiveFrom() == null || !candidate.effectiveFrom().isAfter(day)) {
        inForce = candidate;
      }
    }
    return Optional.of(inForce);
  }

  public boolean knows(String model) {
    return !historyOf(model).isEmpty();
  }

  private List<ModelPrice> historyOf(String model) {
    if (model == null) {
      return List.of();
    }
    List<ModelPrice> known = resolved.get(model);
    if (known != null) {
      return known;
    }
    List<ModelPrice> history = lookUp(model);
    if (resolved.size() < RESOLVED_LIMIT) {
      resolved.put(model, history);
    }
    return history;
  }

  private List<ModelPrice> lookUp(String model) {
    String key = key(model);
    List<ModelPrice> found = byName.get(key);
    if (found == null && key.indexOf('/') >= 0) {
      found = byName.get(key.substring(key.lastIndexOf('/') + 1));
    }
    return found == null ? List.of() : found;
  }

  private static List<String> namesOf(ModelPrice price) {
    List<String> names = new ArrayList<>();
    names.add(key(price.model()));
    price.aliases().forEach(alias -> names.add(key(alias)));
    return names.stream().distinct().toList();
  }

  private static List<ModelPrice> sortedUnique(String name, List<ModelPrice> list) {
    List<ModelPrice> sorted = new ArrayList<>(list);
    sorted.sort(BY_EFFECTIVE_FROM);
    for (int i = 1; i < sorted.size(); i++) {
      if (BY_EFFECTIVE_FROM.compare(sorted.get(i - 1), sorted.get(i)) == 0) {
        throw new IllegalArgumentException(
            "model '" + name + "' has two prices effective from "
                + (sorted.get(i).effectiveFrom() == null ? "the start" : sorted.get(i).effectiveFrom()));
      }
    }
    return List.copyOf(sorted);
  }

  private static String key(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }
}
