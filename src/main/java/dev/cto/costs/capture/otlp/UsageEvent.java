package dev.cto.costs.capture.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/**
 * One log record with what every mapping needs: its attributes, its event name (senders put it in
 * different places) and a time.
 */
record UsageEvent(LogRecord record, Attributes attributes, Instant time) {

  static UsageEvent of(LogRecord record, Instant now) {
    Attributes attributes = Attributes.of(record.getAttributesList());
    return new UsageEvent(record, attributes, time(record, attributes, now));
  }

  /**
   * True when the record is the named event: the OTLP {@code event_name} field (newer SDKs), the
   * {@code event.name} attribute (the older semantic convention, Codex) or a string body (Claude
   * Code puts its full event name there and the short one in {@code event.name}).
   */
  boolean is(String name) {
    return name.equals(record.getEventName())
        || name.equals(attributes.string("event.name"))
        || (record.getBody().getValueCase() == AnyValue.ValueCase.STRING_VALUE && name.equals(record.getBody().getStringValue()));
  }

  /**
   * A stable id for an event that carries no request id: the same event re-sent (an exporter's
   * retry, either encoding) hashes the same, two different calls do not (time, session and sequence
   * differ).
   */
  String hashId() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(record.toByteArray());
      return "otlp-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Instant time(LogRecord record, Attributes attributes, Instant now) {
    if (record.getTimeUnixNano() > 0) {
      return nanos(record.getTimeUnixNano());
    }
    String stamp = attributes.string("event.timestamp");
    if (stamp != null) {
      try {
        return Instant.parse(stamp);
      } catch (DateTimeParseException e) {
        // fall through: an unreadable optional attribute is no reason to lose the call
      }
    }
    return record.getObservedTimeUnixNano() > 0 ? nanos(record.getObservedTimeUnixNano()) : now;
  }

  private static Instant nanos(long unixNanos) {
    return Instant.ofEpochSecond(Long.divideUnsigned(unixNanos, 1_000_000_000L), Long.remainderUnsigned(unixNanos, 1_000_000_000L));
  }
}
