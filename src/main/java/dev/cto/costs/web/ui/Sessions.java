package dev.cto.costs.web.ui;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard sessions, held in this process only: the browser's cookie carries a random id (256
 * bits), never the token, and a session ends at logout, at its expiry, or when the server stops.
 */
final class Sessions {

  static final Duration LIFETIME = Duration.ofHours(12);
  /** Bounds memory against a flood of logins; the oldest are dropped first. */
  private static final int MAX_SESSIONS = 10_000;

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
  private final Clock clock;

  Sessions(Clock clock) {
    this.clock = clock;
  }

  /** A new session; its id is what the cookie holds. */
  String open() {
    dropExpired();
    if (expiries.size() >= MAX_SESSIONS) {
      expiries.entrySet().stream().min(Map.Entry.comparingByValue()).ifPresent(e -> expiries.remove(e.getKey()));
    }
    byte[] id = new byte[32];
    random.nextBytes(id);
    String session = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    expiries.put(session, clock.instant().plus(LIFETIME));
    return session;
  }

  boolean isValid(String session) {
    if (session == null) {
      return false;
    }
    Instant expiry = expiries.get(session);
    if (expiry == null) {
      return false;
    }
    if (!clock.instant().isBefore(expiry)) {
      expiries.remove(session);
      return false;
    }
    return true;
  }

  void close(String session) {
    if (session != null) {
      expiries.remove(session);
    }
  }

  private void dropExpired() {
    Instant now = clock.instant();
    expiries.values().removeIf(expiry -> !now.isBefore(expiry));
  }
}
