package dev.cto.costs.web.ui;

import java.util.regex.Pattern;

/**
 * A PR's page address, {@code /prs/{owner}/{name}/{number}}. Repository names are free text: one
 * that is not {@code owner/name} (servers refuse an encoded slash in a path) goes in the query,
 * {@code /prs/-/-/{number}?repository=…}, and a PR without a repository is {@code /prs/-/-/{number}}.
 */
final class PrPath {

  private static final Pattern GITHUB_REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

  private PrPath() {}

  static String of(String repository, long pr) {
    if (repository == null || repository.isEmpty()) {
      return "/prs/-/-/" + pr;
    }
    int slash = repository.indexOf('/');
    if (slash > 0 && slash == repository.lastIndexOf('/') && slash < repository.length() - 1 && !repository.startsWith("-/")
        && !repository.startsWith("./") && !repository.startsWith("../") && !repository.endsWith("/.") && !repository.endsWith("/..")) {
      return "/prs/" + PageScope.encode(repository.substring(0, slash)) + "/" + PageScope.encode(repository.substring(slash + 1)) + "/" + pr;
    }
    return "/prs/-/-/" + pr + "?repository=" + PageScope.encode(repository);
  }

  /** The repository a page address names ({@code ""} for usage without one). */
  static String repository(String owner, String name, String query) {
    if (owner.equals("-") && name.equals("-")) {
      return query == null ? "" : query;
    }
    return owner + "/" + name;
  }

  /** The PR on GitHub, when the repository is a GitHub {@code owner/name}; else null. */
  static String github(String repository, long pr) {
    return repository != null && GITHUB_REPO.matcher(repository).matches() ? "https://github.com/" + repository + "/pull/" + pr : null;
  }
}
