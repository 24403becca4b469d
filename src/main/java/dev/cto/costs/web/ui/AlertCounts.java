package dev.cto.costs.web.ui;

import dev.cto.costs.report.AlertHistory;
import java.util.List;

/**
 * The alerts page's cards: how many alerts are listed and how their deliveries stand. An alert
 * counts once, by its worst delivery ({@link AlertHistory.Entry#state()}).
 *
 * @param unsent alerts no sink was configured for (logged and counted only)
 */
record AlertCounts(int shown, int delivered, int pending, int failed, int unsent) {

  static AlertCounts of(List<AlertHistory.Entry> alerts) {
    int delivered = 0;
    int pending = 0;
    int failed = 0;
    int unsent = 0;
    for (AlertHistory.Entry e : alerts) {
      switch (e.state()) {
        case AlertHistory.Delivery.DELIVERED -> delivered++;
        case AlertHistory.Delivery.FAILED -> failed++;
        case AlertHistory.Delivery.PENDING -> pending++;
        default -> unsent++;
      }
    }
    return new AlertCounts(alerts.size(), delivered, pending, failed, unsent);
  }
}
