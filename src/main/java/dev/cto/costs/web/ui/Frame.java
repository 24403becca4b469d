package dev.cto.costs.web.ui;

import dev.cto.costs.report.ReportService;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What every page handler shares: reading the scope from the URL, building the page's frame
 * (navigation, filters, download buttons) and rendering a template. Split out of {@link Dashboard}
 * so each group of pages can live in its own small class.
 */
final class Frame {

  private final ReportService reports;
  private final Clock clock;
  private final LongSupplier dataVersion;
  private final boolean loginRequired;
  private final Assets assets;
  private final Templates templates = new Templates();

  Frame(ReportService reports, Clock clock, LongSupplier dataVersion, boolean loginRequired, Assets assets) {
    this.reports = reports;
    this.clock = clock;
    this.dataVersion = dataVersion;
    this.loginRequired = loginRequired;
    this.assets = assets;
  }

  Clock clock() {
    return clock;
  }

  Assets assets() {
    return assets;
  }

  PageScope scope(Context ctx) {
    return PageScope.parse(ctx.queryParam("since"), ctx.queryParam("until"), ctx.queryParam("repo"), clock);
  }

  /** @param exportFilter extra parameters of this page for the export API ({@code &pr=…}), "" for none */
  Layout layout(Context ctx, String title, String active, PageScope scope, String exportFilter) {
    return layout(ctx, title, active, scope, exportFilter, List.of());
  }

  /** @param keep the page's own parameters (name, value, …) its forms and links carry, besides the scope */
  Layout layout(Context ctx, String title, String active, PageScope scope, String exportFilter, List<String> keep) {
    return layout(ctx, title, active, scope, Layout.exports(scope, exportFilter), true, keep);
  }

  /** A page with its own download buttons and parameters. */
  Layout layout(Context ctx, String title, String active, PageScope scope, List<Layout.Download> downloads, List<String> keep) {
    return layout(ctx, title, active, scope, downloads, true, keep);
  }

  /**
   * A page with its own download buttons.
   *
   * @param ranged false for a page the date range and repository do not narrow (no filter form,
   *     and no query for the repositories it would offer)
   */
  Layout layout(Context ctx, String title, String active, PageScope scope, List<Layout.Download> downloads, boolean ranged) {
    return layout(ctx, title, active, scope, downloads, ranged, List.of());
  }

  private Layout layout(Context ctx, String title, String active, PageScope scope, List<Layout.Download> downloads, boolean ranged,
      List<String> keep) {
    List<String> repositories = !ranged ? List.of() : repositories(scope, "1".equals(ctx.header(Dashboard.LIVE_HEADER)));
    return new Layout(title, active, ctx.path(), scope, assets, loginRequired, dataVersion.getAsLong(), repositories, downloads,
        keep, ranged);
  }

  /** The repositories the filter offers, as of the last data version seen for this range. */
  private record RepositoryList(java.time.Instant start, java.time.Instant end, long version, List<String> names) {}

  private volatile RepositoryList lastRepositories;

  /**
   * The filter's repositories. At 10M records the query takes 40-60 ms for a month, about half a
   * PR list's server time (docs/benchmarks.md), and its answer changes only when records are
   * stored: the last answer is kept until the data version moves or the range changes. A live
   * refresh takes the last answer for the range whatever its version: the page swaps only its
   * live parts, never the filter form, so a fresh list would be thrown away (a navigation gets it).
   */
  private List<String> repositories(PageScope scope, boolean live) {
    long version = dataVersion.getAsLong();
    RepositoryList last = lastRepositories;
    if (last != null && (live || last.version() == version) && last.start().equals(scope.range().start())
        && java.util.Objects.equals(last.end(), scope.range().end())) {
      return last.names();
    }
    List<String> names = reports.repositories(scope.range().start(), scope.range().end()).stream().filter(r -> !r.isEmpty()).toList();
    lastRepositories = new RepositoryList(scope.range().start(), scope.range().end(), version, names);
    return names;
  }

  /** The links of a fragment loaded into a page (an overview panel): the page's scope, no filter form. */
  Layout panelLayout(PageScope scope) {
    return new Layout("", "", "/", scope, assets, loginRequired, dataVersion.getAsLong(), List.of(), List.of(), List.of(), false);
  }

  void render(Context ctx, int status, String template, Map<String, Object> params) {
    templates.render(ctx, status, template, params);
  }
}
