package dev.cto.costs.pricing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.util.List;

/**
 * The cost config file, one typed section per concern: thresholds and pricing (read by the core
 * through {@link dev.cto.costs.domain.CostSettings}), {@code alerts}, {@code github}, {@code
 * proxy}, {@code attribution} (the log imports), {@code teams} and {@code budgets} (checked by
 * {@link BudgetBooks}). Every key is declared here or in a section's
 * class, so a key nobody reads is a typo, and the loader refuses it with the closest valid key. A
 * new section is a new field with its own class and check,
 * and a line in {@code docs/config.md}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"enabled", "warning_threshold", "error_threshold", "post_to_pr", "default_repository",
    "extends_default_pricing", "pricing", "comment_min_interval", "github", "alerts", "proxy", "attribution", "teams", "budgets",
    "budgets_fail_open", "enforce_error_threshold"})
public final class CostConfig {

  public Boolean enabled;
  public BigDecimal warningThreshold;
  public BigDecimal errorThreshold;
  public Boolean postToPr;
  public String defaultRepository;
  public Boolean extendsDefaultPricing;
  public List<PricingEntry> pricing;
  /** Where threshold crossings are sent besides the log and the metric. */
  public AlertsConfig alerts;
  /** At most one periodic PR comment update per this interval, e.g. {@code "5m"} (default 5 minutes). */
  public String commentMinInterval;
  public GithubConfig github;
  /** Upstreams and spool of the LLM proxy. */
  public ProxyConfig proxy;
  /** Session → PR rules of the log imports. */
  public AttributionConfig attribution;
  /** Teams by name, in the order the chargeback tries them. */
  public java.util.Map<String, TeamConfig> teams;
  public List<BudgetConfig> budgets;
  /** When the store is unreachable: forward calls (true, the default) or refuse them. */
  public Boolean budgetsFailOpen;
  /** The PR error_threshold is also a hard per-PR budget (default false). */
  public Boolean enforceErrorThreshold;

  public static CostConfig withPricing(List<PricingEntry> entries) {
    CostConfig config = new CostConfig();
    config.pricing = entries;
    return config;
  }

  /**
   * Entries laid over the built-in catalog ({@code extends_default_pricing: true}): what {@code
   * pricing import} writes, so the models it leaves out keep their built-in prices instead of
   * becoming unpriced.
   */
  public static CostConfig extendingDefaults(List<PricingEntry> entries) {
    CostConfig config = withPricing(entries);
    config.extendsDefaultPricing = true;
    return config;
  }

  public boolean isEnabled() {
    return enabled == null || enabled;
  }

  public boolean postsToPr() {
    return postToPr != null && postToPr;
  }

  /** {@code comment_min_interval}, default 5 minutes; the loader has checked it parses. */
  public java.time.Duration commentMinInterval() {
    return commentMinInterval == null ? java.time.Duration.ofMinutes(5) : Durations.parse(commentMinInterval);
  }

  public boolean extendsDefaults() {
    return extendsDefaultPricing != null && extendsDefaultPricing;
  }
}
