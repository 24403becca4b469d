package dev.cto.costs.collect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.cto.costs.domain.UsageRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads usage records in every accepted form (docs/record-format.md, docs/http-api.md): one object, a JSON array, {@code
 * {"records": [...]}}, or NDJSON. Every bad record is reported (a request is accepted or rejected
 * as a whole); a JSON syntax error ends a JSON document but only its own line in NDJSON.
 */
public final class UsageRecordReader {

  /** The request's shape, when the caller knows it (e.g. from the Content-Type). */
  public enum Form { AUTO, JSON, NDJSON }

  // duplicate keys are found by the validator, which knows the fields: cheaper than the parser's
  // general detector and it names the field like every other problem
  private static final String MALFORMED = "malformed JSON: ";

  private final JsonFactory factory = JsonFactory.builder().build();
  private final RecordValidator validator;

  public UsageRecordReader(Clock clock) {
    this.validator = new RecordValidator(clock);
  }

  /** Reads a request held in memory, detecting its form. */
  public ParsedBatch read(byte[] body, String source) {
    return read(body, Form.AUTO, source);
  }

  public ParsedBatch read(byte[] body, Form form, String source) {
    try {
      if (form == Form.NDJSON || form == Form.AUTO && looksLikeNdjson(body)) {
        return readNdjson(new ByteArrayInputStream(body), source);
      }
      ParsedBatch json = readJson(body, source);
      if (form == Form.AUTO && endedBySyntaxError(json) && severalLines(body)) {
        // NDJSON whose first lines are broken does not look like NDJSON, and a JSON syntax error
        // ends the reading: read it again line by line, so every bad line is reported with its
        // number. Kept only when some line is a JSON object: a broken pretty-printed document
        // would otherwise give one error per line instead of the one that matters.
        ParsedBatch lines = readNdjson(new ByteArrayInputStream(body), source);
        if (!lines.records().isEmpty() || lines.errors().stream().anyMatch(e -> e.field() != null)) {
          return lines;
        }
      }
      return json;
    } catch (IOException e) {
      throw new IllegalStateException("reading from memory cannot fail", e);
    }
  }

  /** Reads NDJSON line by line from a stream, holding only the records and one line. */
  public ParsedBatch readNdjson(InputStream in, String source) throws IOException {
    List<UsageRecord> records = new ArrayList<>();
    List<FieldError> errors = new ArrayList<>();
    NdjsonLines lines = new NdjsonLines(in);
    int lineNo = 0;
    int index = 0;
    while (lines.next()) {
      lineNo++;
      if (lines.isBlank()) {
        continue;
      }
      int at = index++;
      int line = lineNo;
      int invalid = Utf8.firstInvalid(lines.buffer(), 0, lines.length());
      if (invalid >= 0) {
        errors.add(new FieldError(at, line, null, "invalid UTF-8 at byte " + (invalid + 1) + " of the line"));
        continue;
      }
      try (JsonParser parser = factory.createParser(lines.buffer(), 0, lines.length())) {
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT) {
          parser.skipChildren();
          errors.add(new FieldError(at, line, null, "must be a JSON object, was " + JsonValue.kind(first)));
        } else {
          accept(parser, at, line, source, records, errors);
        }
        trailing(parser);
      } catch (JsonProcessingException e) {
        errors.add(new FieldError(at, line, null, syntax(e)));
      }
    }
    if (index == 0 && errors.isEmpty()) {
      errors.add(new FieldError(-1, null, null, "no usage records in the input (it is empty)"));
    }
    return new ParsedBatch(records, errors);
  }

  private ParsedBatch readJson(byte[] body, String source) throws IOException {
    List<UsageRecord> records = new ArrayList<>();
    List<FieldError> errors = new ArrayList<>();
    int index = 0;
    int invalid = Utf8.firstInvalid(body, 0, body.length);
    if (invalid >= 0) {
      errors.add(new FieldError(-1, null, null, "malformed JSON: invalid UTF-8 at byte " + (invalid + 1)));
      return new ParsedBatch(records, errors);
    }
    try (JsonParser parser = factory.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        errors.add(new FieldError(-1, null, null, "no usage records in the input (it is empty)"));
        return new ParsedBatch(records, errors);
      }
      if (first == JsonToken.START_OBJECT) {
        if (parser.nextToken() == JsonToken.FIELD_NAME && "records".equals(parser.currentName())) {
          index = wrapper(parser, source, records, errors);
        } else {
          accept(parser, index++, null, source, records, errors);
        }
      } else if (first == JsonToken.START_ARRAY) {
        index = elements(parser, index, source, records, errors);
      } else {
        errors.add(new FieldError(-1, null, null,
            "expected a JSON object, an array of objects or NDJSON, found " + JsonValue.kind(first)));
      }
      trailing(parser);
    } catch (JsonProcessingException e) {
      errors.add(new FieldError(index, null, null, syntax(e)));
    }
    if (index == 0 && errors.isEmpty()) {
      errors.add(new FieldError(-1, null, null, "no usage records in the input (the array is empty)"));
    }
    return new ParsedBatch(records, errors);
  }

  /** {@code {"records": [...]}}, the parser on the field name; returns how many records it held. */
  private int wrapper(JsonParser parser, String source, List<UsageRecord> records, List<FieldError> errors) throws IOException {
    JsonToken value = parser.nextToken();
    if (value != JsonToken.START_ARRAY) {
      parser.skipChildren();
      errors.add(new FieldError(-1, null, "records", "must be an array, was " + JsonValue.kind(value)));
      return 0;
    }
    int count = elements(parser, 0, source, records, errors);
    for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
      errors.add(new FieldError(-1, null, parser.currentName(),
          "unknown field next to \"records\" (the wrapper holds only \"records\")"));
      parser.nextToken();
      parser.skipChildren();
    }
    return count;
  }

  /** The elements of an array, the parser on its {@code START_ARRAY}; returns the next index. */
  private int elements(JsonParser parser, int index, String source, List<UsageRecord> records, List<FieldError> errors)
      throws IOException {
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      if (t == null) {
        throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected end of input: the array is not closed");
      }
      if (t != JsonToken.START_OBJECT) {
        parser.skipChildren();
        errors.add(new FieldError(index++, null, null, "must be a JSON object, was " + JsonValue.kind(t)));
      } else {
        accept(parser, index++, null, source, records, errors);
      }
    }
    return index;
  }

  private void accept(JsonParser parser, int index, Integer line, String source, List<UsageRecord> records,
      List<FieldError> errors) throws IOException {
    UsageRecord record = validator.read(parser, source, e -> errors.add(new FieldError(index, line, e[0], e[1])));
    if (record != null) {
      records.add(record);
    }
  }

  private static boolean severalLines(byte[] body) {
    int lines = 0;
    boolean content = false;
    for (byte b : body) {
      if (b == '\n') {
        lines += content ? 1 : 0;
        content = false;
      } else if (!Character.isWhitespace(b)) {
        content = true;
      }
    }
    return lines + (content ? 1 : 0) > 1;
  }

  private static boolean endedBySyntaxError(ParsedBatch batch) {
    return !batch.errors().isEmpty() && isSyntaxError(batch.errors().get(batch.errors().size() - 1));
  }

  private static boolean isSyntaxError(FieldError e) {
    return e.field() == null && e.message().startsWith(MALFORMED);
  }


  private static void trailing(JsonParser parser) throws IOException {
    JsonToken extra = parser.nextToken();
    if (extra != null) {
      throw new com.fasterxml.jackson.core.JsonParseException(
          parser, "unexpected content after the JSON value (for several records use an array or NDJSON)");
    }
  }

  /** NDJSON when a complete top-level object is followed by another on a later line. */
  private static boolean looksLikeNdjson(byte[] body) {
    int i = 0;
    while (i < body.length && Character.isWhitespace(body[i])) {
      i++;
    }
    if (i >= body.length || body[i] != '{') {
      return false;
    }
    int newline = indexOf(body, (byte) '\n', i);
    if (newline < 0) {
      return false;
    }
    int next = newline + 1;
    while (next < body.length && Character.isWhitespace(body[next])) {
      next++;
    }
    if (next >= body.length || body[next] != '{') {
      return false;
    }
    // the first line must end a JSON value on its own: count braces outside strings
    int depth = 0;
    boolean inString = false;
    for (int k = i; k < newline; k++) {
      byte b = body[k];
      if (inString) {
        if (b == '\\') {
          k++;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        depth++;
      } else if (b == '}' || b == ']') {
        depth--;
      }
    }
    return depth == 0;
  }

  private static int indexOf(byte[] body, byte b, int from) {
    for (int k = from; k < body.length; k++) {
      if (body[k] == b) {
        return k;
      }
    }
    return -1;
  }

  private static String syntax(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message != null && message.startsWith("Invalid UTF-8")) {
      message = "invalid UTF-8: " + message.substring("Invalid UTF-8".length()).trim();
    }
    var location = e.getLocation();
    String where = location == null || location.getLineNr() < 0 ? "" : " (at line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    return MALFORMED + message + where;
  }
}
