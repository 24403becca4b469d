package dev.cto.costs.report;

/**
 * A report that lays itself out. Reports built outside this package (the analytics) implement it,
 * so {@link ReportRenderer} draws them in table, Markdown and CSV like its own reports without this
 * package depending on theirs.
 */
public interface Presentable {

  /** The report for people: title, facts, tables and notes; every stored string as given (the renderers escape). */
  View view();
}
