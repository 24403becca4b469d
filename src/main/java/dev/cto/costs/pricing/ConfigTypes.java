package dev.cto.costs.pricing;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Parser and binding errors in the words of the config file: "must be a number, was "abc"" rather
 * than Jackson's "Cannot deserialize value of type `java.math.BigDecimal`", and a YAML problem
 * with SnakeYAML's exact line and column but without its source excerpt.
 */
final class ConfigTypes {

  private ConfigTypes() {}

  /** What a value of the wrong type should have been, and what it was when known. */
  static String describe(JsonMappingException e) {
    if (e instanceof InvalidFormatException invalid) {
      return "must be " + expected(invalid.getTargetType()) + ", was " + shown(invalid.getValue());
    }
    if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
      String given = given(mismatched.getOriginalMessage());
      return "must be " + expected(mismatched.getTargetType()) + (given == null ? "" : ", was " + given);
    }
    if (e instanceof ValueInstantiationException && e.getCause() != null && e.getCause().getMessage() != null) {
      return e.getCause().getMessage();
    }
    return clean(e.getOriginalMessage());
  }

  /** Where a syntax error is: SnakeYAML's mark for YAML (Jackson's points at the token before), else Jackson's. */
  static JsonLocation location(JsonProcessingException e) {
    MarkedYAMLException yaml = yaml(e);
    if (yaml != null && yaml.getProblemMark() != null) {
      Mark m = yaml.getProblemMark();
      return new JsonLocation(null, -1, m.getLine() + 1, m.getColumn() + 1);
    }
    return e.getLocation();
  }

  static String syntaxProblem(JsonProcessingException e) {
    MarkedYAMLException yaml = yaml(e);
    if (yaml != null && yaml.getProblem() != null) {
      String context = yaml.getContext() == null ? "" : yaml.getContext() + ": ";
      return context + yaml.getProblem().replace("'\\t(TAB)'", "TAB");
    }
    return clean(e.getOriginalMessage()).replaceAll(" \\(code \\d+\\)", "");
  }

  private static MarkedYAMLException yaml(Throwable e) {
    for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof MarkedYAMLException marked) {
        return marked;
      }
    }
    return null;
  }

  private static String expected(Class<?> type) {
    if (type == BigDecimal.class || type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a single value (text)";
    }
    if (type == LocalDate.class) {
      return "a date (YYYY-MM-DD)";
    }
    if (type == Duration.class) {
      return "a duration like 30s, 5m or 1h";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type) || type.getPackageName().equals(ConfigTypes.class.getPackageName())) {
      return "a section of keys and values";
    }
    return "a " + type.getSimpleName();
  }

  private static String given(String message) {
    if (message == null) {
      return null;
    }
    if (message.contains("from Array value")) {
      return "a list";
    }
    if (message.contains("from Object value")) {
      return "a section of keys and values";
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("from String (\"[^\"]*\")").matcher(message);
    return m.find() ? m.group(1) : null;
  }

  private static String shown(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }

  /** Jackson's messages carry source-location boilerplate that helps nobody reading a config error. */
  static String clean(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\(start marker at \\[Source: [^]]*][^)]*\\)", "")
        .replaceAll("\\s*at \\[Source: [^]]*]", "").trim();
  }
}
