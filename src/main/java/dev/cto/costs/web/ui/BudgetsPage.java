package dev.cto.costs.web.ui;

import dev.cto.costs.budget.BudgetReport;
import dev.cto.costs.budget.BudgetStatusService;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /budgets}: every configured budget as {@code GET /v1/budgets} answers it (the same
 * service, called the same way), so the page and the JSON agree to the nano-dollar. Budgets cover
 * their current period, not the page's date range: the page has no filter form, and its links
 * still carry the range and repository to the other pages.
 */
final class BudgetsPage {

  static final String JSON = "/v1/budgets";

  private final Frame frame;
  private final BudgetStatusService budgets;

  BudgetsPage(Frame frame, BudgetStatusService budgets) {
    this.frame = frame;
    this.budgets = budgets;
  }

  void show(Context ctx) {
    PageScope scope = frame.scope(ctx);
    BudgetReport report = Objects.requireNonNull(budgets, "the budgets page needs the budget status service").status();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("layout", frame.layout(ctx, "Budgets", "/budgets", scope, AlertsPage.withRecords(scope, new Layout.Download("Budgets JSON", JSON, "budgets.json")), false));
    params.put("report", report);
    params.put("json", JSON);
    frame.render(ctx, 200, "budgets.jte", params);
  }
}
