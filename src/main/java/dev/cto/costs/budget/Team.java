package dev.cto.costs.budget;

import java.util.Objects;
import java.util.Set;

/**
 * A team of the config's {@code teams} section: a record belongs to it when its repository is one
 * of the team's repositories or its agent one of the team's agents (either list may be empty).
 */
public record Team(String name, Set<String> repositories, Set<String> agents) {

  public Team {
    Objects.requireNonNull(name, "name");
    repositories = Set.copyOf(repositories);
    agents = Set.copyOf(agents);
  }

  public boolean contains(String repository, String agent) {
    return repository != null && repositories.contains(repository) || agent != null && agents.contains(agent);
  }
}
