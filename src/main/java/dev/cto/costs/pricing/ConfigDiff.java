package dev.cto.costs.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a reload changed, for the log: {@code warning_threshold 5.00 → 7.50; pricing: 2 models
 * changed}. Values are shown as written, except under {@code alerts}, whose urls and headers may
 * carry secrets: there only the changed key is named.
 */
final class ConfigDiff {

  private static final int MAX_SHOWN = 12;
  /** Decimals as written: 5.00 stays 5.00 (the default node factory would show 5). */
  private static final ObjectMapper TREES = ConfigMappers.JSON.copy().setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  private ConfigDiff() {}

  static String describe(CostConfig before, CostConfig after) {
    List<String> changes = new ArrayList<>();
    Map<String, String> old = flatten(before);
    Map<String, String> now = flatten(after);
    Set<String> keys = new LinkedHashSet<>(old.keySet());
    keys.addAll(now.keySet());
    for (String key : keys) {
      String a = old.get(key);
      String b = now.get(key);
      if (Objects.equals(a, b)) {
        continue;
      }
      if (key.startsWith("alerts.") || key.startsWith("alerts[")) {
        changes.add(key + (a == null ? " added" : b == null ? " removed" : " changed"));
      } else {
        changes.add(key + " " + (a == null ? "(unset)" : a) + " → " + (b == null ? "(unset)" : b));
      }
    }
    String pricing = pricing(before, after);
    if (pricing != null) {
      changes.add(pricing);
    }
    if (changes.isEmpty()) {
      return "no setting changed";
    }
    if (changes.size() > MAX_SHOWN) {
      int more = changes.size() - MAX_SHOWN;
      changes = new ArrayList<>(changes.subList(0, MAX_SHOWN));
      changes.add("and " + more + " more");
    }
    return String.join("; ", changes);
  }

  /** Leaf values by path, {@code pricing} left out (it is summarised per model). */
  private static Map<String, String> flatten(CostConfig config) {
    Map<String, String> leaves = new LinkedHashMap<>();
    JsonNode tree = TREES.valueToTree(config);
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals("pricing")) {
        flatten(e.getKey(), e.getValue(), leaves);
      }
    }
    return leaves;
  }

  private static void flatten(String path, JsonNode node, Map<String, String> leaves) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> flatten(path + "." + e.getKey(), e.getValue(), leaves));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(path + "[" + i + "]", node.get(i), leaves);
      }
    } else if (!node.isNull()) {
      leaves.put(path, node.isBigDecimal() ? node.decimalValue().toPlainString() : node.asText());
    }
  }

  /** "pricing: 2 models changed, 1 added, 1 removed", or null when no model's entries changed. */
  private static String pricing(CostConfig before, CostConfig after) {
    Map<String, List<PricingEntry>> old = byModel(before.pricing);
    Map<String, List<PricingEntry>> now = byModel(after.pricing);
    int added = 0;
    int removed = 0;
    int changed = 0;
    for (Map.Entry<String, List<PricingEntry>> e : now.entrySet()) {
      List<PricingEntry> was = old.get(e.getKey());
      if (was == null) {
        added++;
      } else if (!was.equals(e.getValue())) {
        changed++;
      }
    }
    for (String model : old.keySet()) {
      if (!now.containsKey(model)) {
        removed++;
      }
    }
    if (added + removed + changed == 0) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    if (changed > 0) {
      parts.add(models(changed) + " changed");
    }
    if (added > 0) {
      parts.add(models(added) + " added");
    }
    if (removed > 0) {
      parts.add(models(removed) + " removed");
    }
    return "pricing: " + String.join(", ", parts);
  }

  private static String models(int n) {
    return n + (n == 1 ? " model" : " models");
  }

  private static Map<String, List<PricingEntry>> byModel(List<PricingEntry> entries) {
    Map<String, List<PricingEntry>> byModel = new LinkedHashMap<>();
    if (entries != null) {
      for (PricingEntry e : entries) {
        String key = e == null || e.model() == null ? "" : e.model().trim().toLowerCase(Locale.ROOT);
        byModel.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
      }
    }
    return byModel;
  }
}
