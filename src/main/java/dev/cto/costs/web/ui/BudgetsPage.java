package dev.cto.costs.web.ui;

import dev.cto.costs.budget.BudgetReport;
import dev.cto.costs.budget.BudgetStatusService;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /budgets}: every configured budget as {@code GET /v1/budgets} answers it (the same
 * service, called the same way), so the page and the JSON agree to the nano-dollar. Budgets have
 * periods of their own, so the date range picks a moment, not a sum: each budget as it stood at the
 * range's end (its current period while the range reaches today); the repository keeps the
 * budgets that can cover its calls, and a per-PR budget's PRs of that repository.
 */
final class BudgetsPage {

  static final String JSON = "/v1/budgets";

  private final Frame frame;
  private final BudgetStatusService budgets;
  private final Clock clock;

  BudgetsPage(Frame frame, BudgetStatusService budgets, Clock clock) {
    this.frame = frame;
    this.budgets = budgets;
    this.clock = clock;
  }

  void show(Context ctx) {
    PageScope scope = frame.scope(ctx);
    Instant until = scope.range().end();
    BudgetReport report = Objects.requireNonNull(budgets, "the budgets page needs the budget status service").statusAt(until, scope.repo());
    // the same document: the range's exclusive end and the repository, as the page reads them
    String json = JSON + "?until=" + scope.range().to().plusDays(1) + (scope.repo() == null ? "" : "&repo=" + PageScope.encode(scope.repo()));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("layout", frame.layout(ctx, "Budgets", "/budgets", scope, AlertsPage.withRecords(scope, new Layout.Download("Budgets JSON", json, "budgets.json")), true));
    params.put("report", report);
    params.put("json", json);
    // null while the range reaches today: the budgets are live, reservations included
    params.put("asOf", until.isBefore(clock.instant()) ? scope.range().to() : null);
    params.put("repo", scope.repo());
    frame.render(ctx, 200, "budgets.jte", params);
  }
}
