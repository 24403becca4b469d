package dev.cto.costs.web;

import dev.cto.costs.budget.BudgetStatusService;
import dev.cto.costs.budget.CallReservations;
import dev.cto.costs.budget.Chargeback;
import dev.cto.costs.report.Periods;
import dev.cto.costs.report.ReportRenderer;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * {@code GET /v1/budgets} and {@code GET /v1/allocate}: the same JSON as {@code costs budgets} and
 * {@code costs allocate --format json}, with the same parameter names as the CLI's flags.
 */
public final class BudgetRoutes {

  private final BudgetStatusService budgets;
  private final Chargeback chargeback;
  private final Clock clock;
  private final CallReservations reservations;

  public BudgetRoutes(BudgetStatusService budgets, Chargeback chargeback, Clock clock) {
    this(budgets, chargeback, clock, null);
  }

  private BudgetRoutes(BudgetStatusService budgets, Chargeback chargeback, Clock clock, CallReservations reservations) {
    this.budgets = budgets;
    this.chargeback = chargeback;
    this.clock = clock;
    this.reservations = reservations;
  }

  /** The same routes plus the reservations of callers that do not use the proxy ({@link ReservationRoutes}). */
  public BudgetRoutes withReservations(CallReservations reservations) {
    return new BudgetRoutes(budgets, chargeback, clock, reservations);
  }

  /** Mounted by the server when set; null when this service takes no reservations. */
  CallReservations reservations() {
    return reservations;
  }

  /** The status service the dashboard's budgets page reads, so page and JSON agree. */
  public BudgetStatusService service() {
    return budgets;
  }

  void budgets(Context ctx) throws Exception {
    String pr = ctx.queryParam("pr");
    String repo = ctx.queryParam("repo");
    String until = ctx.queryParam("until");
    if (pr != null && until != null) {
      throw new IllegalArgumentException("until: not with pr (a PR's budgets are shown as they stand now)");
    }
    // without pr: repo narrows the list to the budgets that can cover that repository's calls, and
    // until (exclusive) reads every budget as it stood just before it (the dashboard's date range)
    Object report = pr == null ? budgets.statusAt(dev.cto.costs.report.Periods.date("until", until), blankToNull(repo))
        : budgets.statusOfPr(repo, prNumber(pr));
    ctx.contentType("application/json").result(ReportRenderer.JSON.writeValueAsBytes(report));
  }

  void allocate(Context ctx) throws Exception {
    String by = ctx.queryParam("by");
    Chargeback.By dimension = Chargeback.By.parse(by == null ? "team" : by);
    Periods.Window month = Periods.month(ctx.queryParam("month"), clock);
    ctx.contentType("application/json")
        .result(ReportRenderer.JSON.writeValueAsBytes(chargeback.allocate(month.from(), month.until(), dimension)));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static long prNumber(String value) {
    try {
      long n = Long.parseLong(value);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("pr: must be a whole number >= 1, was '" + value + "'");
  }
}
