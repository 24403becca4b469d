package dev.cto.costs.web.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * What the frame of every page needs: title, the page the navigation marks, the scope its links
 * carry, the repositories the filter offers, and where the download buttons point.
 *
 * @param path the page's own path, which the filter form submits to
 * @param downloads the page's download buttons (the export API's records of the view, or the page's own API)
 * @param version the data version the live-update script compares against
 * @param keep the page's own parameters (name, value, …; null values left out) that its forms and
 *     links must carry besides the scope: an agent named in the query, the trend's period
 * @param ranged whether the page follows the date range and repository filter (the budgets page
 *     shows each budget's current period: no filter form, though its links still carry the scope)
 */
record Layout(
    String title, String active, String path, PageScope scope, Assets assets, boolean loginRequired, long version,
    List<String> repositories, List<Download> downloads, List<String> keep, boolean ranged) {

  /** The pages in the navigation, in order: path and label. */
  static final List<List<String>> NAV = List.of(List.of("/", "Overview"), List.of("/prs", "PRs"), List.of("/agents", "Agents"),
      List.of("/models", "Models"), List.of("/budgets", "Budgets"), List.of("/alerts", "Alerts"));

  /**
   * A download button: the API's answer for the page's view.
   *
   * @param file the name the browser saves it under
   */
  record Download(String label, String href, String file) {}

  Layout {
    keep = List.copyOf(keep.stream().map(v -> v == null ? "" : v).toList());
    downloads = List.copyOf(downloads);
  }

  /** The records of the view through the export API, as CSV and JSON; {@code exportFilter} adds the page's own ({@code &pr=…}). */
  static List<Download> exports(PageScope scope, String exportFilter) {
    return List.of(new Download("CSV", "/v1/export" + scope.exportQuery("csv") + exportFilter, "costs.csv"),
        new Download("JSON", "/v1/export" + scope.exportQuery("json") + exportFilter, "costs.json"));
  }

  String asset(String name) {
    return assets.url(name);
  }

  String link(String path) {
    return path + scope.query();
  }

  /** Another page with the scope and {@code extra} parameters (name, value, …). */
  String link(String path, List<String> extra) {
    return withScope(path, extra);
  }

  /** A PR's page, keeping the scope. */
  String pr(String repository, long number) {
    return withScope(PrPath.of(repository, number), List.of());
  }

  /** An agent's page, keeping the scope and {@code extra} parameters (name, value, …). */
  String agent(String name, List<String> extra) {
    return withScope(AgentPath.of(name), extra);
  }

  /** This page with the scope, the page's own parameters and {@code extra} ones (name, value, …; extra wins). */
  String here(List<String> extra) {
    List<String> all = new ArrayList<>();
    for (int i = 0; i + 1 < keep.size(); i += 2) {
      if (!named(extra, keep.get(i)) && !keep.get(i + 1).isEmpty()) {
        all.add(keep.get(i));
        all.add(keep.get(i + 1));
      }
    }
    all.addAll(extra);
    return path + scope.query(all);
  }

  /** The page's own parameters as (name, value) pairs for hidden form fields, except those named in {@code except}. */
  List<List<String>> hidden(List<String> except) {
    List<List<String>> fields = new ArrayList<>();
    for (int i = 0; i + 1 < keep.size(); i += 2) {
      if (!except.contains(keep.get(i)) && !keep.get(i + 1).isEmpty()) {
        fields.add(List.of(keep.get(i), keep.get(i + 1)));
      }
    }
    return fields;
  }

  private String withScope(String path, List<String> extra) {
    String query = scope.query(extra);
    return query.isEmpty() ? path : path + (path.contains("?") ? "&" + query.substring(1) : query);
  }

  private static boolean named(List<String> params, String name) {
    for (int i = 0; i < params.size(); i += 2) {
      if (params.get(i).equals(name)) {
        return true;
      }
    }
    return false;
  }
}
