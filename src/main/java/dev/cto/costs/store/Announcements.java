package dev.cto.costs.store;

import dev.cto.costs.domain.Announcement;
import java.time.Instant;
import java.util.List;

/**
 * The record of what has been announced (cost anomalies, budget alerts): each {@code (event,
 * subject)} once, whichever replica or run finds it first. A new one is queued for the alert
 * sinks in the same transaction, and leaves through the {@link AlertOutbox} like a threshold
 * crossing.
 */
public interface Announcements {

  /**
   * Records the announcement and queues its alerts, unless its {@code (event, subject)} was
   * recorded before (then nothing changes).
   *
   * @return true when it is new: the caller may log and count it, once across replicas and runs
   */
  boolean announce(Announcement announcement);

  /** The most recent announcements first, at most {@code limit}; {@code event} null for every event. */
  default List<Announcement> announcements(String event, int limit) {
    return announcements(event, null, null, limit);
  }

  /**
   * The announcements first detected in {@code [from, until)}, most recent first, at most {@code
   * limit}; {@code event} null for every event, {@code from} and {@code until} null for no bound.
   */
  List<Announcement> announcements(String event, Instant from, Instant until, int limit);

  /** The deliveries of one announcement, for inspection (the dashboard's alerts page, tests). */
  List<AlertOutbox.DeliveryState> announcementDeliveries(String event, String subject);
}
