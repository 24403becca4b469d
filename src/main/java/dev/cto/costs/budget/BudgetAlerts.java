package dev.cto.costs.budget;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cto.costs.domain.Announcement;
import dev.cto.costs.report.ReportRenderer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The budget alerts due now, from the budgets' status (docs/budgets.md, "Alerts"): each
 * {@code alert_at} fraction a budget's spend has reached in its current period
 * ({@value #THRESHOLD}), and for a periodic budget whose run rate projects past its limit before
 * the period ends, the day it runs out ({@value #FORECAST}). The subjects carry the period, so the
 * store announces each once per period, whichever replica or run sees it first.
 */
public final class BudgetAlerts {

  public static final String THRESHOLD = "budget_threshold";
  public static final String FORECAST = "budget_forecast";

  /**
   * The share of the period that must have passed before a run-rate projection is trusted: an
   * hour's spike at the start of a day or month would otherwise project absurdly.
   */
  static final BigDecimal FORECAST_AFTER = new BigDecimal("0.1");

  private BudgetAlerts() {}

  /** What is due now; the caller records them, and the store keeps only the new ones. */
  public static List<Announcement> due(BudgetBook book, BudgetReport report, Instant now) {
    Map<String, Budget> byName = book.budgets().stream().collect(Collectors.toMap(Budget::name, b -> b, (a, b) -> a));
    List<Announcement> due = new ArrayList<>();
    for (BudgetStatus s : report.budgets()) {
      Budget b = byName.get(s.name());
      if (b == null) {
        continue; // removed by a reload since the status was read
      }
      // the period the status was read for, even if the clock has since moved into the next one
      Instant periodAt = s.periodStart() == null ? now : s.periodStart();
      String period = b.periodKey(periodAt);
      if (s.prs() == null) {
        thresholds(b, s, period, null, null, s.spentUsd(), now, due);
        forecast(b, s, period, periodAt, now, due);
      } else {
        for (BudgetStatus.PrBudgetStatus pr : s.prs()) {
          thresholds(b, s, period, pr.repository(), pr.prNumber(), pr.spentUsd(), now, due);
        }
      }
    }
    return due;
  }

  private static void thresholds(Budget b, BudgetStatus s, String period, String repository, Long pr, BigDecimal spent,
      Instant now, List<Announcement> due) {
    BigDecimal limit = s.limitUsd();
    String where = pr == null ? "" : " on " + (repository.isEmpty() ? "" : repository) + "#" + pr;
    for (BigDecimal fraction : b.alertAt()) {
      if (spent.compareTo(limit.multiply(fraction)) < 0) {
        continue;
      }
      ObjectNode body = body(THRESHOLD, b, s);
      if (pr != null) {
        body.put("repository", repository);
        body.put("pr_number", pr);
      }
      body.put("alert_at", fraction);
      body.put("limit_usd", limit);
      body.put("spent_usd", spent);
      String percent = fraction.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
      String text = "Budget '" + b.name() + "' " + describe(s) + ": " + dollars(spent) + " of " + dollars(limit)
          + " spent" + where + periodWords(s) + " (" + percent + " alert)";
      String subject = Announcement.subject(
          period + (pr == null ? "" : "|" + repository + "#" + pr) + "|" + fraction.stripTrailingZeros().toPlainString());
      due.add(new Announcement(THRESHOLD, subject, text, ReportRenderer.compact(body), now));
    }
  }

  private static void forecast(Budget b, BudgetStatus s, String period, Instant periodAt, Instant now,
      List<Announcement> due) {
    PeriodWindow window = b.period().window(periodAt);
    BigDecimal spent = s.spentUsd();
    BigDecimal limit = s.limitUsd();
    if (!window.isBounded() || s.projectedEndOfPeriodUsd() == null || spent.signum() <= 0
        || spent.compareTo(limit) >= 0 || s.projectedEndOfPeriodUsd().compareTo(limit) <= 0) {
      return;
    }
    long length = Duration.between(window.start(), window.end()).toMillis();
    long elapsed = Math.min(Duration.between(window.start(), now).toMillis(), length);
    if (BigDecimal.valueOf(elapsed).compareTo(FORECAST_AFTER.multiply(BigDecimal.valueOf(length))) < 0) {
      return;
    }
    // at the run rate so far, the limit is reached after elapsed × limit / spent
    long untilLimit = limit.multiply(BigDecimal.valueOf(elapsed)).divide(spent, 0, RoundingMode.CEILING).longValueExact();
    LocalDate runsOut = window.start().plusMillis(untilLimit).atZone(ZoneOffset.UTC).toLocalDate();
    ObjectNode body = body(FORECAST, b, s);
    body.put("limit_usd", limit);
    body.put("spent_usd", spent);
    body.put("projected_end_of_period_usd", s.projectedEndOfPeriodUsd());
    body.put("runs_out_on", runsOut.toString());
    String text = "At this rate, budget '" + b.name() + "' " + describe(s) + " runs out on " + runsOut + ": "
        + dollars(spent) + " of " + dollars(limit) + " spent" + periodWords(s) + ", " + dollars(s.projectedEndOfPeriodUsd())
        + " projected by its end";
    due.add(new Announcement(FORECAST, Announcement.subject(period), text, ReportRenderer.compact(body), now));
  }

  private static ObjectNode body(String event, Budget b, BudgetStatus s) {
    ObjectNode body = ReportRenderer.JSON.createObjectNode();
    body.put("event", event);
    body.put("budget", b.name());
    body.set("scope", ReportRenderer.JSON.valueToTree(s.scope()));
    body.put("period", s.period());
    body.put("period_start", s.periodStart() == null ? null : s.periodStart().toString());
    return body;
  }

  private static String describe(BudgetStatus s) {
    return s.scope().isEmpty() ? "(everything)" : "(" + s.scope().entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")) + ")";
  }

  private static String periodWords(BudgetStatus s) {
    return s.periodStart() == null ? "" : " this " + s.period() + " (from " + s.periodStart().toString().substring(0, 10) + ")";
  }

  private static String dollars(BigDecimal usd) {
    return "$" + usd.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }
}
