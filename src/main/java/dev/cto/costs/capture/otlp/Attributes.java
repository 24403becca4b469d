package dev.cto.costs.capture.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP attributes by key. Senders disagree on types: Claude Code has sent token counts as strings
 * in some versions and as ints in others, so numbers are read from ints, whole doubles and numeric
 * strings alike; anything else is a {@link BadEvent} naming the attribute.
 */
final class Attributes {

  private final Map<String, AnyValue> values;

  private Attributes(Map<String, AnyValue> values) {
    this.values = values;
  }

  static Attributes of(List<KeyValue> list) {
    Map<String, AnyValue> values = new HashMap<>(list.size() * 2);
    for (KeyValue kv : list) {
      values.put(kv.getKey(), kv.getValue());
    }
    return new Attributes(values);
  }

  /** These attributes with {@code over}'s on top: a span's attribution wins over its resource's. */
  Attributes overlaidBy(Attributes over) {
    Map<String, AnyValue> merged = new HashMap<>(values);
    merged.putAll(over.values);
    return new Attributes(merged);
  }

  boolean has(String key) {
    AnyValue v = values.get(key);
    return v != null && v.getValueCase() != AnyValue.ValueCase.VALUE_NOT_SET;
  }

  /** The value as text (numbers and booleans too), or null when absent or empty. */
  String string(String key) {
    AnyValue v = values.get(key);
    if (v == null) {
      return null;
    }
    String text = switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> BigDecimal.valueOf(v.getDoubleValue()).stripTrailingZeros().toPlainString();
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      default -> null;
    };
    return text == null || text.isBlank() ? null : text.trim();
  }

  /** A whole number {@code >= 0}, {@code fallback} when absent. */
  long count(String key, long fallback) {
    AnyValue v = values.get(key);
    if (v == null || v.getValueCase() == AnyValue.ValueCase.VALUE_NOT_SET) {
      return fallback;
    }
    long n;
    try {
      n = switch (v.getValueCase()) {
        case INT_VALUE -> v.getIntValue();
        case DOUBLE_VALUE -> new BigDecimal(Double.toString(v.getDoubleValue())).longValueExact();
        case STRING_VALUE -> new BigDecimal(v.getStringValue().trim()).longValueExact();
        default -> throw new BadEvent(key + " must be a number, was a " + v.getValueCase());
      };
    } catch (ArithmeticException | NumberFormatException e) {
      throw new BadEvent(key + " must be a whole number, was '" + string(key) + "'");
    }
    if (n < 0) {
      throw new BadEvent(key + " must be >= 0, was " + n);
    }
    return n;
  }

  /** A usage event that cannot become a record; counted as rejected in the partial success. */
  static final class BadEvent extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadEvent(String message) {
      super(message, null, false, false);
    }
  }
}
