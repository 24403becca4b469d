package dev.cto.costs.web.ui;

import dev.cto.costs.analytics.AnalyticsScope;
import dev.cto.costs.analytics.TrendPeriod;

/**
 * The period an agent's trend is bucketed by: the URL's {@code period} (day, week or month, as the
 * trends API reads it), else days for ranges up to {@value #DAILY_UP_TO} days and weeks beyond,
 * so the default range (this month) draws one point per day and a year stays readable.
 *
 * @param given whether the URL chose it (then links keep it)
 */
record TrendChoice(TrendPeriod period, boolean given) {

  static final int DAILY_UP_TO = 62;

  static TrendChoice parse(String value, AnalyticsScope range) {
    if (value == null || value.isBlank()) {
      return new TrendChoice(range.days() <= DAILY_UP_TO ? TrendPeriod.DAY : TrendPeriod.WEEK, false);
    }
    return new TrendChoice(TrendPeriod.parse(value), true);
  }

  String label() {
    return period.label();
  }

  /** The URL parameter as links carry it: null when the default was used. */
  String param() {
    return given ? period.label() : null;
  }
}
