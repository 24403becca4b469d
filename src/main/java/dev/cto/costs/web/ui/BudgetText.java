package dev.cto.costs.web.ui;

import java.util.Map;

/** How the budgets page writes a budget's scope and ids, as the CLI's table does. */
final class BudgetText {

  private BudgetText() {}

  /** {@code repository=5dlabs/cto, model=claude-*}; {@code everything} for {@code {}}. */
  static String scope(Map<String, String> scope) {
    if (scope.isEmpty()) {
      return "everything";
    }
    StringBuilder sb = new StringBuilder();
    scope.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return sb.toString();
  }

  /**
   * An element id for a budget's section: the live update replaces parts by id. Names are
   * checked by the config, but the id keeps only safe characters and a hash keeps it unique.
   */
  static String id(String name) {
    return name.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + Integer.toHexString(name.hashCode());
  }
}
