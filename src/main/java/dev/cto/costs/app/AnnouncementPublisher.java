package dev.cto.costs.app;

import dev.cto.costs.alerts.AlertDispatcher;
import dev.cto.costs.domain.Announcement;
import dev.cto.costs.report.Escape;
import dev.cto.costs.store.Announcements;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Records what a periodic look found due and announces what is new: the store says what is new
 * (once across replicas and restarts); this process remembers what it has offered, so a condition
 * that stays true (a budget past 80 % all month) costs one write per start, not one per look.
 */
final class AnnouncementPublisher {

  private static final int REMEMBERED = 10_000;

  private final Announcements store;
  private final AlertDispatcher dispatcher;
  private final Logger log;
  private final Consumer<Announcement> counter;
  private final Set<String> offered = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  });

  /** @param counter counts each new announcement (a metric) */
  AnnouncementPublisher(Announcements store, AlertDispatcher dispatcher, Logger log, Consumer<Announcement> counter) {
    this.store = store;
    this.dispatcher = dispatcher;
    this.log = log;
    this.counter = counter;
  }

  /** @return the candidates announced now for the first time anywhere */
  synchronized List<Announcement> publish(List<Announcement> candidates) {
    List<Announcement> fresh = new ArrayList<>();
    for (Announcement a : candidates) {
      String key = a.event() + '\n' + a.subject();
      if (offered.contains(key)) {
        continue;
      }
      if (store.announce(a)) {
        fresh.add(a);
        log.warn("{}", Escape.terminal(a.text()));
        counter.accept(a);
      }
      offered.add(key); // only once the store has answered: a failed write is offered again
    }
    if (!fresh.isEmpty()) {
      dispatcher.onNewAlerts(); // to the sinks now, not at the dispatcher's next poll
    }
    return fresh;
  }
}
