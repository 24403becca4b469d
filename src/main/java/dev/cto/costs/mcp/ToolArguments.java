package dev.cto.costs.mcp;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed access to a tool call's arguments. Agents send numbers as JSON numbers or as strings, and
 * lists as arrays or comma-separated strings: both are accepted; anything else fails with a
 * message that names the argument and says what it must be.
 */
final class ToolArguments {

  private final Map<String, Object> values;

  ToolArguments(Map<String, Object> values) {
    this.values = values == null ? Map.of() : values;
  }

  boolean has(String name) {
    Object v = values.get(name);
    return v != null && !(v instanceof String s && s.isBlank());
  }

  void rejectUnknown(Set<String> known) {
    for (String name : values.keySet()) {
      if (!known.contains(name)) {
        throw new ToolArgumentException("unknown argument '" + name + "' (known: " + String.join(", ", new TreeSet<>(known)) + ")");
      }
    }
  }

  /** Arguments given that the chosen report does not use: refused, so a misunderstanding shows. */
  void rejectPresent(String report, String... notApplicable) {
    for (String name : notApplicable) {
      if (has(name)) {
        throw new ToolArgumentException(name + " does not apply to a " + report + " report");
      }
    }
  }

  String string(String name) {
    Object v = values.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new ToolArgumentException(name + " must be a string, was " + v);
    }
    return s.isBlank() ? null : s.trim();
  }

  /** An amount given as a JSON number or a string ({@code 500}, {@code "1250.50"}), as text; null when absent. */
  String amount(String name) {
    Object v = values.get(name);
    if (v instanceof Number n) {
      return new java.math.BigDecimal(n.toString()).toPlainString();
    }
    return string(name);
  }

  String requiredString(String name, String hint) {
    String s = string(name);
    if (s == null) {
      throw new ToolArgumentException(name + " is required " + hint);
    }
    return s;
  }

  Long positive(String name) {
    Object v = values.get(name);
    if (v == null || v instanceof String s && s.isBlank()) {
      return null;
    }
    Long n = wholeNumber(v);
    if (n == null || n < 1) {
      throw new ToolArgumentException(name + " must be a positive integer, was " + shown(v));
    }
    return n;
  }

  long requiredPositive(String name, String hint) {
    Long n = positive(name);
    if (n == null) {
      throw new ToolArgumentException(name + " is required " + hint);
    }
    return n;
  }

  boolean flag(String name) {
    Object v = values.get(name);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw new ToolArgumentException(name + " must be true or false, was " + shown(v));
  }

  /** A list of distinct positive integers: a JSON array, or a string such as "120,121" or "[120, 121]". */
  List<Long> positives(String name) {
    Object v = values.get(name);
    if (v == null) {
      return null;
    }
    List<?> items = v instanceof List<?> list ? list
        : v instanceof String s ? List.of((Object[]) s.replaceAll("^\\s*\\[|]\\s*$", "").split(",")) : List.of(v);
    List<Long> out = new ArrayList<>();
    for (Object item : items) {
      Long n = wholeNumber(item instanceof String s ? s.trim() : item);
      if (n == null || n < 1) {
        throw new ToolArgumentException(name + " must be a list of positive integers (PR numbers), had " + shown(item));
      }
      if (out.contains(n)) {
        throw new ToolArgumentException(name + " lists PR " + n + " twice");
      }
      out.add(n);
    }
    if (out.isEmpty()) {
      throw new ToolArgumentException(name + " must list at least one PR number");
    }
    return out;
  }

  /** A list of strings: a JSON array, or one string, comma-separated or a JSON-style "[a, b]". */
  List<String> strings(String name) {
    Object v = values.get(name);
    if (v == null) {
      return null;
    }
    List<?> items = v instanceof List<?> list ? list
        : v instanceof String s ? List.of((Object[]) s.replaceAll("^\\s*\\[|]\\s*$", "").split(",")) : List.of(v);
    List<String> out = new ArrayList<>();
    for (Object item : items) {
      if (!(item instanceof String s)) {
        throw new ToolArgumentException(name + " must be a list of strings, had " + shown(item));
      }
      String trimmed = s.trim().replaceAll("^\"|\"$", "");
      if (!trimmed.isEmpty()) {
        out.add(trimmed);
      }
    }
    return out;
  }

  private static Long wholeNumber(Object v) {
    try {
      BigDecimal d = v instanceof Number n ? new BigDecimal(n.toString()) : v instanceof String s ? new BigDecimal(s.trim()) : null;
      return d == null ? null : d.longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  private static String shown(Object v) {
    return v instanceof String ? "'" + v + "'" : String.valueOf(v);
  }
}
