package dev.cto.costs.analytics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a what-if covers and which models it swaps: one PR (all of it) or whole UTC days, either
 * optionally for one agent. The CLI flags and the HTTP/MCP parameters have the same names
 * ({@code pr repo since until agent model}), so every front end builds its request here and bad
 * input gets the same message naming the parameter.
 *
 * @param prNumber the PR, or null for a period
 * @param period the days, or null for a PR
 * @param repository the PR's repository (null: the configured default, else the only one with that PR)
 */
public record WhatIfRequest(Long prNumber, AnalyticsScope period, String repository, String agent, List<ModelSwap> swaps) {

  public WhatIfRequest {
    if ((prNumber == null) == (period == null)) {
      throw new IllegalArgumentException("pr or since/until: give a PR or a period");
    }
    swaps = List.copyOf(swaps);
    if (swaps.isEmpty()) {
      throw new IllegalArgumentException("model: is required, FROM=TO (e.g. claude-opus-*=claude-sonnet-4-5); give it once per swap");
    }
    Set<String> froms = new HashSet<>();
    for (ModelSwap swap : swaps) {
      if (!froms.add(swap.from().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("model: FROM '" + swap.from() + "' is given twice");
      }
    }
  }

  /**
   * From user input (all strings, null when absent). Throws {@link IllegalArgumentException} whose
   * message starts with the parameter's name.
   */
  public static WhatIfRequest parse(
      String pr, String repository, String since, String until, String agent, List<String> models, Clock clock) {
    List<ModelSwap> swaps = new ArrayList<>();
    if (models != null) {
      models.forEach(m -> swaps.add(ModelSwap.parse(m)));
    }
    if (pr == null || pr.isBlank()) {
      AnalyticsScope period = AnalyticsScope.parse(since, until, repository, agent, clock);
      return new WhatIfRequest(null, period, period.repository(), period.agent(), swaps);
    }
    if (since != null || until != null) {
      throw new IllegalArgumentException((since != null ? "since" : "until")
          + ": does not go with pr (a PR's what-if covers the whole PR)");
    }
    return new WhatIfRequest(prNumber(pr), null, repository, agent == null || agent.isBlank() ? null : agent, swaps);
  }

  private static long prNumber(String pr) {
    try {
      long n = Long.parseLong(pr.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException("pr: must be a whole number >= 1, was '" + pr + "'");
  }

  /** The swaps as given, {@code FROM=TO}. */
  public List<String> modelTexts() {
    return swaps.stream().map(ModelSwap::text).toList();
  }
}
