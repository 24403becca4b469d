package dev.cto.costs.budget;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cto.costs.domain.Announcement;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.report.ReportRenderer;
import dev.cto.costs.store.BudgetLedger.PrSpend;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
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

  /**
   * What is due now, the PRs of each {@code {pr: "*"}} budget taken from its status's {@code prs}
   * (at most {@link BudgetStatusService#PRS_SHOWN}: see the four-argument form for all of them).
   */
  public static List<Announcement> due(BudgetBook book, BudgetReport report, Instant now) {
    Map<String, List<PrSpend>> shown = new HashMap<>();
    for (BudgetStatus s : report.budgets()) {
      if (s.prs() != null) {
        shown.put(s.name(), s.prs().stream()
            .map(p -> new PrSpend(p.repository(), p.prNumber(), Usd.of(p.spentUsd()))).toList());
      }
    }
    return due(book, report, shown, now);
  }

  /**
   * What is due now; the caller records them, and the store keeps only the new ones.
   *
   * @param prs per {@code {pr: "*"}} budget name, every PR an alert may be due for ({@link
   *     BudgetStatusService#prsForAlerts}): the status lists only the PRs closest to the limit,
   *     and a crossing outside those must be announced all the same
   */
  public static List<Announcement> due(BudgetBook book, BudgetReport report, Map<String, List<PrSpend>> prs,
      Instant now) {
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
        forecast(b, s, period, periodAt, null, null, s.spentUsd(), s.projectedEndOfPeriodUsd(), now, due);
      } else {
        PeriodWindow window = b.period().window(periodAt);
        for (PrSpend pr : prs.getOrDefault(s.name(), List.of())) {
          BigDecimal spent = new BigDecimal(pr.spent().toPlainString());
          thresholds(b, s, period, pr.repository(), pr.prNumber(), spent, now, due);
          forecast(b, s, period, periodAt, pr.repository(), pr.prNumber(), spent,
              BudgetStatusService.projected(pr.spent(), window, now), now, due);
        }
      }
    }
    return due;
  }

  /**
   * The least a PR of a {@code {pr: "*"}} budget must have spent for an alert to be due for it now:
   * its lowest {@code alert_at} of the limit, or less for a periodic budget, whose forecast is due
   * once the run rate projects past the limit ({@code spent > limit × elapsed / (elapsed + left)},
   * as {@link BudgetStatusService#projected} counts them, once {@link #FORECAST_AFTER} of the period
   * has passed). Null when no alert can be due.
   */
  static Usd lowestDue(Budget b, Instant periodAt, Instant now) {
    BigDecimal limit = new BigDecimal(b.limit().toPlainString());
    BigDecimal floor = b.alertAt().isEmpty() ? null : limit.multiply(b.alertAt().get(0));
    PeriodWindow window = b.period().window(periodAt);
    if (window.isBounded() && forecastTrusted(window, now)) {
      long[] elapsedAndLeft = BudgetStatusService.elapsedAndLeft(window, now);
      BigDecimal onCourse = limit.multiply(BigDecimal.valueOf(elapsedAndLeft[0]))
          .divide(BigDecimal.valueOf(elapsedAndLeft[0] + elapsedAndLeft[1]), 9, RoundingMode.FLOOR);
      floor = floor == null ? onCourse : floor.min(onCourse);
    }
    return floor == null ? null : Usd.of(floor.setScale(9, RoundingMode.FLOOR));
  }

  private static void thresholds(Budget b, BudgetStatus s, String period, String repository, Long pr, BigDecimal spent,
      Instant now, List<Announcement> due) {
    BigDecimal limit = s.limitUsd();
    String where = where(repository, pr);
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

  private static void forecast(Budget b, BudgetStatus s, String period, Instant periodAt, String repository, Long pr,
      BigDecimal spent, BigDecimal projected, Instant now, List<Announcement> due) {
    PeriodWindow window = b.period().window(periodAt);
    BigDecimal limit = s.limitUsd();
    if (!window.isBounded() || projected == null || spent.signum() <= 0
        || spent.compareTo(limit) >= 0 || projected.compareTo(limit) <= 0) {
      return;
    }
    if (!forecastTrusted(window, now)) {
      return;
    }
    long length = Duration.between(window.start(), window.end()).toMillis();
    long elapsed = Math.min(Duration.between(window.start(), now).toMillis(), length);
    // at the run rate so far, the limit is reached after elapsed × limit / spent
    long untilLimit = limit.multiply(BigDecimal.valueOf(elapsed)).divide(spent, 0, RoundingMode.CEILING).longValueExact();
    LocalDate runsOut = window.start().plusMillis(untilLimit).atZone(ZoneOffset.UTC).toLocalDate();
    ObjectNode body = body(FORECAST, b, s);
    if (pr != null) {
      body.put("repository", repository);
      body.put("pr_number", pr);
    }
    body.put("limit_usd", limit);
    body.put("spent_usd", spent);
    body.put("projected_end_of_period_usd", projected);
    body.put("runs_out_on", runsOut.toString());
    String text = "At this rate, budget '" + b.name() + "' " + describe(s) + " runs out on " + runsOut + ": "
        + dollars(spent) + " of " + dollars(limit) + " spent" + where(repository, pr) + periodWords(s) + ", "
        + dollars(projected) + " projected by its end";
    String subject = Announcement.subject(period + (pr == null ? "" : "|" + repository + "#" + pr));
    due.add(new Announcement(FORECAST, subject, text, ReportRenderer.compact(body), now));
  }

  /** Whether enough of the period has passed ({@link #FORECAST_AFTER}) for its run rate to be trusted. */
  private static boolean forecastTrusted(PeriodWindow window, Instant now) {
    long length = Duration.between(window.start(), window.end()).toMillis();
    long elapsed = Math.min(Duration.between(window.start(), now).toMillis(), length);
    return BigDecimal.valueOf(elapsed).compareTo(FORECAST_AFTER.multiply(BigDecimal.valueOf(length))) >= 0;
  }

  private static String where(String repository, Long pr) {
    return pr == null ? "" : " on " + (repository.isEmpty() ? "" : repository) + "#" + pr;
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
