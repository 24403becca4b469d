package dev.cto.costs.web.ui;

import java.util.List;

/**
 * What the frame of every page needs: title, the page the navigation marks, the scope its links
 * carry, the repositories the filter offers, and where the download buttons point.
 *
 * @param path the page's own path, which the filter form submits to
 * @param exportFilter extra export API parameters of this page (a PR's, say), "" for none
 * @param version the data version the live-update script compares against
 */
record Layout(
    String title, String active, String path, PageScope scope, Assets assets, boolean loginRequired, long version,
    List<String> repositories, String exportFilter) {

  /** The pages in the navigation, in order: path and label. */
  static final List<List<String>> NAV = List.of(List.of("/", "Overview"), List.of("/prs", "PRs"), List.of("/models", "Models"));

  String asset(String name) {
    return assets.url(name);
  }

  String link(String path) {
    return path + scope.query();
  }

  /** A PR's page, keeping the scope. */
  String pr(String repository, long number) {
    String path = PrPath.of(repository, number);
    String query = scope.query();
    return query.isEmpty() ? path : path + (path.contains("?") ? "&" + query.substring(1) : query);
  }

  /** This page with the scope and {@code extra} parameters (name, value, …). */
  String here(List<String> extra) {
    return path + scope.query(extra);
  }

  String export(String format) {
    return "/v1/export" + scope.exportQuery(format) + exportFilter;
  }
}
