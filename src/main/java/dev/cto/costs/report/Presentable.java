package dev.cto.costs.report;

/**
 * A report that lays itself out. Reports built outside this package (the analytics) implement it,
 * so {@link ReportRenderer} draws them in table, Markdown and CSV like its own reports without this
 * package depending on theirs.
 */
public interface Presentable {

  /** The report for people: title, facts, tables and notes; every stored string as given (the renderers escape). */
  View view();

  /**
   * The layout for one format: a report may show people (table, Markdown) a capped, decorated
   * view and give CSV every row, plainly. By default every format gets {@link #view()}.
   */
  default View view(Format format) {
    return view();
  }
}
