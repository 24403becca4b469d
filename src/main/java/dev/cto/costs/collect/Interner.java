package dev.cto.costs.collect;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives every equal string of a low-cardinality field (agent, stage, model, repository) one
 * instance, whose hash is then computed once: the writer thread groups thousands of records a
 * second by these strings, and rehashing fresh copies was a tenth of its work. Bounded, so a
 * client sending endless distinct values cannot grow it: past the bound strings pass through.
 */
final class Interner {

  private final ConcurrentHashMap<String, String> canonical = new ConcurrentHashMap<>();
  private final int capacity;

  Interner(int capacity) {
    this.capacity = capacity;
  }

  String intern(String s) {
    String known = canonical.get(s);
    if (known != null) {
      return known;
    }
    if (canonical.size() >= capacity || s.length() > 200) {
      return s;
    }
    known = canonical.putIfAbsent(s, s);
    return known == null ? s : known;
  }
}
