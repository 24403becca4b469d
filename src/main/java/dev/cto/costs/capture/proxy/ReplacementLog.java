package dev.cto.costs.capture.proxy;

import dev.cto.costs.domain.RecordField;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each distinct replaced value once: an agent sending the same bad header on every call gets
 * one WARN line, not one per call. Remembers a bounded number of values (least recently seen
 * forgotten first), so a stream of distinct bad values cannot grow memory; one forgotten and seen
 * again is logged again, which is harmless.
 */
final class ReplacementLog {

  private static final Logger LOG = LoggerFactory.getLogger(ReplacementLog.class);
  static final int REMEMBERED = 1024;

  private final Map<String, Boolean> seen = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  };

  /** Whether this replacement was logged now (false: its value was logged before). */
  boolean log(Replacement r) {
    // the key holds a bounded part of the value: a 1 MB header must not be kept a thousand times
    String key = r.field() + '\u0000' + r.value().length() + '\u0000' + r.value().hashCode() + '\u0000'
        + r.value().substring(0, Math.min(100, r.value().length()));
    synchronized (seen) {
      if (seen.put(key, Boolean.TRUE) != null) {
        return false;
      }
    }
    LOG.warn("proxy: {} \"{}\" {}; calls with it are recorded with {} (source notes it)", r.field(),
        printable(RecordField.abbreviate(r.value())), r.problem(),
        r.fallback() == null ? "no " + r.field() : r.field() + " " + r.fallback());
    return true;
  }

  /** The value as a log can show it: control characters escaped, so a log line stays one line. */
  static String printable(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
