package dev.cto.costs.pricing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One team of the config's {@code teams} section: the repositories and agents whose records are
 * the team's (either list may be empty). Budgets scope to it with {@code {team: NAME}}, and the
 * chargeback ({@code costs allocate --by team}) charges its records to it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class TeamConfig {

  public List<String> repositories;
  public List<String> agents;
}
