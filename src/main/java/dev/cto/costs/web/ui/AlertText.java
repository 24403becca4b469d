package dev.cto.costs.web.ui;

import dev.cto.costs.report.AlertHistory;
import dev.cto.costs.report.AlertLog;

/** How the alerts page names an alert's event and writes a delivery's state. */
final class AlertText {

  private AlertText() {}

  static String event(String event) {
    return switch (event) {
      case AlertLog.CROSSING_EVENT -> "PR threshold";
      case "cost_anomaly" -> "Cost anomaly";
      case "budget_threshold" -> "Budget alert";
      case "budget_forecast" -> "Budget forecast";
      default -> event;
    };
  }

  /** "delivered", "pending: 3 attempts", "failed after 12 attempts"; the last error is shown apart. */
  static String delivery(AlertHistory.Delivery d) {
    return switch (d.status()) {
      case AlertHistory.Delivery.DELIVERED -> "delivered" + (d.attempts() > 1 ? " after " + attempts(d.attempts()) : "");
      case AlertHistory.Delivery.FAILED -> "failed after " + attempts(d.attempts());
      default -> d.attempts() == 0 ? "pending: not tried yet" : "pending: " + attempts(d.attempts()) + ", retrying";
    };
  }

  private static String attempts(int n) {
    return n + (n == 1 ? " attempt" : " attempts");
  }
}
