package dev.cto.costs.collect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * One field's value as the parser saw it, before any rule is applied: enough to validate it and to
 * say what it was when it is wrong, without building a JSON tree.
 *
 * @param text a string's value, a number's or boolean's literal; null for null, objects and arrays
 * @param fitsLong for integers: whether {@code number} holds it (else it is only in {@code text})
 */
record JsonValue(JsonToken token, String text, long number, boolean fitsLong) {

  /** Reads the value the parser is on ({@code token}); an object or array is skipped. */
  static JsonValue read(JsonParser parser, JsonToken token, Interner interner) throws IOException {
    switch (token) {
      case VALUE_STRING -> {
        String s = parser.getText();
        return new JsonValue(token, interner == null ? s : interner.intern(s), 0, false);
      }
      case VALUE_NUMBER_INT -> {
        JsonParser.NumberType type = parser.getNumberType();
        if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
          long n = parser.getLongValue();
          return new JsonValue(token, Long.toString(n), n, true);
        }
        return new JsonValue(token, parser.getText(), 0, false);
      }
      case VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
        return new JsonValue(token, parser.getText(), 0, false);
      }
      default -> {
        parser.skipChildren();
        return new JsonValue(token, null, 0, false);
      }
    }
  }

  boolean isNull() {
    return token == JsonToken.VALUE_NULL;
  }

  /** The value as it would appear in JSON, for messages. */
  String display() {
    return token == JsonToken.VALUE_STRING ? "\"" + text + "\"" : text;
  }

  /** "a string", "an integer", …: for messages saying what was found instead. */
  String kind() {
    return kind(token);
  }

  static String kind(JsonToken token) {
    if (token == null) {
      return "missing";
    }
    return switch (token) {
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a decimal number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
