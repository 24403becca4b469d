package dev.cto.costs.web;

import dev.cto.costs.report.ExportWriter;
import dev.cto.costs.report.Periods;
import dev.cto.costs.report.PrListing;
import dev.cto.costs.report.ReportRenderer;
import dev.cto.costs.report.ReportService;
import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.UsageFilter;
import io.javalin.http.Context;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The query API: the same JSON documents as the CLI's {@code --format json} (docs/reports.md). */
final class QueryHandlers {

  private final ReportService reports;
  private final CostQueries queries;
  private final Clock clock;

  QueryHandlers(ReportService reports, CostQueries queries, Clock clock) {
    this.reports = reports;
    this.queries = queries;
    this.clock = clock;
  }

  void pr(Context ctx) throws Exception {
    long pr = positive("pr", ctx.pathParam("pr"));
    json(ctx, reports.prReport(ctx.queryParam("repo"), pr, "true".equals(ctx.queryParam("detailed"))));
  }

  void agent(Context ctx) throws Exception {
    String since = ctx.queryParam("since");
    String days = ctx.queryParam("days");
    if (since != null && days != null) {
      throw new IllegalArgumentException("since and days: give one of them");
    }
    Instant from = since != null ? Periods.date("since", since)
        : Periods.lastDays(days == null ? 30 : (int) positive("days", days), clock);
    json(ctx, reports.agentReport(ctx.pathParam("name"), from, Periods.date("until", ctx.queryParam("until"))));
  }

  void compare(Context ctx) throws Exception {
    String prs = ctx.queryParam("prs");
    if (prs == null || prs.isBlank()) {
      throw new IllegalArgumentException("prs: is required, e.g. ?prs=120,121,122");
    }
    List<Long> numbers = new ArrayList<>();
    for (String p : prs.split(",")) {
      numbers.add(positive("prs", p.trim()));
    }
    json(ctx, reports.compare(ctx.queryParam("repo"), numbers));
  }

  void summary(Context ctx) throws Exception {
    String since = ctx.queryParam("since");
    if (since != null && ctx.queryParam("month") != null) {
      throw new IllegalArgumentException("month and since: give one of them");
    }
    Periods.Window window = since != null
        ? new Periods.Window(Periods.date("since", since), Periods.date("until", ctx.queryParam("until")))
        : Periods.month(ctx.queryParam("month"), clock);
    json(ctx, reports.summary(window.from(), window.until(), ctx.queryParam("repo")));
  }

  /** The PR list of {@code costs prs list}, paged: {@code offset} and {@code limit} (default 50, 0: all). */
  void prs(Context ctx) throws Exception {
    String since = ctx.queryParam("since");
    String days = ctx.queryParam("days");
    if (since != null && days != null) {
      throw new IllegalArgumentException("since and days: give one of them");
    }
    Instant from = since != null ? Periods.date("since", since)
        : days != null ? Periods.lastDays((int) positive("days", days), clock) : null;
    String sort = ctx.queryParam("sort") == null ? "cost" : ctx.queryParam("sort");
    if (!sort.equals("cost") && !sort.equals("date")) {
      throw new IllegalArgumentException("sort: must be cost or date, was '" + sort + "'");
    }
    json(ctx, reports.prList(ctx.queryParam("repo"), ctx.queryParam("agent"), from,
        Periods.date("until", ctx.queryParam("until")), ctx.queryParam("status"),
        PrListing.Sort.valueOf(sort.toUpperCase(java.util.Locale.ROOT)), whole("offset", ctx.queryParam("offset"), 0),
        whole("limit", ctx.queryParam("limit"), 50)));
  }

  /** Streams the records: memory stays flat however many there are. */
  void export(Context ctx) throws Exception {
    String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
    if (!format.equals("json") && !format.equals("csv")) {
      throw new IllegalArgumentException("format: must be json or csv, was '" + format + "'");
    }
    String pr = ctx.queryParam("pr");
    UsageFilter filter = new UsageFilter(ctx.queryParam("repo"), pr == null ? null : positive("pr", pr), ctx.queryParam("agent"),
        Periods.date("since", ctx.queryParam("since")), Periods.date("until", ctx.queryParam("until")), null);
    ctx.contentType(format.equals("csv") ? "text/csv; charset=utf-8" : "application/json");
    OutputStream out = ctx.outputStream();
    ExportWriter.write(queries, filter, format.equals("csv"), out);
    out.flush();
  }

  private static void json(Context ctx, Object document) throws Exception {
    ctx.contentType("application/json").result(ReportRenderer.JSON.writeValueAsBytes(document));
  }

  private static int whole(String name, String value, int absent) {
    if (value == null) {
      return absent;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + ": must be a whole number >= 0, was '" + value + "'");
  }

  private static long positive(String name, String value) {
    try {
      long n = Long.parseLong(value);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + ": must be a whole number >= 1, was '" + value + "'");
  }
}
