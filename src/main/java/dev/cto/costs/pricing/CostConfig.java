package dev.cto.costs.pricing;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cost config file (CONTRACT §2; the seed's {@code CostConfig} plus new keys). Keys this
 * version does not know are kept in {@link #extra()} for the features that read them (proxy,
 * attribution, github, …) instead of failing: one file serves every component.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"enabled", "warning_threshold", "error_threshold", "post_to_pr", "default_repository",
    "extends_default_pricing", "pricing", "comment_min_interval", "github", "alerts"})
@JsonIgnoreProperties(value = {"extra"}, allowGetters = false)
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

  private final Map<String, JsonNode> extra = new LinkedHashMap<>();

  public static CostConfig withPricing(List<PricingEntry> entries) {
    CostConfig config = new CostConfig();
    config.pricing = entries;
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

  @JsonAnySetter
  void putExtra(String key, JsonNode value) {
    extra.put(key, value);
  }

  @JsonAnyGetter
  public Map<String, JsonNode> extra() {
    return extra;
  }
}
