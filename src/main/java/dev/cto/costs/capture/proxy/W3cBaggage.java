package dev.cto.costs.capture.proxy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code cto.*} entries of a W3C {@code baggage} request header, the third source of a proxied
 * call's attribution: an agent whose OpenTelemetry context carries the client's baggage (an {@code
 * ExecutionScope}) and whose HTTP client propagates it is attributed without {@code X-CTO-*} headers.
 *
 * <p>The header comes from the agent, not from anyone trusted, so it is read defensively: beyond
 * the W3C size limit it is ignored whole, a member that is not {@code key=value} or whose value does
 * not percent-decode is skipped, and the decoded values still go through the record's rules
 * ({@link Replacement}) like a header's. The {@code cto.*} members are not forwarded to the provider,
 * as the {@code X-CTO-*} headers are not: attribution is the collector's business.
 */
final class W3cBaggage {

  static final String HEADER = "baggage";
  private static final String PREFIX = "cto.";
  /** The W3C Baggage limit on the whole header; more is not baggage any propagator would send. */
  private static final int MAX_LENGTH = 8192;

  private W3cBaggage() {}

  /** {@code cto.pr=42} as {@code pr -> 42}: the names {@link CallAttribution} reads, lower-cased. */
  static Map<String, String> ctoEntries(String header) {
    Map<String, String> entries = new HashMap<>();
    if (header == null || header.length() > MAX_LENGTH) {
      return entries;
    }
    for (String member : header.split(",")) {
      int eq = member.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = member.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      String value = member.substring(eq + 1);
      int properties = value.indexOf(';');
      if (properties >= 0) {
        value = value.substring(0, properties); // entry metadata: nothing we use
      }
      try {
        // '+' is a literal plus in baggage, not a space as in a form
        value = URLDecoder.decode(value.trim().replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        continue;
      }
      entries.putIfAbsent(key.substring(PREFIX.length()), value);
    }
    return entries;
  }

  /** The header without its {@code cto.*} members, or null when nothing else is left to forward. */
  static String withoutCto(String header) {
    StringBuilder kept = new StringBuilder();
    for (String member : header.split(",")) {
      int eq = member.indexOf('=');
      String key = (eq < 0 ? member : member.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      if (key.startsWith(PREFIX) || member.isBlank()) {
        continue;
      }
      if (kept.length() > 0) {
        kept.append(',');
      }
      kept.append(member.trim());
    }
    return kept.length() == 0 ? null : kept.toString();
  }
}
