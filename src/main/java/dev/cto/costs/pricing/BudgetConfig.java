package dev.cto.costs.pricing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.util.List;

/** One entry of the config's {@code budgets} list; {@link BudgetBooks} checks it and builds the budget. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "scope", "period", "limit_usd", "alert_at", "enforce"})
public final class BudgetConfig {

  public String name;
  public Scope scope;
  public String period;
  public BigDecimal limitUsd;
  public List<BigDecimal> alertAt;
  public Boolean enforce;

  /** Which calls count: every key given must match; {@code {}} is everything. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class Scope {
    /** Only {@code "*"}: each PR is its own budget. */
    public String pr;
    public String repository;
    public String team;
    public String agent;
    /** A model glob: {@code *} any characters, {@code ?} one. */
    public String model;
  }
}
