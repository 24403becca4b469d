package dev.cto.costs.analytics;

import dev.cto.costs.domain.Announcement;
import dev.cto.costs.store.Announcements;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Announces each new cost anomaly once: {@code serve} runs it on a schedule, it looks for
 * anomalies over the last few days and records those the store has not seen. The store decides
 * what is new (one row per kind and subject), so a restart or a second replica never announces an
 * anomaly again. Older days are history, not news: the first run on a store with months of data
 * does not flood the sinks with every anomaly it ever had.
 */
public final class AnomalyAnnouncer {

  private final AnomalyService anomalies;
  private final Announcements store;
  private final Clock clock;

  public AnomalyAnnouncer(AnomalyService anomalies, Announcements store, Clock clock) {
    this.anomalies = anomalies;
    this.store = store;
    this.clock = clock;
  }

  /**
   * One pass over the last {@code lookbackDays} UTC days, today included.
   *
   * @return the anomalies this pass announced (none were announced before)
   */
  public List<Announcement> announceNew(int lookbackDays) {
    if (lookbackDays < 1) {
      throw new IllegalArgumentException("the look-back must be at least one day, was " + lookbackDays);
    }
    Instant now = clock.instant();
    LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
    AnalyticsScope recent = new AnalyticsScope(today.minusDays(lookbackDays - 1L), today, null, null);
    List<Announcement> announced = new ArrayList<>();
    for (Anomaly anomaly : anomalies.anomalies(recent, null).anomalies()) {
      Announcement announcement = anomaly.announcement(now);
      if (store.announce(announcement)) {
        announced.add(announcement);
      }
    }
    return announced;
  }
}
