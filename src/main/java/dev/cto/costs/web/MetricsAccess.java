package dev.cto.costs.web;

import java.util.List;

/**
 * Who may read {@code /metrics}. A Prometheus scraper should not hold the API token (which can
 * write usage and read every report), so it gets a token of its own, or, where the network is
 * trusted, none at all.
 *
 * @param tokens accepted on {@code /metrics} besides the API tokens ({@code COST_METRICS_TOKEN})
 * @param open no token needed on {@code /metrics} ({@code --metrics-public})
 */
public record MetricsAccess(List<String> tokens, boolean open) {

  /** {@code /metrics} takes the API token, like every other route. */
  public static final MetricsAccess API_TOKEN_ONLY = new MetricsAccess(List.of(), false);

  public MetricsAccess {
    tokens = List.copyOf(tokens);
  }
}
