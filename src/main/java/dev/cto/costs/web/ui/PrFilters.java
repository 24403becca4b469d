package dev.cto.costs.web.ui;

import dev.cto.costs.report.PrListing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The PR list's own filters on top of the page scope: agent, threshold status, sort and page
 * (1-based). Bad values are refused with the parameter named.
 */
record PrFilters(String agent, String status, PrListing.Sort sort, int page) {

  static PrFilters parse(String agent, String status, String sort, String page) {
    String s = blank(status) ? null : status.trim().toLowerCase(Locale.ROOT);
    if (s != null && !List.of("ok", "warning", "error").contains(s)) {
      throw new IllegalArgumentException("status: must be ok, warning or error, was '" + status + "'");
    }
    PrListing.Sort order = PrListing.Sort.COST;
    if (!blank(sort)) {
      if (sort.equals("cost") || sort.equals("date")) {
        order = PrListing.Sort.valueOf(sort.toUpperCase(Locale.ROOT));
      } else {
        throw new IllegalArgumentException("sort: must be cost or date, was '" + sort + "'");
      }
    }
    int n = 1;
    if (!blank(page)) {
      try {
        n = Integer.parseInt(page.trim());
      } catch (NumberFormatException e) {
        n = 0;
      }
      if (n < 1 || n > 1_000_000) {
        throw new IllegalArgumentException("page: must be a whole number >= 1, was '" + page + "'");
      }
    }
    return new PrFilters(blank(agent) ? null : agent, s, order, n);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** The list's parameters with {@code sort} and {@code page} replaced (for the sort and pager links). */
  List<String> with(PrListing.Sort newSort, int newPage) {
    List<String> params = new ArrayList<>();
    params.add("agent");
    params.add(agent);
    params.add("status");
    params.add(status);
    params.add("sort");
    params.add(newSort == PrListing.Sort.COST ? null : newSort.toString());
    params.add("page");
    params.add(newPage == 1 ? null : String.valueOf(newPage));
    return params;
  }
}
