package dev.cto.costs.analytics;

import dev.cto.costs.domain.Usd;
import dev.cto.costs.report.Numbers;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code daily_spend} kind: each UTC day of the scope against the
 * {@value AnomalyRule#DAY_WINDOW_DAYS} days before it (a day without records counts as $0). Days
 * before the first day with spend in the window read are not history and do not count; a day with
 * fewer than {@value AnomalyRule#MIN_DAYS} days of history gets no verdict. With {@code --repo} or
 * {@code --agent} the spend watched is that repository's or agent's.
 */
final class DailySpendAnomalies {

  private DailySpendAnomalies() {}

  /** @param spend nano-dollars per day over the scope and the window before it; missing days spent nothing */
  static List<Anomaly> find(Map<LocalDate, Long> spend, AnalyticsScope scope) {
    List<Anomaly> found = new ArrayList<>();
    LocalDate firstSpend = spend.entrySet().stream().filter(e -> e.getValue() != 0).map(Map.Entry::getKey)
        .min(LocalDate::compareTo).orElse(null);
    if (firstSpend == null) {
      return found;
    }
    for (LocalDate day = scope.from(); !day.isAfter(scope.to()); day = day.plusDays(1)) {
      long value = spend.getOrDefault(day, 0L);
      if (value <= 0) {
        continue;
      }
      LocalDate start = day.minusDays(AnomalyRule.DAY_WINDOW_DAYS);
      if (start.isBefore(firstSpend)) {
        start = firstSpend;
      }
      int days = (int) (day.toEpochDay() - start.toEpochDay());
      if (days < AnomalyRule.MIN_DAYS) {
        continue;
      }
      long[] history = new long[days];
      for (int i = 0; i < days; i++) {
        history[i] = spend.getOrDefault(start.plusDays(i), 0L);
      }
      Baseline baseline = Baseline.of(history);
      double score = baseline.scoreOf(value);
      if (!AnomalyRule.isAnomaly(baseline, value, score)) {
        continue;
      }
      BigDecimal shownValue = Usd.ofNanos(value).toBigDecimal();
      BigDecimal usual = baseline.median().movePointLeft(9).setScale(9, RoundingMode.HALF_EVEN);
      String whose = (scope.agent() == null ? "" : " by " + scope.agent())
          + (scope.repository() == null ? "" : " in " + (scope.repository().isEmpty() ? "(no repository)" : scope.repository()));
      String sentence = Numbers.dollars(shownValue) + " spent" + whose + " on " + day + " (UTC), "
          + Explanations.times(baseline.ratio(value)) + " the usual " + Numbers.dollars(usual)
          + " a day (median of the " + days + " days before)";
      found.add(new Anomaly(AnomalyKind.DAILY_SPEND.wireName(), scope.repository(), null, scope.agent(), null, day,
          shownValue, usual, Explanations.score(score), sentence));
    }
    return found;
  }
}
