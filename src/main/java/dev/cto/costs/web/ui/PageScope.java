package dev.cto.costs.web.ui;

import dev.cto.costs.analytics.AnalyticsScope;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What every page covers: the date range and repository of the URL ({@code since}, {@code until},
 * {@code repo}), carried from page to page so a link reloads the same view. Without dates a page
 * covers this month to date (UTC); the range itself is an {@link AnalyticsScope}, so analytics pages
 * read the same parameters the same way.
 *
 * @param since the {@code since} parameter as given, or null
 * @param until the {@code until} parameter as given, or null
 */
record PageScope(String since, String until, String repo, AnalyticsScope range) {

  static PageScope parse(String since, String until, String repo, Clock clock) {
    String from = blank(since) ? LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1).toString() : since;
    String to = blank(until) ? null : until;
    if (blank(since) && to != null) {
      from = AnalyticsScope.day("until", to).withDayOfMonth(1).toString();
    }
    String repository = blank(repo) ? null : repo;
    return new PageScope(blank(since) ? null : since.trim(), to == null ? null : to.trim(), repository,
        AnalyticsScope.parse(from, to, repository, null, clock));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** {@code ?since=…&until=…&repo=…} with only what the URL gave, or "" when nothing. */
  String query() {
    return query(List.of());
  }

  /** The scope's parameters followed by {@code extra} (name, value, name, value…; null values left out). */
  String query(List<String> extra) {
    List<String> parts = new ArrayList<>();
    add(parts, "since", since);
    add(parts, "until", until);
    add(parts, "repo", repo);
    for (int i = 0; i + 1 < extra.size(); i += 2) {
      add(parts, extra.get(i), extra.get(i + 1));
    }
    return parts.isEmpty() ? "" : "?" + String.join("&", parts);
  }

  /** The export API's query for this scope (its {@code until} is exclusive, so the day after). */
  String exportQuery(String format) {
    return apiQuery(List.of("format", format));
  }

  /**
   * The query API's parameters for this scope ({@code /v1/export}, {@code /v1/prs}: their
   * {@code until} is exclusive, so the day after) followed by {@code extra} (name, value, …).
   */
  String apiQuery(List<String> extra) {
    List<String> parts = new ArrayList<>();
    add(parts, "since", range.from().toString());
    add(parts, "until", range.to().plusDays(1).toString());
    add(parts, "repo", repo);
    for (int i = 0; i + 1 < extra.size(); i += 2) {
      add(parts, extra.get(i), extra.get(i + 1));
    }
    return "?" + String.join("&", parts);
  }

  /**
   * The analytics API's query for this scope (its days are inclusive, as here) followed by
   * {@code extra} (name, value, …; null values left out): the same figures as JSON.
   */
  String analyticsQuery(List<String> extra) {
    List<String> parts = new ArrayList<>();
    add(parts, "since", range.from().toString());
    add(parts, "until", range.to().toString());
    add(parts, "repo", repo);
    for (int i = 0; i + 1 < extra.size(); i += 2) {
      add(parts, extra.get(i), extra.get(i + 1));
    }
    return "?" + String.join("&", parts);
  }

  String fromDay() {
    return range.from().toString();
  }

  String toDay() {
    return range.to().toString();
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void add(List<String> parts, String name, String value) {
    if (value != null) {
      parts.add(name + "=" + encode(value));
    }
  }
}
