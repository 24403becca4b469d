package dev.cto.costs.capture.proxy;

import dev.cto.costs.domain.RecordField;
import java.util.List;

/**
 * A value the proxy could not record as sent (too long, control characters, not {@code owner/name},
 * not a number), and what it recorded instead. The proxy never fails an agent's call nor drops
 * its tokens over a bad label: the call is forwarded and recorded with the fallback, the record's
 * {@code source} notes which fields were replaced ({@link #source}), and the log says why once.
 *
 * @param fallback what was recorded instead; null when the field is left empty
 */
record Replacement(String field, String value, String problem, String fallback) {

  static final String SOURCE = "proxy";

  /** {@code value} when it keeps {@code field}'s rules (or is absent: then {@code absent}); else {@code fallback}, noted. */
  static String valid(RecordField field, String value, String absent, String fallback, List<Replacement> replaced) {
    if (value == null) {
      return absent;
    }
    String problem = field.problem(value);
    if (problem == null) {
      return value;
    }
    replaced.add(new Replacement(field.json(), value, problem, fallback));
    return fallback;
  }

  /** A whole number in {@code 1..max}, or null (the caller's default, {@code fallback} in the note), noted. */
  static Long number(RecordField field, String value, long max, String fallback, List<Replacement> replaced) {
    if (value == null) {
      return null;
    }
    try {
      long n = Long.parseLong(value);
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // noted below like any other bad value
    }
    replaced.add(new Replacement(field.json(), value, "must be a whole number from 1 to " + max, fallback));
    return null;
  }

  /**
   * The record's {@code source}: {@code proxy}, or e.g. {@code proxy; replaced agent,repository}
   * when values were replaced (the store holds 50 characters: beyond, only how many).
   */
  static String source(List<Replacement> replaced) {
    if (replaced.isEmpty()) {
      return SOURCE;
    }
    String fields = SOURCE + "; replaced " + String.join(",", replaced.stream().map(Replacement::field).distinct().toList());
    return fields.length() <= RecordField.SOURCE.maxLength() ? fields : SOURCE + "; replaced " + replaced.size() + " values";
  }
}
